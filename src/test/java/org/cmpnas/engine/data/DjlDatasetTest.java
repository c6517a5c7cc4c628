package org.cmpnas.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DjlDatasetTest {

    @Test
    void oneEpochCoversEveryImageInBatchesOfNchwArrays() {
        int n = 10;
        byte[] pixels = new byte[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[i * 4] = (byte) i;          // image i's first pixel identifies it
            labels[i] = i % 3;
        }
        LabeledImages images = new LabeledImages(pixels, labels, 2, 2, List.of("a", "b", "c"));
        DjlDataset dataset = new DjlDataset(images, 4, 1, null);
        try (NDManager manager = NDManager.newBaseManager()) {
            Set<Integer> seen = new HashSet<>();
            int batches = 0;
            for (Batch batch : dataset.getData(manager)) {
                try (batch) {
                    batches++;
                    assertThat(batch.getData().head().getShape()).isEqualTo(new Shape(batch.getSize(), 1, 2, 2));
                    float[] data = batch.getData().head().toFloatArray();
                    int[] y = batch.getLabels().head().toIntArray();
                    for (int i = 0; i < batch.getSize(); i++) {
                        int id = Math.round(data[i * 4] * Normalization.FASHION_MNIST.std(0) * 255 + Normalization.FASHION_MNIST.mean(0) * 255);
                        seen.add(id);
                        assertThat(y[i]).isEqualTo(id % 3);
                    }
                }
            }
            assertThat(batches).isEqualTo(2);          // 10 images, batch 4, the last partial batch dropped
            assertThat(seen).hasSize(8);
        }
    }
}
