package org.cmpnas.engine.compat;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.eval.Evaluator;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.Schedule;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.engine.train.TrainingJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The matrix of two tiny models: cells are the evaluations, the criterion compares with the row's diagonal. */
class CompatibilityMatrixTest {
    private static final DataSplits DATA = Datasets.load(TrainConfig.FASHION_MNIST).limit(512, 300, 100, 400);

    @TempDir
    Path dir;

    @Test
    void cellsCriterionCostAndFiles() throws Exception {
        RunStore store = new RunStore(dir);
        TrainingJob job = new TrainingJob(store, JobListener.NONE, new CancellationToken());
        String small = job.start(TrainConfig.of("d1-1-1_w8-16-32_k3-3-3_e1-1-1", TrainConfig.FASHION_MNIST).withName("small").withSchedule(new Schedule(1, 64, 0.05, 0.9, 5e-4, 1)).withData(DataSpec.all(TrainConfig.FASHION_MNIST).withLimit(512)), DATA);
        String large = job.start(TrainConfig.of("resnet-q", TrainConfig.FASHION_MNIST).withName("large").withSchedule(new Schedule(1, 64, 0.05, 0.9, 5e-4, 2)).withData(DataSpec.all(TrainConfig.FASHION_MNIST).withLimit(512)), DATA);
        try (NDManager manager = NDManager.newBaseManager()) {
            Evaluator evaluator = new Evaluator(store, manager);
            CompatibilityMatrix m = CompatibilityMatrix.measure(List.of(store.load(small), store.load(large)),
                    (q, g) -> evaluator.evaluate(q, g, DATA));
            assertThat(m.models()).extracting(CompatibilityMatrix.Model::name).containsExactly("small", "large");
            // Cost reduction against the most expensive model: resnet-q 2,368,640 / smallest subnet 401,584.
            assertThat(m.models().get(0).costReduction()).isCloseTo(2_368_640.0 / 401_584, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(m.models().get(1).costReduction()).isEqualTo(1.0);
            for (int i = 0; i < 2; i++) {
                CompatibilityMatrix.Cell self = m.cells().get(i).get(i);
                CompatibilityMatrix.Cell cross = m.cells().get(i).get(1 - i);
                assertThat(self.compatibleMap()).isFalse();
                assertThat(cross.compatibleMap()).isEqualTo(cross.mAP() > self.mAP());
                Evaluation kept = store.evaluations(cross.query()).stream().filter(e -> e.gallery().equals(cross.gallery())).findFirst().orElseThrow();
                assertThat(kept.mAP()).isEqualTo(cross.mAP());
            }
            m.write(dir.resolve("out"));
            assertThat(Files.readAllLines(dir.resolve("out").resolve("compat.csv"))).hasSize(1 + 4);
            assertThat(Files.exists(dir.resolve("out").resolve("compat.json"))).isTrue();
        }
    }
}
