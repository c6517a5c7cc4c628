package org.cmpnas.app.gui;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.stage.Stage;
import org.cmpnas.app.AppContext;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.Schedule;
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
    private static final TrainConfig JOB = TrainConfig.of("resnet-q", TrainConfig.FASHION_MNIST).withName("pulse benchmark").withSchedule(new Schedule(2, 64, 0.05, 0.9, 5e-4, 1)).withData(DataSpec.all(TrainConfig.FASHION_MNIST).withLimit(6000));
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

    /**
     * Samples the FX thread's stack every 2 ms, so a long gap can be blamed on the code it was running:
     * the most frequent project frame (else the top frame) among the samples taken during the gap.
     */
    private static final class FxThreadSampler {
        private record Sample(long nanos, StackTraceElement[] stack) {
        }

        private final java.util.concurrent.ConcurrentLinkedDeque<Sample> samples = new java.util.concurrent.ConcurrentLinkedDeque<>();
        private volatile boolean running = true;

        void watch(Thread fx) {
            Thread t = new Thread(() -> {
                while (running) {
                    samples.add(new Sample(System.nanoTime(), fx.getStackTrace()));
                    while (samples.size() > 5000) {
                        samples.pollFirst();
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fx-sampler");
            t.setDaemon(true);
            t.start();
        }

        void stop() {
            running = false;
        }

        /** The three most frequent blamed frames of the samples taken between two pulses, with their counts. */
        String busiestBetween(long from, long to) {
            java.util.Map<String, Long> counts = samples.stream().filter(s -> s.nanos() > from && s.nanos() < to)
                    .map(s -> blame(s.stack()))
                    .collect(java.util.stream.Collectors.groupingBy(f -> f, java.util.stream.Collectors.counting()));
            long taken = counts.values().stream().mapToLong(Long::longValue).sum();
            return taken + " samples (few: the FX thread was hardly scheduled), "
                    + counts.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                    .map(e -> e.getValue() + "× " + e.getKey()).toList();
        }

        private static String blame(StackTraceElement[] stack) {
            if (stack.length == 0) {
                return "?";
            }
            String top = stack[0].getClassName() + "." + stack[0].getMethodName();
            for (StackTraceElement f : stack) {
                if (f.getClassName().startsWith("org.cmpnas")) {
                    return f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName() + ":" + f.getLineNumber()
                            + " < " + top;
                }
            }
            return top;
        }
    }

    @Test
    void longestPulseGapWhileTraining(FxRobot robot) throws Exception {
        List<Long> gaps = new ArrayList<>();
        List<String> slow = new ArrayList<>(); // when the long gaps happened: which part of the job it was in
        AtomicLong last = new AtomicLong();
        FxThreadSampler sampler = new FxThreadSampler();
        JobViewModel[] running = new JobViewModel[1];
        AnimationTimer pulses = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long previous = last.getAndSet(now);
                if (previous != 0) {
                    gaps.add(now - previous);
                    if (now - previous > TimeUnit.MILLISECONDS.toNanos(80)) {
                        slow.add(TimeUnit.NANOSECONDS.toMillis(now - previous) + " ms at "
                                + String.format("%.1f %%", 100 * running[0].progressProperty().get()) + " (" + running[0].state() + "), busy in "
                                + sampler.busiestBetween(previous, now));
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
        robot.interact(() -> sampler.watch(Thread.currentThread()));
        robot.interact(pulses::start);
        WaitForAsyncUtils.waitFor(30, TimeUnit.MINUTES, () -> job.state() != JobState.RUNNING);
        robot.interact(pulses::stop);
        sampler.stop();
        List<Long> sorted = gaps.stream().sorted().toList(); // the timer has stopped: the list no longer changes
        long max = TimeUnit.NANOSECONDS.toMillis(sorted.get(sorted.size() - 1));
        long p99 = TimeUnit.NANOSECONDS.toMillis(sorted.get((int) (sorted.size() * 0.99)));
        List<Long> longest = sorted.subList(Math.max(0, sorted.size() - 5), sorted.size()).stream().map(TimeUnit.NANOSECONDS::toMillis).toList();
        System.out.printf("pulse gaps while training (%s, %d pulses): longest %d ms, 99th percentile %d ms, five longest %s ms, job %s%n",
                JOB.arch(), sorted.size(), max, p99, longest, job.state());
        System.out.println("gaps over 80 ms: " + slow);
    }
}
