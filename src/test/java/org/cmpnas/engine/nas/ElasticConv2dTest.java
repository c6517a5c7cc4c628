package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** The elastic dimensions mean what Once-for-All means by them. */
class ElasticConv2dTest {

    @Test
    void kernel3IsTheCentreOfKernel5() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ElasticConv2d conv = ElasticConv2d.depthwise(8, 5, 2);
            conv.initialize(manager, DataType.FLOAT32, new Shape(1, 8, 9, 9));
            NDArray x = manager.randomNormal(new Shape(2, 8, 9, 9));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray small = conv.apply(store, x, 8, 3, false);
            // The full 5×5 kernel with its border zeroed (padding 2) computes the same as the centre 3×3 (padding 1).
            NDArray w = conv.getParameters().get("weight").getArray();
            NDArray centre = w.get("..., 1:4, 1:4").duplicate();
            w.set(new NDIndex("..."), 0f);
            w.set(new NDIndex("..., 1:4, 1:4"), centre);
            NDArray bordered = conv.apply(store, x, 8, 5, false);
            assertThat(small.getShape()).isEqualTo(new Shape(2, 8, 5, 5));
            assertThat(small.sub(bordered).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    @Test
    void narrowerConvolutionIsTheFirstFiltersOverTheFirstInputs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ElasticConv2d conv = ElasticConv2d.regular(12, 6, 1, 1);
            conv.initialize(manager, DataType.FLOAT32, new Shape(1, 6, 4, 4));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(new Shape(2, 4, 4, 4));
            NDArray narrow = conv.apply(store, x, 5, 1, false);
            // The same input padded with zero channels up to 6, through the full convolution.
            NDArray padded = x.concat(manager.zeros(new Shape(2, 2, 4, 4)), 1);
            NDArray full = conv.apply(store, padded, 12, 1, false);
            assertThat(narrow.sub(full.get(":, 0:5")).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }
}
