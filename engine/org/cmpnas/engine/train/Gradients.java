package org.cmpnas.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Gradient bookkeeping that DJL leaves to the caller on PyTorch. */
public final class Gradients {
    private Gradients() {
    }

    /**
     * PyTorch adds each backward pass into the gradients and DJL hands a custom optimiser a copy of
     * them, so they are cleared after every step (DJL's built-in optimisers clear them in their native
     * update). A fill rather than g − g, so that a NaN gradient is cleared too.
     */
    public static void clear(Block block, NDManager scope) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray array = p.getValue().getArray();
            if (p.getValue().requiresGradient() && array.hasGradient()) {
                of(array, scope).set(new NDIndex("..."), 0f);
            }
        }
    }

    /**
     * A handle on {@code array}'s gradient (writes reach it) that lives in {@code scope}: DJL would put
     * it, and what is computed from it (the fill's scalar), in the parameters' manager, which would grow
     * by a few arrays every step.
     */
    public static NDArray of(NDArray array, NDManager scope) {
        NDArray grad = array.getGradient();
        grad.attach(scope);
        return grad;
    }
}
