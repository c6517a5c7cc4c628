package org.cmpnas.views.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.cmpnas.engine.jobs.JobListener;

/**
 * One of the window's threads for work that must not run on the UI thread nor wait behind a training
 * job: reading the run store, or the retrieval demo's models (opening a demo may embed a gallery for
 * seconds). Work runs there one piece at a time, in order; progress, results and failures arrive on the
 * UI thread. The window's lanes are real threads; {@link SameThreadLane} serves tests.
 */
public interface BackgroundLane {

    /** Runs {@code work}, which reports progress through the listener it is given. */
    <T> void run(Work<T> work, Progress onProgress, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure);

    /** Runs work that reports no progress. */
    default <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        run(listener -> work.call(), Progress.NONE, onSuccess, onFailure);
    }

    /** The work; it reports through the listener it is given. */
    @FunctionalInterface
    interface Work<T> {
        T run(JobListener listener) throws Exception;
    }

    /** Progress on the UI thread: {@code done} of {@code total} stages, and what is being done. */
    @FunctionalInterface
    interface Progress {
        Progress NONE = (done, total, status) -> { };

        void update(long done, long total, String status);
    }
}
