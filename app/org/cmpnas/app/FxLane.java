package org.cmpnas.app;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.views.common.BackgroundLane;

/**
 * A lane of the window: one daemon thread of its own, so store reads neither block the UI nor wait
 * behind a training job on the engine thread, and the retrieval demo's models (opening one takes seconds
 * when a gallery must be embedded) hold up neither. Progress reaches the UI thread coalesced: at most one
 * update is pending at a time.
 */
public final class FxLane implements BackgroundLane, AutoCloseable {
    /** The lane that reads and writes the run store. */
    static final String IO = "cmpnas-io";
    /** The lane that owns the retrieval demo's models. */
    static final String DEMO = "cmpnas-demo";

    private final ExecutorService thread;
    private final String name;

    FxLane(String name) {
        this.name = name;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
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
