package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.MetricEvent;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.Checkpoint;
import org.cmpnas.engine.train.Schedule;
import org.junit.jupiter.api.Test;

/** The supernet run of the tiny pipeline, and the supernet job's refusals and cancellation. */
class SupernetJobTest {

    @Test
    void supernetRunIsRecordedWithCheckpointLinkAndFinalParameters() {
        NasPipelineFixture f = NasPipelineFixture.get();
        RunRecord run = f.store.load(f.supernet);
        assertThat(run.kind()).isEqualTo(RunKind.supernet);
        assertThat(run.status()).isEqualTo(RunStatus.finished);
        assertThat(run.arch()).isEqualTo("supernet");
        // budget-aware by default: the sandwich's largest is the largest subnet within the highest budget
        assertThat(run.macs()).isEqualTo(f.supernetConfig().sandwich().largest().macs()).isLessThanOrEqualTo(2_400_000L);
        assertThat(run.config().path("sampling").asText()).isEqualTo("budget-aware");
        assertThat(run.links()).containsEntry("gallery", f.gallery);
        assertThat(run.config().path("gallery").asText()).isEqualTo(f.gallery);
        assertThat(run.config().path("data").asText()).isEqualTo("fashion-mnist");
        assertThat(run.provenance().endedAt()).isNotNull();
        assertThat(run.metrics()).containsKeys("supernet.loss", "val.largest.mAP", "val.smallest.mAP", "epoch");
        assertThat(run.metrics().get("supernet.loss")).isFinite().isPositive();
        // Ten classes: chance mAP is about 10%; even one tiny epoch of the largest subnet beats it.
        assertThat(run.metrics().get("val.largest.mAP")).isGreaterThan(10.0);

        List<MetricEvent> events = f.store.metrics(f.supernet);
        assertThat(events.stream().filter(e -> e.name().equals("supernet.loss")).map(MetricEvent::epoch)).containsExactly(1);
        assertThat(events.stream().filter(e -> e.name().equals("supernet.step_loss"))).isNotEmpty();

        Path weights = f.store.dir(f.supernet).resolve("weights");
        int steps = NasPipelineFixture.IMAGES / NasPipelineFixture.BATCH;
        assertThat(Checkpoint.latest(weights)).contains(new Checkpoint(1, steps));
        assertThat(Files.exists(weights.resolve(SupernetFiles.PARAMS))).isTrue();
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThat(SupernetFiles.load(weights, manager).classes()).isEqualTo(10);
        }
    }

    @Test
    void cancelStopsAtTheNextBatchAndRecordsTheRunAsCancelled() {
        NasPipelineFixture f = NasPipelineFixture.get();
        CancellationToken token = new CancellationToken();
        long[] steps = {0};
        JobListener cancelAfterTwoSteps = new JobListener() {
            @Override
            public void progress(long done, long total, String status) {
                steps[0] = done;
                if (done == 2) {
                    token.cancel();
                }
            }
        };
        SupernetConfig config = f.supernetConfig().withName("cancelled")
                .withSchedule(f.supernetConfig().schedule().withBatch(8));
        assertThatThrownBy(() -> new SupernetJob(f.store, cancelAfterTwoSteps, token).start(config, NasPipelineFixture.DATA))
                .isInstanceOf(CancellationToken.CancelledException.class);
        assertThat(steps[0]).as("no step after the cancel").isEqualTo(2);
        RunRecord cancelled = runNamed(f.store, "cancelled");
        assertThat(cancelled.status()).isEqualTo(RunStatus.cancelled);
        assertThat(cancelled.message()).contains("first epoch");
    }

    @Test
    void aCancelledSupernetResumesFromItsCheckpointToTheUninterruptedResult() throws Exception {
        NasPipelineFixture f = NasPipelineFixture.get();
        SupernetConfig twoEpochs = f.supernetConfig().withSchedule(f.supernetConfig().schedule().withEpochs(2));
        String straight = new SupernetJob(f.store, JobListener.NONE, new CancellationToken()).start(twoEpochs.withName("straight"), NasPipelineFixture.DATA);
        int stepsPerEpoch = NasPipelineFixture.IMAGES / NasPipelineFixture.BATCH;
        CancellationToken token = new CancellationToken();
        JobListener cancelInEpochTwo = new JobListener() {
            @Override
            public void progress(long done, long total, String status) {
                if (done == stepsPerEpoch + 3) {
                    token.cancel();
                }
            }
        };
        assertThatThrownBy(() -> new SupernetJob(f.store, cancelInEpochTwo, token).start(twoEpochs.withName("interrupted"), NasPipelineFixture.DATA))
                .isInstanceOf(CancellationToken.CancelledException.class);
        RunRecord cancelled = runNamed(f.store, "interrupted");
        assertThat(cancelled.message()).contains("after epoch 1").contains("supernet --resume " + cancelled.id());

        new SupernetJob(f.store, JobListener.NONE, new CancellationToken()).resume(cancelled.id(), NasPipelineFixture.DATA);
        RunRecord resumed = f.store.load(cancelled.id());
        RunRecord reference = f.store.load(straight);
        assertThat(resumed.status()).isEqualTo(RunStatus.finished);
        for (String metric : List.of("epoch", "supernet.loss", "val.largest.mAP", "val.smallest.mAP")) {
            assertThat(resumed.metrics().get(metric)).as(metric).isCloseTo(reference.metrics().get(metric), org.assertj.core.api.Assertions.within(1e-4));
        }
        Path params = Path.of("weights", SupernetFiles.PARAMS);
        assertThat(Files.readAllBytes(f.store.dir(cancelled.id()).resolve(params)))
                .as("the parameters an uninterrupted run of the same seed ends with")
                .isEqualTo(Files.readAllBytes(f.store.dir(straight).resolve(params)));
    }

    @Test
    void pairWithAGalleryAndNonCompatibilityLossesAreRefusedBeforeAnyRun() {
        NasPipelineFixture f = NasPipelineFixture.get();
        int runs = f.store.list().size();
        SupernetConfig base = f.supernetConfig();
        SupernetConfig whole = base.withSchedule(new Schedule(1, 8, 0.05, 0.9, 0, 1)).withData(DataSpec.all(null, null))
                .withLoss(LossSpec.of("bct", 1, 0.1)).withBudgets(null).withResolutions(null);
        SupernetConfig pair = whole.withName("p").withPair(true);
        SupernetConfig neither = whole.withName("n").withGallery(null);
        SupernetConfig independent = whole.withName("i").withLoss(new LossSpec.Independent());
        JobListener none = JobListener.NONE;
        assertThatThrownBy(() -> new SupernetJob(f.store, none, new CancellationToken()).start(pair, NasPipelineFixture.DATA))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--pair").hasMessageContaining("--gallery " + base.gallery())
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new SupernetJob(f.store, none, new CancellationToken()).start(neither, NasPipelineFixture.DATA))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--gallery RUN is required").hasMessageContaining("--pair");
        assertThatThrownBy(() -> new SupernetJob(f.store, none, new CancellationToken()).start(independent, NasPipelineFixture.DATA))
                .isInstanceOf(BadInputException.class).hasMessageContaining("independent");
        assertThatThrownBy(() -> new SupernetJob(f.store, none, new CancellationToken()).start(base.resolved(f.supernet, null, null), NasPipelineFixture.DATA))
                .isInstanceOf(BadInputException.class).hasMessageContaining(f.supernet).hasMessageContaining("not a gallery model");
        assertThat(f.store.list()).hasSize(runs);
    }

    static RunRecord runNamed(RunStore store, String name) {
        return store.list().stream().map(l -> l.record().orElseThrow()).filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
