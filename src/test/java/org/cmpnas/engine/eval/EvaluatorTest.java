package org.cmpnas.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.Schedule;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.engine.train.TrainingJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train two tiny models, then homogeneous and heterogeneous evaluation with the embedding cache. */
class EvaluatorTest {
    private static final DataSplits DATA = Datasets.load(TrainConfig.FASHION_MNIST).limit(1024, 500, 200, 1800);

    @TempDir
    Path dir;

    private String train(RunStore store, long seed) {
        TrainConfig c = TrainConfig.of("resnet-q", TrainConfig.FASHION_MNIST).withName("q" + seed).withSchedule(new Schedule(1, 64, 0.05, 0.9, 5e-4, seed)).withData(DataSpec.all(TrainConfig.FASHION_MNIST).withLimit(1024));
        return new TrainingJob(store, JobListener.NONE, new CancellationToken()).start(c, DATA);
    }

    @Test
    void evaluatesKeepsTheResultAndReusesCachedEmbeddings() throws Exception {
        RunStore store = new RunStore(dir);
        String a = train(store, 1);
        String b = train(store, 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            Evaluator evaluator = new Evaluator(store, manager);
            Evaluation homogeneous = evaluator.evaluate(a, a, DATA);
            assertThat(homogeneous.queries()).isEqualTo(200);
            assertThat(homogeneous.galleryItems()).isEqualTo(1800);
            assertThat(homogeneous.top1()).isGreaterThan(40);      // chance is 10%
            assertThat(homogeneous.mAP()).isGreaterThan(homogeneous.top1() / 4);
            assertThat(homogeneous.costReduction()).isEqualTo(1.0);

            List<Path> cached;
            try (Stream<Path> files = Files.list(dir.resolve(a).resolve("cache"))) {
                cached = files.toList();
            }
            assertThat(cached).hasSize(2);
            FileTime before = Files.getLastModifiedTime(cached.get(0));
            Thread.sleep(20);
            Evaluation again = evaluator.evaluate(a, a, DATA);
            assertThat(again.mAP()).isEqualTo(homogeneous.mAP());
            assertThat(Files.getLastModifiedTime(cached.get(0))).as("cache reused, not rewritten").isEqualTo(before);

            // Two independently trained models: no reason for their embedding spaces to agree.
            Evaluation heterogeneous = evaluator.evaluate(b, a, DATA);
            assertThat(heterogeneous.mAP()).isLessThan(homogeneous.mAP());
            assertThat(store.evaluations(b)).extracting(Evaluation::gallery).containsExactly(a);
            assertThat(store.evaluations(a)).hasSize(1);
        }
    }

    @Test
    void unfinishedRunIsRefusedByName() {
        RunStore store = new RunStore(dir);
        String a = train(store, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> new Evaluator(store, manager).evaluate(a, "nope", DATA))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("nope");
        }
    }
}
