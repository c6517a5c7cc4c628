package org.cmpnas.app.gui;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.stage.Stage;
import org.cmpnas.app.AppContext;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.engine.train.TrainingJob;
import org.cmpnas.views.jobs.JobState;
import org.cmpnas.views.jobs.JobViewModel;
import org.cmpnas.views.shell.ViewId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's responsiveness while a real training job runs (resnet-q, 2 epochs on 6,000 images, with
 * the Jobs view and its live curves on screen): the longest gap between two pulses, and the 99th
 * percentile. A benchmark, not a test: it asserts nothing and prints the figures. Run it with
 * {@code mvn test -Dtest.excludedGroups=window -Dtest=PulseGapBenchmarkTest}.
 */
@Tag("slow")
@ExtendWith(ApplicationExtension.class)
class PulseGapBenchmarkTest {
    private static final TrainConfig JOB = new TrainConfig("pulse benchmark", "resnet-q", TrainConfig.FASHION_MNIST, 2, 64, 0.05,
            0.9, 5e-4, 1, 6000, true, 0);
    private AppContext context;

    @Start
    void start(Stage stage) throws Exception {
        context = AppContext.withJobs(new RunStore(Files.createTempDirectory("cmpnas-pulse")), (store, ignored) -> TrainingJob.of(store, JOB));
        context.show(stage);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void longestPulseGapWhileTraining(FxRobot robot) throws Exception {
        List<Long> gaps = new ArrayList<>();
        List<String> slow = new ArrayList<>(); // when the long gaps happened: which part of the job it was in
        AtomicLong last = new AtomicLong();
        JobViewModel[] running = new JobViewModel[1];
        AnimationTimer pulses = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long previous = last.getAndSet(now);
                if (previous != 0) {
                    gaps.add(now - previous);
                    if (now - previous > TimeUnit.MILLISECONDS.toNanos(80)) {
                        slow.add(TimeUnit.NANOSECONDS.toMillis(now - previous) + " ms at "
                                + String.format("%.1f %%", 100 * running[0].progressProperty().get()) + " (" + running[0].state() + ")");
                    }
                }
            }
        };
        robot.interact(() -> {
            context.shell().show(ViewId.JOBS);
            context.jobs().start();
        });
        JobViewModel job = context.jobs().jobs().get(0);
        running[0] = job;
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> job.state() == JobState.RUNNING);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(pulses::start);
        WaitForAsyncUtils.waitFor(30, TimeUnit.MINUTES, () -> job.state() != JobState.RUNNING);
        robot.interact(pulses::stop);
        List<Long> sorted = gaps.stream().sorted().toList(); // the timer has stopped: the list no longer changes
        long max = TimeUnit.NANOSECONDS.toMillis(sorted.get(sorted.size() - 1));
        long p99 = TimeUnit.NANOSECONDS.toMillis(sorted.get((int) (sorted.size() * 0.99)));
        List<Long> longest = sorted.subList(Math.max(0, sorted.size() - 5), sorted.size()).stream().map(TimeUnit.NANOSECONDS::toMillis).toList();
        System.out.printf("pulse gaps while training (%s, %d pulses): longest %d ms, 99th percentile %d ms, five longest %s ms, job %s%n",
                JOB.arch(), sorted.size(), max, p99, longest, job.state());
        System.out.println("gaps over 80 ms: " + slow);
    }
}
