package org.cmpnas.engine.compat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.Supplier;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.data.Normalization;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.Evaluator;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;

/**
 * A frozen gallery model's embeddings of every training image and of its mirror image, computed once
 * (batch norm folded, like every inference) and cached in the gallery run, so that compatibility
 * training looks the gallery side of a batch up instead of running the gallery model on every batch.
 * Rows are L2-normalised; the losses normalise the gallery side anyway.
 */
public record GalleryEmbeddingTable(Embeddings plain, Embeddings mirrored) {

    public GalleryEmbeddingTable {
        if (plain.count() != mirrored.count() || plain.dim() != mirrored.dim()) {
            throw new IllegalArgumentException("plain and mirrored embeddings differ in shape");
        }
    }

    /**
     * The table of {@code train}, from the gallery run's cache when it holds one for the same model,
     * dataset, protocol, images (by content: any subset is its own entry), input size and normalisation.
     */
    public static GalleryEmbeddingTable of(Evaluator evaluator, RunRecord gallery, LabeledImages train, String datasetChecksum) {
        // one channel at the Fashion-MNIST statistics keeps the key it had before colour (0.286-0.353)
        Normalization n = train.normalization();
        String key = (train.channels() == 1 ? "" : train.channels() + "x") + train.rows() + "x" + train.cols() + "-n"
                + (n.equals(Normalization.FASHION_MNIST) ? "0.286-0.353" : n.text().replace('/', '-')) + "-" + train.contentHash().substring(0, 16);
        return new GalleryEmbeddingTable(evaluator.embeddings(gallery, "train-" + key, train, datasetChecksum),
                evaluator.embeddings(gallery, "train-mirrored-" + key, train.mirrored(), datasetChecksum));
    }

    /** The table of {@code data}'s training images for gallery run {@code galleryRun}, read or computed when asked for. */
    public static Supplier<GalleryEmbeddingTable> ofTraining(RunStore store, String galleryRun, DataSplits data, NDManager manager) {
        return () -> of(new Evaluator(store, manager), store.load(galleryRun), data.train(), data.checksum());
    }

    /** Whether the batch's images can be looked up: a random crop makes images the table does not hold. */
    public boolean covers(BatchSource.Batch batch) {
        return batch.indices() != null;
    }

    /** The gallery embeddings of the batch's images, each as it was augmented (mirrored or not), in {@code scope}. */
    public NDArray lookup(BatchSource.Batch batch, NDManager scope) {
        int dim = plain.dim();
        float[] out = new float[batch.size() * dim];
        for (int k = 0; k < batch.size(); k++) {
            boolean mirror = batch.mirrored() != null && batch.mirrored()[k];
            System.arraycopy((mirror ? mirrored : plain).data(), batch.indices()[k] * dim, out, k * dim, dim);
        }
        return scope.create(out, new Shape(batch.size(), dim));
    }
}
