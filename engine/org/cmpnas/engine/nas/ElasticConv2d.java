package org.cmpnas.engine.nas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A convolution (no bias) holding its largest weight, {@code (maxOut, maxIn or 1, maxKernel, maxKernel)},
 * and running any smaller one by slicing it: the first {@code out} filters over the first {@code in}
 * input channels, the centre k×k of the kernel. A depthwise convolution has one input channel per
 * filter and as many filters as input channels. The stride belongs to the block's position, not to
 * the subnet, so it is fixed here.
 */
final class ElasticConv2d extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int maxOut;
    private final int maxIn;
    private final int maxKernel;
    private final int stride;
    private final boolean depthwise;
    private final Parameter weight;

    static ElasticConv2d regular(int maxOut, int maxIn, int maxKernel, int stride) {
        return new ElasticConv2d(maxOut, maxIn, maxKernel, stride, false);
    }

    static ElasticConv2d depthwise(int maxChannels, int maxKernel, int stride) {
        return new ElasticConv2d(maxChannels, maxChannels, maxKernel, stride, true);
    }

    private ElasticConv2d(int maxOut, int maxIn, int maxKernel, int stride, boolean depthwise) {
        super(VERSION);
        this.maxOut = maxOut;
        this.maxIn = maxIn;
        this.maxKernel = maxKernel;
        this.stride = stride;
        this.depthwise = depthwise;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(maxOut, depthwise ? 1 : maxIn, maxKernel, maxKernel)).build());
    }

    /** The weight of a convolution from {@code in} to {@code out} channels with a k×k kernel. */
    ElasticSlice slice(int out, int in, int kernel) {
        if (out > maxOut || in > maxIn || kernel > maxKernel || kernel % 2 == 0 || (depthwise && in != out)) {
            throw new IllegalArgumentException("no " + (depthwise ? "depthwise " : "") + in + "→" + out + " k" + kernel
                    + " convolution inside " + maxIn + "→" + maxOut + " k" + maxKernel);
        }
        int from = (maxKernel - kernel) / 2;
        return new ElasticSlice(weight, new NDIndex("0:{}, 0:{}, {}:{}, {}:{}",
                out, depthwise ? 1 : in, from, from + kernel, from, from + kernel));
    }

    /** Convolves {@code x} (its channel count is the active input width) into {@code out} channels. */
    NDArray apply(ParameterStore store, NDArray x, int out, int kernel, boolean training) {
        int in = (int) x.getShape().get(1);
        NDArray w = slice(out, in, kernel).of(store.getValue(weight, x.getDevice(), training), x.getManager());
        return Conv2d.conv2d(x, w, null, new Shape(stride, stride), new Shape(kernel / 2, kernel / 2),
                new Shape(1, 1), depthwise ? in : 1).singletonOrThrow();
    }

    /** As a plain DJL block: the largest convolution. */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(store, inputs.singletonOrThrow(), maxOut, maxKernel, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        long pad = maxKernel / 2;
        return new Shape[] {new Shape(in.get(0), maxOut,
                (in.get(2) + 2 * pad - maxKernel) / stride + 1, (in.get(3) + 2 * pad - maxKernel) / stride + 1)};
    }
}
