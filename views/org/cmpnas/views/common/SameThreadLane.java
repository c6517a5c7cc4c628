package org.cmpnas.views.common;

import java.util.function.Consumer;
import org.cmpnas.engine.jobs.JobListener;

/** Runs a lane's work at once on the calling thread: view-model tests need no threads and no window. */
public final class SameThreadLane implements BackgroundLane {

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
