package org.cmpnas.app;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The background engine: one named daemon thread that runs jobs one at a time, in the order they
 * were queued. One thread, because DJL's models, trainers and native arrays belong to the thread
 * that made them (docs/architecture.md); daemon, so a stuck job never keeps the JVM alive after the window.
 */
public final class EngineExecutor implements AutoCloseable {
    public static final String THREAD_NAME = "cmpnas-engine";

    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, THREAD_NAME);
                t.setDaemon(true);
                return t;
            });

    /** Queues a job's task behind the others. */
    public void enqueue(Runnable task) {
        executor.execute(task);
    }

    /** Takes a task out of the queue before it starts; false once it has started (or ended). */
    public boolean removeQueued(Runnable task) {
        return executor.remove(task);
    }

    /** Tasks waiting behind the running one. */
    public int queued() {
        return executor.getQueue().size();
    }

    /**
     * Accepts no more work and waits up to {@code grace} for the current job to end (a cancelled
     * job stops at its next batch and records itself as cancelled). Never interrupts the thread:
     * an interrupt inside native code helps nobody.
     */
    public boolean shutdown(Duration grace) {
        executor.shutdown();
        try {
            return executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }
}
