package org.cmpnas.app;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.cmpnas.views.common.BackgroundRunner;

/**
 * Quick background work for the views (reading the store) on its own daemon thread: off the UI
 * thread, and not behind a training job on the engine thread.
 */
public final class FxBackground implements BackgroundRunner, AutoCloseable {
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cmpnas-io");
        t.setDaemon(true);
        return t;
    });

    @Override
    public <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        try {
            io.execute(() -> {
                T result;
                try {
                    result = work.call();
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
            io.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("background work did not finish within " + timeout, e);
        }
    }

    @Override
    public void close() {
        io.shutdownNow();
    }
}
