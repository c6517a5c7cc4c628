package org.cmpnas.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;

/**
 * The query image resized from its full size to a subnet's input resolution inside the model, so that
 * a reduced-resolution query model takes the same images as any other and its MACs include the resize
 * ({@link Layer.Resize}). Antialiased bilinear resampling (a triangle filter widened by the scale, as
 * image libraries downsample), written as two matrix products with fixed weights: R·x·Rᵀ.
 */
public final class InputResize {
    private InputResize() {
    }

    /**
     * The {@code to × from} resampling matrix: output pixel i is centred at (i + ½)·from/to − ½ in the
     * input and weighs input pixel j by max(0, 1 − |j − centre| / scale); each row sums to 1.
     */
    static float[] weights(int from, int to) {
        double scale = (double) from / to;
        double support = Math.max(1, scale);
        float[] w = new float[to * from];
        for (int i = 0; i < to; i++) {
            double centre = (i + 0.5) * scale - 0.5;
            double sum = 0;
            for (int j = 0; j < from; j++) {
                double v = Math.max(0, 1 - Math.abs(j - centre) / support);
                w[i * from + j] = (float) v;
                sum += v;
            }
            for (int j = 0; j < from; j++) {
                w[i * from + j] /= (float) sum;
            }
        }
        return w;
    }

    /** {@code x} (N, C, H, H) resized to (N, C, to, to); unchanged when it is that size already. */
    public static NDArray apply(NDArray x, int to) {
        int from = (int) x.getShape().get(x.getShape().dimension() - 1);
        if (from == to) {
            return x;
        }
        NDArray r = x.getManager().create(weights(from, to), new Shape(to, from));
        return r.matMul(x.matMul(r.transpose()));
    }

    /** The resize as the first block of a standalone network. */
    public static Block block(int to) {
        return new Resizing(to);
    }

    /** The resize block of a standalone network: no parameters. */
    public static final class Resizing extends LambdaBlock {
        private final int to;

        Resizing(int to) {
            super(inputs -> new NDList(apply(inputs.singletonOrThrow(), to)), "resize" + to);
            this.to = to;
        }

        public int resolution() {
            return to;
        }
    }
}
