package org.cmpnas.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import org.cmpnas.app.FxJobRunner;
import org.cmpnas.app.FxLane;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.views.common.JobControl;
import org.cmpnas.views.common.JobObserver;
import org.cmpnas.views.common.MetricPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The window's engine: one named thread, queued jobs, events coalesced onto the UI thread, cancellation. */
class EngineRunnerTest {
    private final FxLane engine = new FxLane(FxLane.ENGINE);
    private final AtomicInteger handOvers = new AtomicInteger();
    private final FxJobRunner runner = new FxJobRunner(engine, r -> {
        handOvers.incrementAndGet();
        Platform.runLater(r);
    });

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void stop() {
        engine.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void thousandsOfEventsReachTheUiThreadInFewBatches() throws Exception {
        int steps = 20_000;
        Recorder events = new Recorder();
        runner.submit(job("flood", (listener, token) -> {
            for (int i = 1; i <= steps; i++) {
                listener.progress(i, steps, "step " + i);
                listener.metric("train.step_loss", 1.0 / i, i, 1);
            }
            listener.log("done");
            return "run-flood";
        }), events);

        assertThat(events.ended.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(events.outcome).isEqualTo("succeeded run-flood");
        assertThat(events.metrics).hasSize(steps); // nothing lost
        assertThat(events.lastDone.get()).isEqualTo(steps); // the final progress arrives before the end
        assertThat(events.log).containsExactly("done");
        assertThat(events.offUiThread.get()).isFalse();
        // 40,000 events, far fewer hand-overs: at most one is pending at any time.
        assertThat(handOvers.get()).isLessThan(steps / 4);
    }

    @Test
    void jobsRunOneAtATimeInOrderOnTheEngineThread() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        Recorder last = null;
        for (String name : List.of("a", "b", "c")) {
            last = new Recorder();
            runner.submit(job(name, (listener, token) -> {
                overlapped.compareAndSet(false, concurrent.incrementAndGet() > 1);
                order.add(name + "@" + Thread.currentThread().getName());
                sleep(30);
                concurrent.decrementAndGet();
                return name;
            }), last);
        }
        assertThat(last.ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("a@cmpnas-engine", "b@cmpnas-engine", "c@cmpnas-engine");
        assertThat(overlapped.get()).isFalse();
    }

    @Test
    void aQueuedJobCancelledNeverRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recorder first = new Recorder();
        runner.submit(job("blocker", (listener, token) -> {
            await(release);
            return "blocker";
        }), first);
        AtomicBoolean secondRan = new AtomicBoolean();
        Recorder second = new Recorder();
        JobControl control = runner.submit(job("second", (listener, token) -> {
            secondRan.set(true);
            return "second";
        }), second);

        Platform.runLater(control::cancel);
        assertThat(second.ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(second.outcome).startsWith("cancelled before it started");
        release.countDown();
        assertThat(first.ended.await(5, TimeUnit.SECONDS)).isTrue();
        engine.shutdown(Duration.ofSeconds(5));
        assertThat(secondRan.get()).isFalse();
    }

    @Test
    void aRunningJobCancelledStopsAtItsNextCheck() throws Exception {
        Recorder events = new Recorder();
        CountDownLatch running = new CountDownLatch(1);
        JobControl control = runner.submit(job("long", (listener, token) -> {
            running.countDown();
            for (int i = 0; i < 10_000; i++) {
                token.check();
                sleep(5);
            }
            return "never";
        }), events);
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        Platform.runLater(control::cancel);
        assertThat(events.ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(events.outcome).startsWith("cancelled; the checkpoint");
        assertThat(events.started.get()).isTrue();
    }

    @Test
    void aFailureIsReportedInOneLine() throws Exception {
        Recorder events = new Recorder();
        runner.submit(job("broken", (listener, token) -> {
            throw new IllegalStateException("training diverged at epoch 2, step 140");
        }), events);
        assertThat(events.ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(events.outcome).isEqualTo("failed training diverged at epoch 2, step 140");
    }

    interface Body {
        String run(JobListener listener, CancellationToken token);
    }

    private static Job job(String title, Body body) {
        return new Job() {
            @Override
            public String title() {
                return title;
            }

            @Override
            public String run(JobListener listener, CancellationToken token) {
                return body.run(listener, token);
            }
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records what the observer heard, and whether any of it came off the UI thread. */
    private static final class Recorder implements JobObserver {
        final CountDownLatch ended = new CountDownLatch(1);
        final AtomicBoolean started = new AtomicBoolean();
        final AtomicBoolean offUiThread = new AtomicBoolean();
        final AtomicLong lastDone = new AtomicLong();
        final List<MetricPoint> metrics = new CopyOnWriteArrayList<>();
        final List<String> log = new CopyOnWriteArrayList<>();
        volatile String outcome;

        private void check() {
            if (!Platform.isFxApplicationThread()) {
                offUiThread.set(true);
            }
        }

        @Override
        public void started() {
            check();
            started.set(true);
        }

        @Override
        public void progress(long done, long total, String status) {
            check();
            lastDone.set(done);
        }

        @Override
        public void metrics(List<MetricPoint> points) {
            check();
            metrics.addAll(points);
        }

        @Override
        public void log(List<String> lines) {
            check();
            log.addAll(lines);
        }

        @Override
        public void succeeded(String runId) {
            end("succeeded " + runId);
        }

        @Override
        public void cancelled(String reason) {
            end(reason);
        }

        @Override
        public void failed(String reason) {
            end("failed " + reason);
        }

        private void end(String text) {
            check();
            outcome = text;
            ended.countDown();
        }
    }
}
