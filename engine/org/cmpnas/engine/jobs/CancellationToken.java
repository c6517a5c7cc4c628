package org.cmpnas.engine.jobs;

/** Cooperative cancellation: jobs call {@link #check()} between batches. */
public final class CancellationToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public void check() {
        if (cancelled) {
            throw new CancelledException();
        }
    }

    /** Thrown inside a job when its token was cancelled; what was saved is kept. */
    public static final class CancelledException extends RuntimeException {
        CancelledException() {
            super("cancelled");
        }
    }
}
