package org.cmpnas.engine.nas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A linear layer {@code (units, maxIn)} that reads only the first {@code in} input features, so the
 * embedding layer follows the active width of the last stage. Output units are not elastic.
 */
final class ElasticLinear extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int units;
    private final int maxIn;
    private final Parameter weight;
    private final Parameter bias;

    ElasticLinear(int units, int maxIn, boolean withBias) {
        super(VERSION);
        this.units = units;
        this.maxIn = maxIn;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(units, maxIn)).build());
        bias = withBias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(units)).build()) : null;
    }

    /** Weight (and bias) for {@code in} input features: DJL Linear's order. */
    List<ElasticSlice> slices(int in) {
        if (in > maxIn) {
            throw new IllegalArgumentException(in + " inputs to a linear layer of " + maxIn);
        }
        List<ElasticSlice> slices = new ArrayList<>(List.of(new ElasticSlice(weight, new NDIndex(":, 0:{}", in))));
        if (bias != null) {
            slices.add(new ElasticSlice(bias, new NDIndex(":")));
        }
        return slices;
    }

    NDArray apply(ParameterStore store, NDArray x, boolean training) {
        List<ElasticSlice> slices = slices((int) x.getShape().get(1));
        NDArray w = slices.get(0).of(store.getValue(weight, x.getDevice(), training), x.getManager());
        NDArray b = bias == null ? null : store.getValue(bias, x.getDevice(), training);
        return Linear.linear(x, w, b).singletonOrThrow();
    }

    /** The full weight, e.g. the shared classifier's matrix (classes × embedding) for pair mode. */
    Parameter weight() {
        return weight;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(store, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), units)};
    }
}
