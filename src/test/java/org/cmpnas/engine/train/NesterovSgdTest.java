package org.cmpnas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** The update rule against PyTorch's SGD(nesterov=True) worked by hand. */
class NesterovSgdTest {

    @Test
    void followsPyTorchsNesterovRule() {
        // w=1, g=0.5 each step, lr=0.1 (constant: schedule over a huge horizon), μ=0.9, wd=0.
        // step 1: v=0.5,  w = 1 − 0.1·(0.5 + 0.45)   = 0.905
        // step 2: v=0.95, w = 0.905 − 0.1·(0.5 + 0.855) = 0.7695
        NesterovSgd sgd = new NesterovSgd(new CosineSchedule(0.1, Long.MAX_VALUE / 4), 0.9, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f});
            sgd.update("w", w, m.create(new float[] {0.5f}));
            assertThat(w.getFloat(0)).isCloseTo(0.905f, within(1e-6f));
            sgd.update("w", w, m.create(new float[] {0.5f}));
            assertThat(w.getFloat(0)).isCloseTo(0.7695f, within(1e-6f));
        }
    }

    @Test
    void weightDecayIsAddedToTheGradient() {
        // w=2, g=0, wd=0.1 → effective g = 0.2; μ=0: w = 2 − 0.5·0.2 = 1.9
        NesterovSgd sgd = new NesterovSgd(new CosineSchedule(0.5, Long.MAX_VALUE / 4), 0, 0.1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {2f});
            sgd.update("w", w, m.create(new float[] {0f}));
            assertThat(w.getFloat(0)).isCloseTo(1.9f, within(1e-6f));
        }
    }

    @Test
    void updatesATrainableWeightOnAThreadWhoseAutogradIsOn() throws Exception {
        // A thread other than the one that started the engine keeps libtorch's default: autograd on.
        // The update must still change the weight in place, as the window's jobs and tests do there.
        float[] after = new float[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            NesterovSgd sgd = new NesterovSgd(new CosineSchedule(0.5, Long.MAX_VALUE / 4), 0, 0.1);
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray w = m.create(new float[] {2f});
                w.setRequiresGradient(true);
                sgd.update("w", w, m.create(new float[] {0f}));
                after[0] = w.getFloat(0);
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        thread.start();
        thread.join();
        assertThat(failure[0]).isNull();
        assertThat(after[0]).isCloseTo(1.9f, within(1e-6f));
    }

    @Test
    void cosineScheduleFallsFromBaseToZero() {
        CosineSchedule s = new CosineSchedule(0.2, 100);
        assertThat(s.at(0)).isCloseTo(0.2f, within(1e-7f));
        assertThat(s.at(50)).isCloseTo(0.1f, within(1e-7f));
        assertThat(s.at(100)).isCloseTo(0f, within(1e-7f));
    }
}
