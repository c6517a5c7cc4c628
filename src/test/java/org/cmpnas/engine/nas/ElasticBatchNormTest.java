package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ElasticBatchNormTest {

    @Test
    void trainingUpdatesOnlyTheActiveChannelsRunningStatistics() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ElasticBatchNorm bn = new ElasticBatchNorm(6);
            bn.initialize(manager, DataType.FLOAT32, new Shape(4, 6, 5, 5));
            NDArray x = manager.randomNormal(2f, 3f, new Shape(4, 4, 5, 5), DataType.FLOAT32);
            bn.apply(new ParameterStore(manager, false), x, true, 0f); // momentum 0: running = batch statistics

            float[] mean = bn.getParameters().get("runningMean").getArray().toFloatArray();
            float[] var = bn.getParameters().get("runningVar").getArray().toFloatArray();
            float[] batchMean = x.transpose(1, 0, 2, 3).reshape(4, -1).mean(new int[] {1}).toFloatArray();
            for (int c = 0; c < 4; c++) {
                assertThat(mean[c]).isCloseTo(batchMean[c], within(1e-4f));
                assertThat(var[c]).isGreaterThan(4f); // about 9: the batch's, not the initial 1
            }
            assertThat(Arrays.copyOfRange(mean, 4, 6)).containsExactly(0f, 0f);
            assertThat(Arrays.copyOfRange(var, 4, 6)).containsExactly(1f, 1f);
        }
    }

    @Test
    void inferenceEqualsDjlBatchNormOnTheSlicedParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ElasticBatchNorm bn = new ElasticBatchNorm(6);
            bn.initialize(manager, DataType.FLOAT32, new Shape(4, 6, 5, 5));
            for (var p : bn.getParameters()) {
                p.getValue().getArray().set(new float[] {0.5f, 1.5f, 2f, 3f, 4f, 5f});
            }
            NDArray x = manager.randomNormal(new Shape(2, 3, 5, 5));
            NDArray elastic = bn.apply(new ParameterStore(manager, false), x, false, ElasticBatchNorm.MOMENTUM);
            NDArray first3 = manager.create(new float[] {0.5f, 1.5f, 2f});
            NDArray expected = BatchNorm.batchNorm(x, first3, first3, first3, first3, 1, 0.9f, 1e-5f, false).singletonOrThrow();
            assertThat(elastic.sub(expected).abs().max().getFloat()).isEqualTo(0f);
        }
    }
}
