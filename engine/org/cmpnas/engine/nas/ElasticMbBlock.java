package org.cmpnas.engine.nas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.cmpnas.engine.model.SubnetSpec.MbBlock;

/**
 * One block position of the supernet: an inverted-residual block at its largest (expand ratio 6,
 * kernel 5, the stage's widest output) that runs any {@link MbBlock} of that position by slicing.
 * The layer order and the parameter order are those of {@code Networks} for a standalone subnet.
 *
 * <p>Expand ratio 1 has no expand convolution: the depthwise convolution then runs on the block's
 * {@code in} input channels directly, with the first {@code in} of its filters.
 */
final class ElasticMbBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    static final int MAX_KERNEL = 5;
    static final int MAX_EXPAND = 6;

    private final int maxIn;
    private final int maxOut;
    private final int stride;
    private final ElasticConv2d expand;
    private final ElasticBatchNorm expandBn;
    private final ElasticConv2d depthwise;
    private final ElasticBatchNorm depthwiseBn;
    private final ElasticConv2d project;
    private final ElasticBatchNorm projectBn;

    ElasticMbBlock(int maxIn, int maxOut, int stride) {
        super(VERSION);
        this.maxIn = maxIn;
        this.maxOut = maxOut;
        this.stride = stride;
        int maxHidden = maxIn * MAX_EXPAND;
        expand = addChildBlock("expand", ElasticConv2d.regular(maxHidden, maxIn, 1, 1));
        expandBn = addChildBlock("expandBn", new ElasticBatchNorm(maxHidden));
        depthwise = addChildBlock("depthwise", ElasticConv2d.depthwise(maxHidden, MAX_KERNEL, stride));
        depthwiseBn = addChildBlock("depthwiseBn", new ElasticBatchNorm(maxHidden));
        project = addChildBlock("project", ElasticConv2d.regular(maxOut, maxHidden, 1, 1));
        projectBn = addChildBlock("projectBn", new ElasticBatchNorm(maxOut));
    }

    /** The largest block this position holds. */
    MbBlock largest() {
        return new MbBlock(maxIn, maxOut, stride, MAX_KERNEL, MAX_EXPAND);
    }

    NDArray apply(ParameterStore store, NDArray x, MbBlock b, boolean training, float bnMomentum) {
        check(b);
        NDArray h = x;
        if (b.expand() != 1) {
            h = Activation.relu(expandBn.apply(store, expand.apply(store, h, b.hidden(), 1, training), training, bnMomentum));
        }
        h = Activation.relu(depthwiseBn.apply(store, depthwise.apply(store, h, b.hidden(), b.kernel(), training), training, bnMomentum));
        h = projectBn.apply(store, project.apply(store, h, b.out(), 1, training), training, bnMomentum);
        return b.residual() ? h.add(x) : h;
    }

    /** The parameter slices {@code b} uses, in the order of the standalone block's parameters. */
    List<ElasticSlice> slices(MbBlock b) {
        check(b);
        List<ElasticSlice> slices = new ArrayList<>();
        if (b.expand() != 1) {
            slices.add(expand.slice(b.hidden(), b.in(), 1));
            slices.addAll(expandBn.slices(b.hidden()));
        }
        slices.add(depthwise.slice(b.hidden(), b.hidden(), b.kernel()));
        slices.addAll(depthwiseBn.slices(b.hidden()));
        slices.add(project.slice(b.out(), b.hidden(), 1));
        slices.addAll(projectBn.slices(b.out()));
        return slices;
    }

    private void check(MbBlock b) {
        if (b.in() > maxIn || b.out() > maxOut || b.stride() != stride || b.expand() > MAX_EXPAND || b.kernel() > MAX_KERNEL) {
            throw new IllegalArgumentException(b + " does not fit the block position " + largest());
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(store, inputs.singletonOrThrow(), largest(), training, ElasticBatchNorm.MOMENTUM));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        return new Shape[] {new Shape(in.get(0), maxOut, (in.get(2) - 1) / stride + 1, (in.get(3) - 1) / stride + 1)};
    }

    /** The children's parameters have fixed (largest) shapes, so input shapes do not matter to them. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (var child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }
}
