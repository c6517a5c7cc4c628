package org.cmpnas.engine.nas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Batch norm over the first {@code c} of {@code maxChannels} channels (axis 1). Gamma, beta and the
 * running statistics are sliced like the convolution before it. In training mode PyTorch updates the
 * running statistics in place, and the slices are views, so the update lands in the active part of
 * the full arrays and leaves the rest alone. Defaults as DJL's {@link BatchNorm} block, which the
 * exported standalone network uses.
 */
final class ElasticBatchNorm extends AbstractBlock {
    private static final byte VERSION = 1;
    static final float EPSILON = 1e-5f;
    /** DJL's convention: the weight of the old running value (PyTorch's 0.1). */
    static final float MOMENTUM = 0.9f;

    private final int maxChannels;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    ElasticBatchNorm(int maxChannels) {
        super(VERSION);
        this.maxChannels = maxChannels;
        Shape shape = new Shape(maxChannels);
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).optShape(shape).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).optShape(shape).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optShape(shape).optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optShape(shape).optRequiresGrad(false).build());
    }

    /** Gamma, beta, running mean, running variance of the first {@code channels}: DJL BatchNorm's order. */
    List<ElasticSlice> slices(int channels) {
        if (channels > maxChannels) {
            throw new IllegalArgumentException(channels + " channels in a batch norm of " + maxChannels);
        }
        NDIndex first = new NDIndex("0:{}", channels);
        return List.of(new ElasticSlice(gamma, first), new ElasticSlice(beta, first),
                new ElasticSlice(runningMean, first), new ElasticSlice(runningVar, first));
    }

    /**
     * Normalises {@code x} over its channels. {@code momentum} is the old running value's weight for
     * this batch: {@link #MOMENTUM} while training, 1 − 1/n for the n-th batch of a recalibration
     * (a cumulative average whose first batch overwrites whatever was there).
     */
    NDArray apply(ParameterStore store, NDArray x, boolean training, float momentum) {
        int channels = (int) x.getShape().get(1);
        NDManager scope = x.getManager();
        NDArray[] p = new NDArray[4];
        List<ElasticSlice> slices = slices(channels);
        for (int i = 0; i < p.length; i++) {
            ElasticSlice s = slices.get(i);
            p[i] = s.of(store.getValue(s.parameter(), x.getDevice(), training), scope);
        }
        return BatchNorm.batchNorm(x, p[2], p[3], p[0], p[1], 1, momentum, EPSILON, training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(store, inputs.singletonOrThrow(), training, MOMENTUM));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }
}
