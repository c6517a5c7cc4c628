package org.cmpnas.views.retrieval;

import java.util.function.Consumer;
import org.cmpnas.engine.jobs.JobListener;

/** Runs the demo's work at once on the calling thread: ViewModel tests need no threads and no window. */
public final class SameThreadDemoWorker implements DemoWorker {

    @Override
    public <T> void run(Work<T> work, Progress onProgress, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        T result;
        try {
            result = work.run(new JobListener() {
                @Override
                public void progress(long done, long total, String status) {
                    onProgress.update(done, total, status);
                }
            });
        } catch (Exception e) {
            onFailure.accept(e);
            return;
        }
        onSuccess.accept(result);
    }
}
