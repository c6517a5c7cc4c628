package org.cmpnas.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.concurrent.Task;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.jobs.JobEvent;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.views.common.JobObserver;
import org.cmpnas.views.common.JobOutcomes;
import org.cmpnas.views.common.MetricPoint;

/**
 * An engine {@link Job} as a JavaFX {@link Task}. The engine thread only appends events to queues;
 * at most one hand-over to the UI thread is pending at a time, and it delivers everything that
 * piled up since the last one. However many steps a job reports, the UI thread sees a bounded
 * number of small updates and never a backlog.
 */
final class TaskAdapter extends Task<String> {
    private final Job job;
    private final JobObserver observer;
    private final Consumer<Runnable> uiThread;
    private final CancellationToken token = new CancellationToken();
    private final AtomicReference<long[]> progress = new AtomicReference<>();
    private final AtomicReference<String> status = new AtomicReference<>();
    private final Queue<MetricPoint> metrics = new ConcurrentLinkedQueue<>();
    private final Queue<String> log = new ConcurrentLinkedQueue<>();
    private final Queue<JobEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushPending = new AtomicBoolean();

    /** @param uiThread runs code on the UI thread ({@code Platform::runLater}) */
    TaskAdapter(Job job, JobObserver observer, Consumer<Runnable> uiThread) {
        this.job = job;
        this.observer = observer;
        this.uiThread = uiThread;
        setOnRunning(e -> observer.started());
        setOnSucceeded(e -> {
            flush();
            observer.succeeded(getValue());
        });
        setOnFailed(e -> {
            flush();
            Throwable t = getException();
            if (JobOutcomes.isCancellation(t)) {
                observer.cancelled(JobOutcomes.CANCELLED_WHILE_RUNNING);
            } else {
                observer.failed(JobOutcomes.describeFailure(t));
            }
        });
    }

    /** Asks the running job to stop at its next check. */
    void cancelJob() {
        token.cancel();
    }

    @Override
    protected String call() {
        token.check(); // cancelled while it waited in the queue: do not even start
        updateTitle(job.title());
        return job.run(new JobListener() {
            @Override
            public void progress(long done, long total, String text) {
                updateProgress(done, total); // the Task's own properties coalesce as well
                progress.set(new long[] {done, total});
                status.set(text);
                requestFlush();
            }

            @Override
            public void metric(String name, double value, long step, int epoch) {
                metrics.add(new MetricPoint(name, value, step, epoch));
                requestFlush();
            }

            @Override
            public void log(String line) {
                updateMessage(line);
                log.add(line);
                requestFlush();
            }

            @Override
            public void event(JobEvent event) {
                events.add(event); // rare (one per search generation): each is handed over
                requestFlush();
            }
        }, token);
    }

    private void requestFlush() {
        if (flushPending.compareAndSet(false, true)) {
            uiThread.accept(this::flush);
        }
    }

    /** On the UI thread: hands over what piled up. The flag is cleared first, so nothing added later is stranded. */
    private void flush() {
        flushPending.set(false);
        long[] p = progress.getAndSet(null);
        if (p != null) {
            observer.progress(p[0], p[1], status.get());
        }
        List<MetricPoint> points = drain(metrics);
        if (!points.isEmpty()) {
            observer.metrics(points);
        }
        List<String> lines = drain(log);
        if (!lines.isEmpty()) {
            observer.log(lines);
        }
        List<JobEvent> structured = drain(events);
        if (!structured.isEmpty()) {
            observer.events(structured);
        }
    }

    private static <T> List<T> drain(Queue<T> queue) {
        List<T> out = new ArrayList<>();
        for (T t = queue.poll(); t != null; t = queue.poll()) {
            out.add(t);
        }
        return out;
    }
}
