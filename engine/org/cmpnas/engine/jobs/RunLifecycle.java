package org.cmpnas.engine.jobs;

import ai.djl.engine.Engine;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunStatus;

/**
 * The life of a job's runs (one, or a pair) around the job's work: RUNNING, then FINISHED when the
 * work returns; CANCELLED or FAILED, with the reason, when it throws, and the exception passed on.
 * Its metrics go the same three ways in every job: the run's summary, metrics.jsonl and the listener.
 * The only class outside the store that moves a run's status or captures its provenance (LayeringTest),
 * so that every job ends its runs alike.
 */
public final class RunLifecycle {
    private final JobListener listener;
    private final List<RunHandle> runs;
    private volatile Supplier<String> whenCancelled = () -> "cancelled";
    /** A run that would not start (another job of this process has it running): not this job's to end. */
    private RunHandle refused;

    private RunLifecycle(JobListener listener, List<RunHandle> runs) {
        this.listener = listener;
        this.runs = List.copyOf(runs);
    }

    /** The life of {@code runs}, reporting to {@code listener}; nothing changes until {@link #carry}. */
    public static RunLifecycle of(JobListener listener, RunHandle... runs) {
        return new RunLifecycle(listener, List.of(runs));
    }

    /** Provenance of a run starting now on {@code data}'s training split. */
    public static Provenance provenance(long seed, DataSplits data) {
        return Provenance.capture(seed, data.name(), data.checksum(), data.train().size(), data.train().contentHash(),
                Engine.getDjlVersion(), Engine.getInstance().getVersion());
    }

    /** Provenance of a run that was not trained here (an imported model): no seed, no dataset. */
    public static Provenance provenanceOfImport() {
        return Provenance.capture(0, null, null, 0, null, Engine.getDjlVersion(), Engine.getEngine("PyTorch").getVersion());
    }

    /**
     * What a cancelled run's record says, asked when the cancel comes (e.g. which checkpoint is kept); may be
     * set while the work runs, as it learns more.
     */
    public RunLifecycle whenCancelled(Supplier<String> message) {
        whenCancelled = message;
        return this;
    }

    /** The runs RUNNING, then {@code work}; then every run it did not {@link #finish} is FINISHED. */
    public void carry(Runnable work) {
        try {
            for (RunHandle run : runs) {
                refused = run;
                run.setStatus(RunStatus.running, null);
            }
            refused = null;
            work.run();
            runs.stream().filter(this::open).forEach(run -> run.setStatus(RunStatus.finished, null));
        } catch (CancellationToken.CancelledException e) {
            end(e, RunStatus.cancelled, whenCancelled.get());
            throw e;
        } catch (RuntimeException e) {
            end(e, RunStatus.failed, e.getMessage());
            throw e;
        }
    }

    /** One of the runs done before the others (a pair's gallery model, exported first). */
    public void finish(RunHandle run) {
        run.setStatus(RunStatus.finished, null);
    }

    /** A value over the run's course (a step's loss): metrics.jsonl and the listener. */
    public void metric(RunHandle run, String name, double value, long step, int epoch) {
        run.appendMetric(name, value, step, epoch);
        listener.metric(name, value, step, epoch);
    }

    /**
     * The run's latest figures (an epoch's validation): its summary, metrics.jsonl and the listener, the
     * listener's names after {@code label} (e.g. "gallery " for the second of a pair).
     */
    public void summary(RunHandle run, String label, Map<String, Double> figures, long step, int epoch) {
        figures.forEach((name, value) -> {
            run.appendMetric(name, value, step, epoch);
            listener.metric(label + name, value, step, epoch);
        });
        run.putMetrics(figures);
    }

    /** A listener that also writes the metrics it is told into {@code run}'s metrics.jsonl. */
    public JobListener recordingInto(RunHandle run) {
        return new JobListener() {
            @Override
            public void progress(long done, long total, String status) {
                listener.progress(done, total, status);
            }

            @Override
            public void metric(String name, double value, long step, int epoch) {
                RunLifecycle.this.metric(run, name, value, step, epoch);
            }

            @Override
            public void log(String line) {
                listener.log(line);
            }

            @Override
            public void event(JobEvent event) {
                listener.event(event);
            }
        };
    }

    private boolean open(RunHandle run) {
        return !run.record().status().isTerminal();
    }

    private void end(RuntimeException cause, RunStatus status, String message) {
        runs.stream().filter(run -> run != refused && open(run)).forEach(run -> run.endAfter(cause, status, message));
    }
}
