package org.cmpnas.engine.nas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;

/**
 * The part of a full supernet parameter that one subnet uses. Forward and export both slice through
 * this, so the subnet that runs inside the supernet and the one exported from it cannot disagree.
 */
record ElasticSlice(Parameter parameter, NDIndex index) {

    /**
     * A view of the slice, attached to {@code scope} (not to the parameter's manager, which would grow
     * with every step). A view, not a copy: gradients and in-place batch-norm updates reach the full array.
     */
    NDArray of(NDArray full, NDManager scope) {
        return full.get(scope, index);
    }
}
