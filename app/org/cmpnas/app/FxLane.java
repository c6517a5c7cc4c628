package org.cmpnas.app;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.views.common.BackgroundLane;

/**
 * A lane of the window: one daemon thread of its own that runs work in the order it was queued. The
 * engine's lane runs the jobs (DJL's models, trainers and native arrays belong to the thread that made
 * them), through {@link FxJobRunner}; store reads neither block the UI nor wait behind a training job,
 * and the retrieval demo's models (opening one takes seconds when a gallery must be embedded) hold up
 * neither. Progress reaches the UI thread coalesced: at most one update is pending at a time.
 */
public final class FxLane implements BackgroundLane, AutoCloseable {
    /** The lane that runs the jobs, one at a time. */
    public static final String ENGINE = "cmpnas-engine";
    /** The lane that reads and writes the run store. */
    static final String IO = "cmpnas-io";
    /** The lane that owns the retrieval demo's models. */
    static final String DEMO = "cmpnas-demo";
    /** The lane that paints the charts, shared by every window of the process. */
    static final String CHARTS = "cmpnas-charts";

    private final ThreadPoolExecutor thread;
    private final String name;

    public FxLane(String name) {
        this.name = name;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a task behind the others, as it is (a job's task reports to the UI thread itself). */
    public void enqueue(Runnable task) {
        thread.execute(task);
    }

    /** Takes a task out of the queue before it starts; false once it has started (or ended). */
    public boolean removeQueued(Runnable task) {
        return thread.remove(task);
    }

    /**
     * Accepts no more work and waits up to {@code grace} for the current task to end (a cancelled job
     * stops at its next batch and records itself as cancelled). Never interrupts the thread: an
     * interrupt inside native code helps nobody.
     */
    public boolean shutdown(Duration grace) {
        thread.shutdown();
        try {
            return thread.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public <T> void run(Work<T> work, Progress onProgress, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        try {
            thread.execute(() -> {
                AtomicReference<Runnable> pending = new AtomicReference<>();
                JobListener listener = new JobListener() {
                    @Override
                    public void progress(long done, long total, String status) {
                        if (pending.getAndSet(() -> onProgress.update(done, total, status)) == null) {
                            Platform.runLater(() -> pending.getAndSet(null).run());
                        }
                    }
                };
                T result;
                try {
                    result = work.run(listener);
                } catch (Throwable e) {
                    Platform.runLater(() -> onFailure.accept(e));
                    return;
                }
                Platform.runLater(() -> onSuccess.accept(result));
            });
        } catch (RejectedExecutionException closing) {
            // the window is closing (e.g. a cancelled job asks for a reload): nobody is left to show it
        }
    }

    /** Waits until the work queued so far has run (its results are then queued for the UI thread). */
    public void awaitIdle(Duration timeout) {
        try {
            thread.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not finish its work within " + timeout, e);
        }
    }

    /** Lets queued work (closing the demo's models) finish briefly, then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
