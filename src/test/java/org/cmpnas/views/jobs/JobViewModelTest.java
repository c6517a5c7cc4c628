package org.cmpnas.views.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.cmpnas.views.common.MetricPoint;
import org.junit.jupiter.api.Test;

class JobViewModelTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger storeChanges = new AtomicInteger();
    private final JobViewModel job = new JobViewModel("train resnet-q", "training resnet-q", 8, now::get,
            storeChanges::incrementAndGet);

    @Test
    void progressEventsGiveEpochStepsAndEta() {
        job.started();
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.progressProperty().get()).isNegative(); // preparing: indeterminate
        now.addAndGet(TimeUnit.SECONDS.toNanos(5)); // data loading is not counted in the rate
        job.progress(100, 800, "epoch 1/8  loss 2.1");
        now.addAndGet(TimeUnit.SECONDS.toNanos(20));
        job.progress(300, 800, "epoch 3/8  loss 0.9");

        assertThat(job.progressProperty().get()).isEqualTo(0.375);
        assertThat(job.currentEpochProperty().get()).isEqualTo(3);
        assertThat(job.epochText()).isEqualTo("epoch 3/8");
        assertThat(job.stepsProperty().get()).isEqualTo("300 / 800");
        assertThat(job.statusProperty().get()).isEqualTo("epoch 3/8  loss 0.9");
        // 200 steps took 20 s: the remaining 500 take 50 s.
        assertThat(job.etaProperty().get()).isEqualTo("50s");
        assertThat(job.elapsedProperty().get()).isEqualTo("25s");
    }

    @Test
    void metricsFeedTheCurvesAndAnEpochEndRefreshesTheStore() {
        job.started();
        int before = storeChanges.get();
        job.metrics(List.of(new MetricPoint("train.step_loss", 1.2, 20, 1), new MetricPoint("train.acc", 50, 20, 1)));
        assertThat(job.curvesVersionProperty().get()).isEqualTo(1);
        assertThat(job.curves().latestLoss()).isEqualTo(1.2);
        assertThat(storeChanges.get()).isEqualTo(before);
        job.metrics(List.of(new MetricPoint("val.top1", 71.5, 100, 1), new MetricPoint("epoch", 1, 100, 1)));
        assertThat(job.curves().latestValTop1()).isEqualTo(71.5);
        assertThat(storeChanges.get()).isEqualTo(before + 1);
    }

    @Test
    void theLogKeepsTheNewestLines() {
        job.log(IntStream.range(0, JobViewModel.MAX_LOG_LINES + 50).mapToObj(i -> "line " + i).toList());
        assertThat(job.log()).hasSize(JobViewModel.MAX_LOG_LINES);
        assertThat(job.log().get(job.log().size() - 1)).isEqualTo("line " + (JobViewModel.MAX_LOG_LINES + 49));
    }

    @Test
    void aFailureSaysWhy() {
        job.started();
        job.failed("training diverged at epoch 2, step 140: the loss is NaN");
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.outcomeProperty().get()).contains("diverged");
        assertThat(job.etaProperty().get()).isEqualTo("–");
    }

    @Test
    void cancelAsksOnceAndTheRunnerDecides() {
        AtomicInteger cancels = new AtomicInteger();
        job.attach(cancels::incrementAndGet);
        job.started();
        job.cancel();
        job.cancel();
        assertThat(cancels.get()).isEqualTo(1);
        assertThat(job.cancelRequestedProperty().get()).isTrue();
        assertThat(job.state()).isEqualTo(JobState.RUNNING); // until the job has really stopped
        job.cancelled("cancelled; the checkpoint of the last finished epoch is kept");
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
        assertThat(job.outcomeProperty().get()).isEqualTo("cancelled during epoch 1/8, before its first checkpoint");
    }

    @Test
    void aCancelledTrainingSaysWhichCheckpointSurvives() {
        job.started();
        job.metrics(List.of(new MetricPoint("epoch", 1, 100, 1), new MetricPoint("epoch", 2, 200, 2)));
        job.progress(250, 800, "epoch 3/8");
        job.cancelled("cancelled");
        assertThat(job.outcomeProperty().get())
                .isEqualTo("cancelled during epoch 3/8; the checkpoint of epoch 2 is kept and the run can be resumed");
        assertThat(job.statusProperty().get()).isEqualTo("epoch 3/8"); // the engine's last word stays
    }
}
