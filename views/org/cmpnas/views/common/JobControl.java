package org.cmpnas.views.common;

/** The handle of a submitted job. */
public interface JobControl {

    /**
     * Asks the job to stop: a queued job is dropped at once, a running one stops at its next batch
     * and keeps what it saved. The observer hears the outcome.
     */
    void cancel();
}
