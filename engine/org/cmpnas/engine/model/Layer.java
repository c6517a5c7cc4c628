package org.cmpnas.engine.model;

/**
 * A layer that PROTOCOL.md counts: convolutions and linear layers. Parameters include the batch norm
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

    record Linear(int in, int out) implements Layer {
        public long macs() {
            return (long) in * out;
        }

        public long params() {
            return (long) in * out + out;
        }
    }
}
