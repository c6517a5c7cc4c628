package org.cmpnas.app;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.views.common.JobControl;
import org.cmpnas.views.common.JobObserver;
import org.cmpnas.views.common.JobOutcomes;
import org.cmpnas.views.common.JobRunner;

/** The window's job runner: each job becomes a {@link TaskAdapter} queued on the engine's lane ({@link FxLane#ENGINE}). */
public final class FxJobRunner implements JobRunner {
    private final FxLane engine;
    private final Consumer<Runnable> uiThread;
    private final Set<TaskAdapter> submitted = ConcurrentHashMap.newKeySet();

    public FxJobRunner(FxLane engine) {
        this(engine, Platform::runLater);
    }

    /** @param uiThread how work reaches the UI thread (tests count the hand-overs) */
    public FxJobRunner(FxLane engine, Consumer<Runnable> uiThread) {
        this.engine = engine;
        this.uiThread = uiThread;
    }

    @Override
    public JobControl submit(Job job, JobObserver observer) {
        TaskAdapter task = new TaskAdapter(job, observer, uiThread);
        submitted.add(task);
        task.runningProperty().addListener((obs, was, running) -> {
            if (!running && task.isDone()) {
                submitted.remove(task);
            }
        });
        engine.enqueue(task);
        return () -> {
            if (engine.removeQueued(task)) {
                submitted.remove(task);
                observer.cancelled(JobOutcomes.CANCELLED_BEFORE_START); // never ran, nothing to wait for
            } else {
                task.cancelJob();
            }
        };
    }

    /**
     * Stops every job from any thread, without the UI thread (which may be gone): for the JVM's
     * shutdown hook, so a window killed by a signal still records its run as cancelled.
     */
    public void cancelAllNow() {
        submitted.forEach(TaskAdapter::cancelJob);
    }
}
