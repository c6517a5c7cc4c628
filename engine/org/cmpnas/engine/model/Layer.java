package org.cmpnas.engine.model;

/**
 * A layer the protocol counts: convolutions, linear layers and the input resize of a reduced-resolution subnet. Parameters include the batch norm
 * (scale and shift) that follows every convolution, and the bias of a linear layer.
 */
public sealed interface Layer {

    long macs();

    long params();

    /** A convolution without bias, followed by batch norm; {@code outSize} is the output height = width. */
    record Conv(int in, int out, int kernel, int stride, int groups, int outSize) implements Layer {
        public long macs() {
            return (long) (in / groups) * kernel * kernel * outSize * outSize * out;
        }

        public long params() {
            return (long) (in / groups) * kernel * kernel * out + 2L * out;
        }
    }

    /**
     * The query image resized from {@code from}² to {@code to}² pixels per channel, as two matrix
     * products (rows, then columns) with the resampling weights: from·from·to + from·to·to multiply-adds
     * per channel, counted like every other multiplying operation of the query model.
     */
    record Resize(int channels, int from, int to) implements Layer {
        public long macs() {
            return (long) channels * ((long) from * from * to + (long) from * to * to);
        }

        public long params() {
            return 0;
        }
    }

    record Linear(int in, int out) implements Layer {
        public long macs() {
            return (long) in * out;
        }

        public long params() {
            return (long) in * out + out;
        }
    }
}
