package org.cmpnas.engine.nas;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.FieldProblem;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.RetrievalMetrics;
import org.cmpnas.engine.model.BatchNormFolding;
import org.cmpnas.engine.model.SubnetSpec;

/**
 * The CMP-NAS reward of a subnet: heterogeneous retrieval M(subnet, G) on the NAS reward set of
 * docs/protocol.md (val queries embedded by the subnet, from the supernet, against the gallery model's
 * embeddings of the val gallery, computed once by the caller), after the subnet's batch-norm statistics
 * are recalibrated on fixed training batches. Deterministic for a subnet: the batches are the same for
 * every subnet and recalibration replaces the statistics it uses.
 *
 * <p>Runs on the thread that owns the supernet's arrays; each evaluation works in a closed sub-manager.
 */
public final class SubnetReward {
    /** The metric a search maximises. */
    public enum Metric {
        mAP, top1;

        /** {@code mAP} (also {@code map}) or {@code top1} (also {@code top-1}). */
        public static Metric parse(String text) {
            String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "map" -> mAP;
                case "top1", "top-1" -> top1;
                default -> throw FieldProblem.of("metric", "'" + text + "' is not a reward metric: use mAP (default) or top1");
            };
        }

        public double of(RetrievalMetrics m) {
            return this == mAP ? m.mAP() : m.top1();
        }
    }

    private final Supernet net;
    private final List<BatchSource.Batch> calibration;
    private final LabeledImages queries;
    private final Embeddings gallery;
    private final int[] galleryLabels;
    private final Metric metric;
    private final NDManager manager;

    /**
     * @param calibration the batches every subnet is recalibrated on (see {@link #calibrationBatches})
     * @param gallery     the gallery model's embeddings of {@code data.nasGallery()}
     */
    public SubnetReward(Supernet net, List<BatchSource.Batch> calibration, DataSplits data, Embeddings gallery, Metric metric,
                        NDManager manager) {
        if (calibration.isEmpty()) {
            throw new IllegalArgumentException("batch-norm recalibration needs at least one batch");
        }
        this.net = Objects.requireNonNull(net, "net");
        this.calibration = List.copyOf(calibration);
        this.queries = data.nasQuery();
        this.gallery = Objects.requireNonNull(gallery, "gallery");
        this.galleryLabels = data.nasGallery().labels();
        this.metric = Objects.requireNonNull(metric, "metric");
        this.manager = manager;
        if (queries.size() == 0 || galleryLabels.length == 0) {
            throw new BadInputException("dataset " + data.name() + " has an empty NAS reward set (val split): the search needs val images");
        }
    }

    /**
     * {@code count} training batches of {@code batchSize} images, shuffled by {@code seed}, without
     * augmentation: the same for every subnet of a search and for the export of its result.
     */
    public static List<BatchSource.Batch> calibrationBatches(LabeledImages train, int count, int batchSize, long seed) {
        if (count < 1) {
            throw FieldProblem.of("calibration-batches", "must be at least 1", count);
        }
        List<BatchSource.Batch> batches = new ArrayList<>(count);
        try (BatchSource source = new BatchSource(train, batchSize, seed, null, true)) {
            for (BatchSource.Batch batch : source) {
                batches.add(batch);
                if (batches.size() == count) {
                    break;
                }
            }
        }
        if (batches.isEmpty()) {
            throw new BadInputException("batch-norm recalibration needs training images, and the training split is empty");
        }
        return batches;
    }

    public Metric metric() {
        return metric;
    }

    /** The reward in the chosen metric (a percentage). */
    public double reward(SubnetSpec spec) {
        return metric.of(metrics(spec));
    }

    /** Every retrieval metric of {@code spec} against the gallery on the NAS reward set. */
    public RetrievalMetrics metrics(SubnetSpec spec) {
        Embeddings q = embed(net, spec, calibration, queries, manager);
        try (NDManager scope = manager.newSubManager()) {
            return RetrievalMetrics.compute(q, queries.labels(), gallery, galleryLabels, scope);
        }
    }

    /**
     * {@code spec}'s embeddings of {@code images} from the supernet, its batch-norm statistics
     * recalibrated on {@code calibration} first (e.g. a pair-mode gallery subnet's NAS gallery).
     */
    public static Embeddings embed(Supernet net, SubnetSpec spec, List<BatchSource.Batch> calibration, LabeledImages images, NDManager manager) {
        net.recalibrate(spec, calibration);
        try (NDManager scope = manager.newSubManager()) {
            // The subnet on its own, batch norm folded: the same function as the supernet with spec active, faster.
            return new Embedder(BatchNormFolding.fold(net.exportSubnet(spec, scope), scope), scope).embed(images);
        }
    }
}
