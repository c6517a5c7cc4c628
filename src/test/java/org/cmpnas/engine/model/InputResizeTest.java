package org.cmpnas.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class InputResizeTest {

    @Test
    void halvingWeighsTheTwoNearestPixelsThreeTimesTheirNeighbours() {
        // the triangle filter widened to 2 pixels: centre of output i at 2i + ½, weights ¾ ¾ ¼ ¼ normalised
        float[] w = InputResize.weights(28, 14);
        assertThat(w[5 * 28 + 9]).isCloseTo(0.125f, within(1e-6f));
        assertThat(w[5 * 28 + 10]).isCloseTo(0.375f, within(1e-6f));
        assertThat(w[5 * 28 + 11]).isCloseTo(0.375f, within(1e-6f));
        assertThat(w[5 * 28 + 12]).isCloseTo(0.125f, within(1e-6f));
        assertThat(w[5 * 28 + 8]).isZero();
    }

    @Test
    void everyRowSumsToOneSoAFlatImageStaysFlat() {
        for (int to : new int[]{16, 20, 24}) {
            float[] w = InputResize.weights(28, to);
            for (int i = 0; i < to; i++) {
                double sum = 0;
                for (int j = 0; j < 28; j++) {
                    sum += w[i * 28 + j];
                }
                assertThat(sum).isCloseTo(1, within(1e-5));
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray flat = manager.full(new Shape(2, 1, 28, 28), 0.7f);
            NDArray out = InputResize.apply(flat, 20);
            assertThat(out.getShape()).isEqualTo(new Shape(2, 1, 20, 20));
            for (float v : out.toFloatArray()) {
                assertThat(v).isCloseTo(0.7f, within(1e-5f));
            }
        }
    }

    @Test
    void theProductsEqualTheWeightedSumsPixelByPixel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] image = new float[28 * 28];
            java.util.Random random = new java.util.Random(3);
            for (int i = 0; i < image.length; i++) {
                image[i] = random.nextFloat();
            }
            float[] out = InputResize.apply(manager.create(image, new Shape(1, 1, 28, 28)), 24).toFloatArray();
            float[] w = InputResize.weights(28, 24);
            for (int y = 0; y < 24; y += 5) {
                for (int x = 0; x < 24; x += 7) {
                    double expected = 0;
                    for (int i = 0; i < 28; i++) {
                        for (int j = 0; j < 28; j++) {
                            expected += w[y * 28 + i] * w[x * 28 + j] * image[i * 28 + j];
                        }
                    }
                    assertThat(out[y * 24 + x]).isCloseTo((float) expected, within(1e-5f));
                }
            }
        }
    }
}
