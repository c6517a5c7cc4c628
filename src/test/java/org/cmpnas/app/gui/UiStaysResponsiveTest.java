package org.cmpnas.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.stage.Stage;
import org.cmpnas.app.AppContext;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.views.jobs.JobState;
import org.cmpnas.views.jobs.JobViewModel;
import org.cmpnas.views.shell.ViewId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The UI thread is never blocked by a job: while a job floods the window with progress, metrics and
 * log lines (far more than real training sends), the longest gap between two frames stays small.
 * The bound is generous so a loaded machine does not make it flaky; the figure is printed.
 */
@ExtendWith(ApplicationExtension.class)
class UiStaysResponsiveTest {
    private static final long FLOOD_MILLIS = 2500;
    private AppContext context;

    @Start
    void start(Stage stage) throws Exception {
        context = AppContext.withJobs(new RunStore(Files.createTempDirectory("cmpnas-gui-test")), (s, c) -> flood());
        context.show(stage);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void framesKeepComingWhileAJobFloodsTheWindowWithEvents(FxRobot robot) throws Exception {
        AtomicLong last = new AtomicLong();
        AtomicLong longestGap = new AtomicLong();
        AnimationTimer frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long previous = last.getAndSet(now);
                if (previous != 0) {
                    longestGap.accumulateAndGet(now - previous, Math::max);
                }
            }
        };
        robot.interact(() -> {
            context.shell().show(ViewId.JOBS); // charts and log on screen: they redraw while it runs
            context.jobs().start();
        });
        JobViewModel job = context.jobs().jobs().get(0);
        // Measured from here: building the job's pane once is the window's work, not the engine's.
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(frames::start);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> job.state() == JobState.FINISHED);
        robot.interact(frames::stop);

        long gapMillis = TimeUnit.NANOSECONDS.toMillis(longestGap.get());
        System.out.println("longest gap between frames while a job flooded the window: " + gapMillis + " ms");
        assertThat(job.log()).isNotEmpty();
        assertThat(job.curves().latestValTop1()).isPositive();
        assertThat(gapMillis).isLessThan(1000);
    }

    /** About 60,000 events a second for a few seconds: steps, step losses, epoch summaries, log lines. */
    private static Job flood() {
        return new Job() {
            @Override
            public String title() {
                return "train flood";
            }

            @Override
            public String run(JobListener listener, CancellationToken token) {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLOOD_MILLIS);
                long total = 150_000;
                for (long step = 1; System.nanoTime() < end; step++) {
                    token.check();
                    int epoch = (int) (step / 1000) + 1;
                    listener.progress(Math.min(step, total), total, "epoch " + epoch + "  loss 1.0");
                    listener.metric("train.step_loss", 2.0 / Math.sqrt(step), step, epoch);
                    if (step % 1000 == 0) {
                        listener.metric("train.loss", 1.0 / epoch, step, epoch);
                        listener.metric("val.top1", Math.min(95, 50 + epoch), step, epoch);
                        listener.metric("epoch", epoch, step, epoch);
                    }
                    if (step % 100 == 0) {
                        listener.log("step " + step);
                    }
                    if (step % 60 == 0) {
                        sleepAMillisecond();
                    }
                }
                return "run-flood";
            }
        };
    }

    private static void sleepAMillisecond() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
