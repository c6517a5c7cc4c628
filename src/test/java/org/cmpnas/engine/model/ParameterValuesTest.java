package org.cmpnas.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ParameterValuesTest {

    @Test
    void valuesReachTheParameterOnAnyThread() throws InterruptedException {
        float[] values = {1, 2, 3, 4, 5, 6};
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray outside = manager.zeros(new Shape(2, 3));
            outside.setRequiresGradient(true);
            ParameterValues.assign(outside, values);
            assertThat(outside.toFloatArray()).containsExactly(values);
            assertThat(outside.getShape()).isEqualTo(new Shape(2, 3));

            // a thread of its own, as the window's engine thread is: libtorch's grad mode is on there by default
            NDArray inside = manager.zeros(new Shape(3, 2));
            inside.setRequiresGradient(true);
            Throwable[] failure = new Throwable[1];
            Thread other = new Thread(() -> {
                try {
                    ParameterValues.assign(inside, values);
                } catch (Throwable t) {
                    failure[0] = t;
                }
            });
            other.start();
            other.join();
            assertThat(failure[0]).isNull();
            assertThat(inside.toFloatArray()).containsExactly(values);
        }
    }
}
