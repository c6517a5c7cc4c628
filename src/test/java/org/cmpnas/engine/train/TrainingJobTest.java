package org.cmpnas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.MetricEvent;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real training on a small slice of Fashion-MNIST. */
class TrainingJobTest {
    private static final int IMAGES = 1280;
    private static final int BATCH = 64;
    private static final int STEPS_PER_EPOCH = IMAGES / BATCH;

    /** Loaded once; the val split is cut to 1,000 images so that each epoch's validation is quick. */
    private static final DataSplits DATA = Datasets.load(TrainConfig.FASHION_MNIST).limit(IMAGES, 1000, 100, 900);

    @TempDir
    Path dir;

    private static TrainConfig config(String name) {
        return TrainConfig.of("resnet-q", TrainConfig.FASHION_MNIST).withName(name).withSchedule(new Schedule(2, BATCH, 0.05, 0.9, 5e-4, 7)).withData(DataSpec.all(TrainConfig.FASHION_MNIST).withLimit(IMAGES));
    }

    @Test
    void tinyRunLearnsAndIsRecorded() {
        RunStore store = new RunStore(dir);
        List<String> logs = new ArrayList<>();
        String id = new TrainingJob(store, new JobListener() {
            @Override
            public void log(String line) {
                logs.add(line);
            }
        }, new CancellationToken()).start(config("learns"), DATA);

        RunRecord run = store.load(id);
        assertThat(run.status()).isEqualTo(RunStatus.finished);
        assertThat(run.macs()).isEqualTo(2_368_640L);
        // Ten classes: chance is 10%. A couple of epochs on 1,280 images is far above it.
        assertThat(run.metrics().get("val.top1")).isGreaterThan(55.0);
        assertThat(run.metrics().get("val.acc")).isGreaterThan(50.0);
        assertThat(run.provenance().datasetChecksum()).hasSize(64);
        assertThat(run.provenance().endedAt()).isNotNull();
        List<MetricEvent> events = store.metrics(id);
        assertThat(events.stream().filter(e -> e.name().equals("train.loss")).map(MetricEvent::epoch)).containsExactly(1, 2);
        assertThat(events.stream().filter(e -> e.name().equals("train.loss")).mapToDouble(MetricEvent::value).toArray())
                .satisfies(loss -> assertThat(loss[1]).isLessThan(loss[0]));
        assertThat(Files.exists(dir.resolve(id).resolve("weights").resolve(org.cmpnas.engine.model.ModelFiles.PARAMS))).isTrue();
        assertThat(logs).as("the images, then one line an epoch").hasSize(3)
                .first().asString().startsWith("training on 1280 training images, each class in its share");
    }

    @Test
    void cancelStopsWithinOneBatchAndResumeReachesTheSameState() {
        RunStore store = new RunStore(dir);
        String straight = new TrainingJob(store, JobListener.NONE, new CancellationToken()).start(config("straight"), DATA);

        CancellationToken token = new CancellationToken();
        long[] lastStep = {0};
        JobListener cancelMidwaySecondEpoch = new JobListener() {
            @Override
            public void progress(long done, long total, String status) {
                lastStep[0] = done;
                if (done == STEPS_PER_EPOCH + 3) {
                    token.cancel();
                }
            }
        };
        TrainingJob interrupted = new TrainingJob(store, cancelMidwaySecondEpoch, token);
        assertThatThrownBy(() -> interrupted.start(config("resumed"), DATA)).isInstanceOf(CancellationToken.CancelledException.class);
        assertThat(lastStep[0]).as("no batch runs after the cancel").isEqualTo(STEPS_PER_EPOCH + 3);

        RunRecord cancelled = store.list().stream().map(l -> l.record().orElseThrow())
                .filter(r -> r.name().equals("resumed")).findFirst().orElseThrow();
        assertThat(cancelled.status()).isEqualTo(RunStatus.cancelled);
        assertThat(cancelled.metrics().get("epoch")).isEqualTo(1.0);

        new TrainingJob(store, JobListener.NONE, new CancellationToken()).resume(cancelled.id(), DATA);
        RunRecord resumed = store.load(cancelled.id());
        RunRecord reference = store.load(straight);
        assertThat(resumed.status()).isEqualTo(RunStatus.finished);
        assertThat(resumed.metrics().get("train.loss")).isCloseTo(reference.metrics().get("train.loss"), within(1e-3));
        assertThat(resumed.metrics().get("val.acc")).isCloseTo(reference.metrics().get("val.acc"), within(0.1));
    }

    @Test
    void finishedRunCannotBeResumedAndBadConfigIsNamed() {
        RunStore store = new RunStore(dir);
        TrainConfig bad = TrainConfig.of("resnet-q", TrainConfig.FASHION_MNIST).withName("x").withSchedule(new Schedule(0, BATCH, 0.05, 0.9, 5e-4, 1));
        assertThatThrownBy(() -> new TrainingJob(store, JobListener.NONE, new CancellationToken()).start(bad, DATA))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--epochs");
        assertThat(store.list()).as("a rejected config leaves no run behind").isEmpty();
    }

    @Test
    void aLossThatStopsBeingFiniteFailsTheRunWithStepLossAndHintAndKeepsTheLastGoodCheckpoint() {
        RunStore store = new RunStore(dir);
        CancellationToken token = new CancellationToken();
        JobListener cancelAfterFirstEpoch = new JobListener() {
            @Override
            public void progress(long done, long total, String status) {
                if (done == STEPS_PER_EPOCH) {
                    token.cancel(); // takes effect at the first batch of epoch 2, after checkpoint 1
                }
            }
        };
        assertThatThrownBy(() -> new TrainingJob(store, cancelAfterFirstEpoch, token).start(config("diverges"), DATA))
                .isInstanceOf(CancellationToken.CancelledException.class);
        String id = store.list().get(0).id();
        // From the good state after epoch 1, a learning rate far too large makes the loss explode.
        setLr(store, id, 10.0);

        assertThatThrownBy(() -> new TrainingJob(store, JobListener.NONE, new CancellationToken()).resume(id, DATA))
                .isInstanceOf(TrainingDiverged.class)
                .hasMessageContaining("training diverged at epoch 2, step ")
                .hasMessageMatching(".*the loss is (NaN|Infinity|-Infinity);.*")
                .hasMessageContaining("try a smaller learning rate than 10.0 (--lr)");
        RunRecord failed = store.load(id);
        assertThat(failed.status()).isEqualTo(RunStatus.failed);
        assertThat(failed.message()).contains("diverged at epoch 2").contains("--lr");
        assertThat(failed.metrics().get("epoch")).isEqualTo(1.0);
        assertThat(dir.resolve(id).resolve("weights/ckpt-1/model.params")).isNotEmptyFile();
        assertThat(dir.resolve(id).resolve("weights/model.params")).as("no final model from a diverged run").doesNotExist();

        setLr(store, id, 0.05); // the kept checkpoint is a good state: with a sane rate the run finishes
        new TrainingJob(store, JobListener.NONE, new CancellationToken()).resume(id, DATA);
        assertThat(store.load(id).status()).isEqualTo(RunStatus.finished);
        assertThat(store.load(id).metrics().get("train.loss")).isFinite();
    }

    @Test
    void infiniteAndNaNLossesAreBothDivergence() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> TrainingDiverged.check(bad, "training", 3, 140, 0.5))
                    .isInstanceOf(TrainingDiverged.class)
                    .hasMessage("training diverged at epoch 3, step 140: the loss is " + bad + "; try a smaller learning rate than 0.5 (--lr)");
        }
        TrainingDiverged.check(1e30f, "training", 1, 1, 0.05); // large but finite: not divergence
    }

    private static void setLr(RunStore store, String id, double lr) {
        store.open(id).update(r -> r.withConfig(((com.fasterxml.jackson.databind.node.ObjectNode) r.config().deepCopy()).put("lr", lr)));
    }

    @Test
    void aShortRunLogsItsStepLossOftenEnoughToDrawACurve() {
        assertThat(TrainingJob.stepMetricEvery(4)).as("one epoch of 4 steps: every step").isEqualTo(1);
        assertThat(TrainingJob.stepMetricEvery(500)).isEqualTo(10);
        assertThat(TrainingJob.stepMetricEvery(8 * 859)).as("the protocol's 8 epochs: every 20 steps, as always").isEqualTo(20);
    }
}
