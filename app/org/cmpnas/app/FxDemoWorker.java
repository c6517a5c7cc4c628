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
import org.cmpnas.views.retrieval.DemoWorker;

/**
 * The retrieval demo's own daemon thread: it owns the demo's models, so opening one (seconds, when a
 * gallery must be embedded) neither blocks the UI nor waits behind a training job on the engine
 * thread, nor holds up the store reads of the other views. Progress reaches the UI thread coalesced:
 * at most one update is pending at a time.
 */
final class FxDemoWorker implements DemoWorker, AutoCloseable {
    static final String THREAD_NAME = "cmpnas-demo";

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, THREAD_NAME);
        t.setDaemon(true);
        return t;
    });

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
            // the window is closing: nobody is left to show the result
        }
    }

    /** Waits until the work queued so far has run (its results are then queued for the UI thread). */
    void awaitIdle(Duration timeout) {
        try {
            thread.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the retrieval demo did not finish within " + timeout, e);
        }
    }

    /** Lets queued work (closing the models) finish briefly, then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
