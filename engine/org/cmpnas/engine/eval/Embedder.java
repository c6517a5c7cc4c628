package org.cmpnas.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.model.EmbeddingNet;
import org.cmpnas.engine.model.LoadedModel;

/**
 * Embeds images in inference mode (batch norm uses its running statistics), in batches, each in a
 * closed sub-manager. The block's first output is the embedding; a second, if present, the logits.
 */
public final class Embedder {
    public static final int BATCH = 256;

    private final Block net;
    private final NDManager manager;
    /** The model's own input and statistics, or null: the images are fed as they are. */
    private final LoadedModel model;

    /** Feeds the block the images as they are, normalised by their own statistics. */
    public Embedder(Block net, NDManager manager) {
        this.net = net;
        this.manager = manager;
        this.model = null;
    }

    /** Feeds the model its own input: the images resampled to its size and normalised by its statistics. */
    public Embedder(LoadedModel model, NDManager manager) {
        this.net = model.block();
        this.manager = manager;
        this.model = model;
    }

    /** The images as the model takes them; one of another number of channels is refused, naming both. */
    private LabeledImages fed(LabeledImages images) {
        if (model == null) {
            return images;
        }
        if (images.channels() != model.input().channels()) {
            throw new BadInputException("model " + model.arch() + " takes " + model.input().text() + " images but these have "
                    + images.channels() + " channel(s): it was trained on other data");
        }
        return images.resized(model.input().size()).withNormalization(model.normalization());
    }

    /** Embeddings and, when the block has a classifier, its predicted class per image (else -1). */
    public record Result(Embeddings embeddings, int[] predictions) {
    }

    public Embeddings embed(LabeledImages images) {
        return run(images, false).embeddings();
    }

    public Result run(LabeledImages images) {
        return run(images, true);
    }

    /** Without {@code predict} the classifier is skipped (predictions all -1): retrieval needs only embeddings. */
    private Result run(LabeledImages given, boolean predict) {
        LabeledImages images = fed(given);
        int n = images.size();
        int pixels = images.imageSize();
        float[] raw = null;
        int dim = 0;
        int[] predictions = new int[n];
        float[] buffer = new float[Math.min(BATCH, Math.max(1, n)) * pixels];
        // Without predictions the classifier's logits are not needed: an EmbeddingNet's backbone alone embeds.
        Block block = !predict && net instanceof EmbeddingNet embeddingNet ? embeddingNet.backbone() : net;
        for (int from = 0; from < n; from += BATCH) {
            int size = Math.min(BATCH, n - from);
            images.normalization().normalise(images.pixels(), from * pixels, buffer, 0, size, images.planeSize());
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = sub.create(FloatBuffer.wrap(buffer, 0, size * pixels), new Shape(size, images.channels(), images.rows(), images.cols()));
                NDList out = block.forward(new ParameterStore(sub, false), new NDList(x), false);
                float[] flat = out.get(0).toFloatArray();
                if (raw == null) {
                    dim = flat.length / size;
                    raw = new float[n * dim];
                }
                System.arraycopy(flat, 0, raw, from * dim, flat.length);
                if (predict && out.size() > 1) {
                    long[] argMax = out.get(1).argMax(1).toLongArray();
                    for (int i = 0; i < size; i++) {
                        predictions[from + i] = (int) argMax[i];
                    }
                } else {
                    java.util.Arrays.fill(predictions, from, from + size, -1);
                }
            }
        }
        return new Result(Embeddings.normalise(raw == null ? new float[0] : raw, n, dim), predictions);
    }
}
