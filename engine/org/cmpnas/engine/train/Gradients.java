package org.cmpnas.engine.train;

import ai.djl.ndarray.NDArray;
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
    public static void clear(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray array = p.getValue().getArray();
            if (p.getValue().requiresGradient() && array.hasGradient()) {
                try (NDArray grad = array.getGradient()) {
                    grad.set(new NDIndex("..."), 0f);
                }
            }
        }
    }
}
