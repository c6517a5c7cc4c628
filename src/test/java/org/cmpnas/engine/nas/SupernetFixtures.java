package org.cmpnas.engine.nas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;

/** Tiny random inputs and a sample of subnets for the supernet tests. */
final class SupernetFixtures {
    static final int CLASSES = 10;
    static final int BATCH = 4;
    static final int SIZE = 28;

    private SupernetFixtures() {
    }

    /**
     * Largest, smallest, hand-picked mixes (expand 1 and kernel 3 next to expand 6 and kernel 5, a
     * first block with and without residual) and a few uniform draws.
     */
    static List<String> subnets() {
        List<String> specs = new ArrayList<>(List.of(SearchSpace.largest().text(), SearchSpace.smallest().text(),
                "d2-1-3_w16-32-64_k3-5-3-3-5-3_e6-1-3-3-6-1",
                "d1-3-2_w24-16-96_k5-3-5-3-3-5_e1-3-6-1-3-6",
                "d1-1-2_w8-16-64_k3-3-5-3_e1-1-3-1_r20", "d2-1-1_w16-32-32_k5-3-3-3_e6-1-1-3_r16"));
        Random random = new Random(7);
        SubnetSampler sampler = new SubnetSampler();
        for (int i = 0; i < 2; i++) {
            specs.add(sampler.sample(random).text());
        }
        return specs;
    }

    static BatchSource.Batch batch(long seed) {
        Random random = new Random(seed);
        float[] data = new float[BATCH * SIZE * SIZE];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = random.nextInt(CLASSES);
        }
        return new BatchSource.Batch(data, labels, BATCH);
    }

    static List<BatchSource.Batch> batches(int count, long seed) {
        List<BatchSource.Batch> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batches.add(batch(seed + i));
        }
        return batches;
    }

    static NDArray images(BatchSource.Batch batch, NDManager manager) {
        return manager.create(batch.data(), new Shape(batch.size(), 1, SIZE, SIZE));
    }

    static SubnetSpec spec(String text) {
        return SubnetSpec.parse(text);
    }
}
