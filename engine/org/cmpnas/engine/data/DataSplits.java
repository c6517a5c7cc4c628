package org.cmpnas.engine.data;

import java.util.List;
import java.util.Objects;
import org.cmpnas.engine.FieldProblem;

/**
 * A dataset cut into the splits of docs/protocol.md.
 *
 * <ul>
 *   <li>{@code train}: for training; {@code val}: early stopping and the NAS reward, never reported.</li>
 *   <li>{@code query}/{@code gallery}: the test retrieval sets (test index % 10 == 0 is a query).</li>
 *   <li>{@code nasQuery}/{@code nasGallery}: the NAS reward sets, from val (val index % 5 == 0 is a query).</li>
 * </ul>
 * All splits share one image shape, the normalisation statistics of train and one label space
 * ({@code classNames}); train classes come first,
 * so a classifier over the training classes uses labels {@code 0 .. numTrainClasses()-1}.
 * {@code checksum} identifies the source files (SHA-256 hex) for run provenance.
 */
public record DataSplits(String name, LabeledImages train, LabeledImages val, LabeledImages query,
                         LabeledImages gallery, LabeledImages nasQuery, LabeledImages nasGallery,
                         String checksum) {

    /** Test index % QUERY_EVERY == 0 is a query, the rest is the gallery. */
    public static final int QUERY_EVERY = 10;
    /** Val index % NAS_QUERY_EVERY == 0 is a NAS-reward query, the rest its gallery. */
    public static final int NAS_QUERY_EVERY = 5;

    public DataSplits {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(checksum, "checksum");
        for (LabeledImages split : List.of(train, val, query, gallery, nasQuery, nasGallery)) {
            Objects.requireNonNull(split, "split");
            if (split.rows() != train.rows() || split.cols() != train.cols() || split.channels() != train.channels()
                    || !split.classNames().equals(train.classNames()) || !split.normalization().equals(train.normalization())) {
                throw new IllegalArgumentException("all splits must share image shape, normalisation and class names: "
                        + split + " vs train " + train);
            }
        }
    }

    /** Builds the splits from a test set, drawing query/gallery from it by the protocol's rule. */
    public static DataSplits fromTest(String name, LabeledImages train, LabeledImages val, LabeledImages test,
                                      String checksum) {
        return fromQueryGallery(name, train, val,
                test.select(LabeledImages.everyNth(test.size(), QUERY_EVERY, true)),
                test.select(LabeledImages.everyNth(test.size(), QUERY_EVERY, false)), checksum);
    }

    /** Builds the splits from explicit query and gallery sets; the NAS sets are drawn from val. */
    public static DataSplits fromQueryGallery(String name, LabeledImages train, LabeledImages val,
                                              LabeledImages query, LabeledImages gallery, String checksum) {
        return new DataSplits(name, train, val, query, gallery,
                val.select(LabeledImages.everyNth(val.size(), NAS_QUERY_EVERY, true)),
                val.select(LabeledImages.everyNth(val.size(), NAS_QUERY_EVERY, false)), checksum);
    }

    /** Keeps {@code n} training images (the CLI's {@code --limit}), chosen by {@code subset} with {@code seed}; other splits unchanged. */
    public DataSplits limitTrain(int n, Subset subset, long seed) {
        if (n < 1) {
            throw FieldProblem.of("limit", "must be at least 1", n);
        }
        return new DataSplits(name, subset.of(train, n, seed), val, query, gallery, nasQuery, nasGallery, checksum);
    }

    /**
     * A small slice for tests and smoke runs: the first {@code trainN} train, {@code valN} val,
     * {@code queryN} query and {@code galleryN} gallery images; the NAS sets are re-drawn from the
     * shortened val (which makes them prefixes of the full NAS sets).
     */
    public DataSplits limit(int trainN, int valN, int queryN, int galleryN) {
        LabeledImages v = val.first(valN);
        return fromQueryGallery(name, train.first(trainN), v, query.first(queryN), gallery.first(galleryN), checksum);
    }

    public int rows() {
        return train.rows();
    }

    public int cols() {
        return train.cols();
    }

    public int channels() {
        return train.channels();
    }

    public Normalization normalization() {
        return train.normalization();
    }

    public List<String> classNames() {
        return train.classNames();
    }

    /** Classes a classifier head must cover: train labels are 0 .. this-1 (open-set classes come after). */
    public int numTrainClasses() {
        int max = -1;
        for (int label : train.labels()) {
            max = Math.max(max, label);
        }
        return max + 1;
    }

    /** One line for logs and the CLI. */
    public String describe() {
        return name + ": " + rows() + "x" + cols() + (channels() == 1 ? " grey" : " colour") + " (normalised by " + normalization()
                + "), " + classNames().size() + " classes; train "
                + train.size() + ", val " + val.size() + ", query " + query.size() + ", gallery " + gallery.size()
                + ", NAS query " + nasQuery.size() + ", NAS gallery " + nasGallery.size()
                + "; sha256 " + checksum.substring(0, Math.min(12, checksum.length()));
    }
}
