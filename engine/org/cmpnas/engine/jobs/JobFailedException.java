package org.cmpnas.engine.jobs;

/**
 * A job stopped for a reason the user can act on that is neither bad input nor a bug, e.g. a loss
 * that diverged. The message is one line saying where and what to try; the run is marked failed.
 */
public class JobFailedException extends RuntimeException {
    public JobFailedException(String message) {
        super(message);
    }
}
