package org.cmpnas.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.data.Normalization;
import org.cmpnas.engine.model.EmbeddingNet;

/**
 * Embeds images in inference mode (batch norm uses its running statistics), in batches, and returns
 * L2-normalised embeddings with the classifier's predictions.
 */
public final class Embedder {
    private static final int BATCH = 256;

    private final EmbeddingNet net;
    private final NDManager manager;

    public Embedder(EmbeddingNet net, NDManager manager) {
        this.net = net;
        this.manager = manager;
    }

    public record Result(float[][] embeddings, int[] predictions) {
    }

    public Result embed(LabeledImages images) {
        int n = images.size();
        int pixels = images.imageSize();
        float[][] embeddings = new float[n][];
        int[] predictions = new int[n];
        float[] buffer = new float[BATCH * pixels];
        for (int from = 0; from < n; from += BATCH) {
            int size = Math.min(BATCH, n - from);
            Normalization.normalise(images.pixels(), from * pixels, buffer, 0, size * pixels);
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = sub.create(java.nio.FloatBuffer.wrap(buffer, 0, size * pixels),
                        new Shape(size, 1, images.rows(), images.cols()));
                NDList out = net.forward(new ParameterStore(sub, false), new NDList(x), false);
                float[] flat = out.get(0).toFloatArray();
                long[] argMax = out.get(1).argMax(1).toLongArray();
                int dim = flat.length / size;
                for (int i = 0; i < size; i++) {
                    embeddings[from + i] = normalised(flat, i * dim, dim);
                    predictions[from + i] = (int) argMax[i];
                }
            }
        }
        return new Result(embeddings, predictions);
    }

    private static float[] normalised(float[] flat, int offset, int dim) {
        double norm = 0;
        for (int j = 0; j < dim; j++) {
            norm += (double) flat[offset + j] * flat[offset + j];
        }
        float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
            v[j] = flat[offset + j] * scale;
        }
        return v;
    }
}
