package org.cmpnas.views.retrieval;

import java.util.function.Consumer;
import org.cmpnas.engine.jobs.JobListener;

/**
 * The thread that owns the retrieval demo's models: opening a demo (embedding a gallery may take
 * seconds), embedding an outside image and closing the models all run there, one at a time, never on
 * the UI thread and never behind a training job. Progress, results and failures arrive on the UI thread.
 */
public interface DemoWorker {

    <T> void run(Work<T> work, Progress onProgress, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure);

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
