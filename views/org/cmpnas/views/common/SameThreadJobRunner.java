package org.cmpnas.views.common;

import java.util.List;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.jobs.JobEvent;
import org.cmpnas.engine.jobs.JobListener;

/**
 * Runs each job to its end inside {@link #submit}, passing every event straight on: ViewModel tests
 * see the same observer calls as the window, in order, without threads.
 */
public final class SameThreadJobRunner implements JobRunner {

    @Override
    public JobControl submit(Job job, JobObserver observer) {
        CancellationToken token = new CancellationToken();
        observer.started();
        JobListener listener = new JobListener() {
            @Override
            public void progress(long done, long total, String status) {
                observer.progress(done, total, status);
            }

            @Override
            public void metric(String name, double value, long step, int epoch) {
                observer.metrics(List.of(new MetricPoint(name, value, step, epoch)));
            }

            @Override
            public void log(String line) {
                observer.log(List.of(line));
            }

            @Override
            public void event(JobEvent event) {
                observer.events(List.of(event));
            }
        };
        try {
            observer.succeeded(job.run(listener, token));
        } catch (RuntimeException e) {
            if (JobOutcomes.isCancellation(e)) {
                observer.cancelled(JobOutcomes.CANCELLED_WHILE_RUNNING);
            } else {
                observer.failed(JobOutcomes.describeFailure(e));
            }
        }
        return token::cancel;
    }
}
