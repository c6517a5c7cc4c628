package org.cmpnas.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Writes values into a parameter's array in place (a fold or an export copies weights this way), into a
 * detached handle of the same storage so that no gradient is recorded, whether or not a gradient collector is
 * open. By index assignment rather than {@link NDArray#set(float[])}: DJL does the latter under libtorch's
 * deprecated AutoNonVariableTypeMode guard, which prints a warning about silent wrong results on every start.
 * That warning concerns tensors written under the guard and then used by autograd; the values written here
 * are a network's weights, written before any step that uses them records its graph.
 */
public final class ParameterValues {
    private ParameterValues() {
    }

    /** {@code target}'s elements become {@code values} (row-major, as many as it has). */
    public static void assign(NDArray target, float[] values) {
        try (NDManager scope = target.getManager().newSubManager()) {
            NDArray detached = target.stopGradient(); // shares target's storage, records nothing
            detached.attach(scope);
            detached.set(new NDIndex(":"), scope.create(values, target.getShape()));
        }
    }
}
