package org.cmpnas.views.common;

import java.util.List;
import org.cmpnas.engine.jobs.JobEvent;

/**
 * What the window learns about a queued job, always on the UI thread. Metrics and log lines come in
 * batches: the runner coalesces the engine's events so thousands of steps cost a few UI updates.
 * Exactly one of succeeded, cancelled or failed ends the job.
 */
public interface JobObserver {

    /** The engine thread has picked the job up. */
    void started();

    void progress(long done, long total, String status);

    void metrics(List<MetricPoint> points);

    void log(List<String> lines);

    /** Structured events in the order reported (a search's generations); ignored unless drawn. */
    default void events(List<JobEvent> events) {
    }

    void succeeded(String runId);

    void cancelled(String reason);

    void failed(String reason);
}
