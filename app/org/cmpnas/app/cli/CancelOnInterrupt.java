package org.cmpnas.app.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.cmpnas.engine.jobs.CancellationToken;

/**
 * Ctrl-C during a job cancels it cooperatively: the shutdown hook sets the token and waits briefly for
 * the job to record itself as cancelled, so the run is not left looking like it is still running.
 */
final class CancelOnInterrupt {
    private static final long GRACE_SECONDS = 20;

    private CancelOnInterrupt() {
    }

    static <T> T run(CancellationToken token, Supplier<T> job) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            token.cancel();
            try {
                done.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cancel-on-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return job.get();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already running and waits for the latch released above.
            }
        }
    }
}
