package org.cmpnas.engine.nas;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.RetrievalMetrics;
import org.cmpnas.engine.model.SubnetSpec;

/**
 * The reward of a pair-mode search: heterogeneous retrieval M(query, gallery) on the NAS reward set,
 * both subnets taken from the same supernet, each recalibrated on the same fixed training batches
 * before it embeds its side (the query subnet the val queries, the gallery subnet the val gallery).
 *
 * <p>A subnet's embeddings do not depend on the subnet it is paired with, so both sides are cached by
 * subnet (the most recently used {@value #CACHED} of each: a gallery side is 4,000 × 128 floats, 2 MB,
 * on the full protocol), and a pair whose subnets were both seen costs only the retrieval itself.
 * Runs on the thread that owns the supernet's arrays.
 */
public final class PairReward {
    static final int CACHED = 32;

    private final Supernet net;
    private final List<BatchSource.Batch> calibration;
    private final DataSplits data;
    private final SubnetReward.Metric metric;
    private final NDManager manager;
    private final Map<String, Embeddings> queries = recentlyUsed();
    private final Map<String, Embeddings> galleries = recentlyUsed();

    public PairReward(Supernet net, List<BatchSource.Batch> calibration, DataSplits data, SubnetReward.Metric metric, NDManager manager) {
        if (calibration.isEmpty()) {
            throw new IllegalArgumentException("batch-norm recalibration needs at least one batch");
        }
        if (data.nasQuery().size() == 0 || data.nasGallery().size() == 0) {
            throw new BadInputException("dataset " + data.name() + " has an empty NAS reward set (val split): the search needs val images");
        }
        this.net = Objects.requireNonNull(net, "net");
        this.calibration = List.copyOf(calibration);
        this.data = data;
        this.metric = Objects.requireNonNull(metric, "metric");
        this.manager = manager;
    }

    /** The reward in the chosen metric (a percentage). */
    public double reward(SubnetSpec query, SubnetSpec gallery) {
        return metric.of(metrics(query, gallery));
    }

    /** Every retrieval metric of the pair on the NAS reward set. */
    public RetrievalMetrics metrics(SubnetSpec query, SubnetSpec gallery) {
        Embeddings g = galleryEmbeddings(gallery);
        Embeddings q = queries.computeIfAbsent(query.text(), t -> SubnetReward.embed(net, query, calibration, data.nasQuery(), manager));
        try (NDManager scope = manager.newSubManager()) {
            return RetrievalMetrics.compute(q, data.nasQuery().labels(), g, data.nasGallery().labels(), scope);
        }
    }

    /** {@code gallery}'s embeddings of the NAS reward gallery (recalibrated first, then cached). */
    public Embeddings galleryEmbeddings(SubnetSpec gallery) {
        return galleries.computeIfAbsent(gallery.text(), t -> SubnetReward.embed(net, gallery, calibration, data.nasGallery(), manager));
    }

    private static Map<String, Embeddings> recentlyUsed() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Embeddings> eldest) {
                return size() > CACHED;
            }
        };
    }
}
