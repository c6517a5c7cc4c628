package org.cmpnas.views.jobs;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.ProgressIndicator;
import org.cmpnas.engine.jobs.JobEvent;
import org.cmpnas.engine.nas.GenerationEvent;
import org.cmpnas.engine.nas.MacsBudgets;
import org.cmpnas.views.charts.SearchCurves;
import org.cmpnas.views.charts.TrainingCurves;
import org.cmpnas.views.common.Formats;
import org.cmpnas.views.common.JobControl;
import org.cmpnas.views.common.JobObserver;
import org.cmpnas.views.common.MetricPoint;

/**
 * One job of this session as the window shows it: state, progress, ETA, epoch (or a search's
 * generation), curves (or a search's best rewards and population) and log.
 * It is the observer the runner reports to, so every update arrives on the UI thread.
 */
public final class JobViewModel implements JobObserver {
    static final int MAX_LOG_LINES = 2000;

    private final String title;
    private final String activity;
    private final JobKind kind;
    private final int epochs;
    private final List<Long> budgets;
    private final LongSupplier nanoClock;
    private final Runnable onChange;
    private final ReadOnlyObjectWrapper<JobState> state = new ReadOnlyObjectWrapper<>(this, "state", JobState.QUEUED);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "waiting for the engine");
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper(this, "eta", Formats.NONE);
    private final ReadOnlyStringWrapper elapsed = new ReadOnlyStringWrapper(this, "elapsed", Formats.NONE);
    private final ReadOnlyIntegerWrapper currentEpoch = new ReadOnlyIntegerWrapper(this, "currentEpoch", 0);
    private final ReadOnlyStringWrapper steps = new ReadOnlyStringWrapper(this, "steps", Formats.NONE);
    private final ReadOnlyStringWrapper generation = new ReadOnlyStringWrapper(this, "generation", Formats.NONE);
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper(this, "outcome");
    private final ReadOnlyStringWrapper runId = new ReadOnlyStringWrapper(this, "runId");
    private final ReadOnlyBooleanWrapper cancelRequested = new ReadOnlyBooleanWrapper(this, "cancelRequested");
    private final ReadOnlyIntegerWrapper curvesVersion = new ReadOnlyIntegerWrapper(this, "curvesVersion");
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ObservableList<String> readOnlyLog = FXCollections.unmodifiableObservableList(log);
    private final TrainingCurves curves = new TrainingCurves();
    private final SearchCurves search = new SearchCurves();
    private JobControl control;
    private int finishedEpochs;
    private long startedAt = -1;
    private long firstProgressAt = -1;
    private long firstProgressDone;

    /**
     * @param activity what the engine is doing, for the status bar, e.g. "training resnet-q"
     * @param epochs   epochs of a training job (0 when the job has none)
     * @param onChange told when the job starts, finishes an epoch or ends (the store changed)
     */
    JobViewModel(String title, String activity, int epochs, LongSupplier nanoClock, Runnable onChange) {
        this(title, activity, JobKind.TRAINING, epochs, List.of(), nanoClock, onChange);
    }

    /** @param budgets a search's MACs budgets in the order searched (empty for other jobs) */
    JobViewModel(String title, String activity, JobKind kind, int epochs, List<Long> budgets, LongSupplier nanoClock,
                 Runnable onChange) {
        this.title = title;
        this.activity = activity;
        this.kind = kind;
        this.epochs = epochs;
        this.budgets = List.copyOf(budgets);
        this.nanoClock = nanoClock;
        this.onChange = onChange;
    }

    void attach(JobControl control) {
        this.control = control;
    }

    public String title() {
        return title;
    }

    public String activity() {
        return activity;
    }

    public JobKind kind() {
        return kind;
    }

    public int epochs() {
        return epochs;
    }

    public ReadOnlyObjectProperty<JobState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public JobState state() {
        return state.get();
    }

    /** 0..1, or {@link ProgressIndicator#INDETERMINATE_PROGRESS} while it prepares. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The engine's own short phrase, e.g. "epoch 3/8  loss 0.9217". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty etaProperty() {
        return eta.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty elapsedProperty() {
        return elapsed.getReadOnlyProperty();
    }

    /** 1-based epoch being trained, 0 before the first step. */
    public ReadOnlyIntegerProperty currentEpochProperty() {
        return currentEpoch.getReadOnlyProperty();
    }

    /** E.g. "1,230 / 2,744". */
    public ReadOnlyStringProperty stepsProperty() {
        return steps.getReadOnlyProperty();
    }

    /** How it ended, in words (why it failed or was cancelled); null while it is active. */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** The run it produced, once it has ended successfully. */
    public ReadOnlyStringProperty runIdProperty() {
        return runId.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty cancelRequestedProperty() {
        return cancelRequested.getReadOnlyProperty();
    }

    /** Increases whenever {@link #curves()} changed: the view redraws its charts then. */
    public ReadOnlyIntegerProperty curvesVersionProperty() {
        return curvesVersion.getReadOnlyProperty();
    }

    public TrainingCurves curves() {
        return curves;
    }

    /** A search's best reward per generation and its latest population (empty for other jobs). */
    public SearchCurves search() {
        return search;
    }

    /** A search's position, e.g. "3/10 · budget 2/5 (1.00M)"; a dash before the first generation. */
    public ReadOnlyStringProperty generationProperty() {
        return generation.getReadOnlyProperty();
    }

    /** The most recent log lines (older ones are dropped beyond a few thousand). */
    public ObservableList<String> log() {
        return readOnlyLog;
    }

    /** "epoch 3/8", "generation 3/10 · budget 2/5 (1.00M)" for a search, or the engine's phrase. */
    public String epochText() {
        if (kind == JobKind.SEARCH) {
            return search.latest() == null ? status.get() : "generation " + generation.get();
        }
        if (epochs > 0 && currentEpoch.get() > 0) {
            return "epoch " + currentEpoch.get() + "/" + epochs;
        }
        return epochs > 0 ? "epoch –/" + epochs : status.get();
    }

    public void cancel() {
        if (!state.get().isActive() || cancelRequested.get()) {
            return;
        }
        cancelRequested.set(true);
        status.set(state.get() == JobState.QUEUED ? "cancelling" : "stopping after the current batch");
        if (control != null) {
            control.cancel();
        }
    }

    @Override
    public void started() {
        state.set(JobState.RUNNING);
        startedAt = nanoClock.getAsLong();
        progress.set(ProgressIndicator.INDETERMINATE_PROGRESS);
        if (!cancelRequested.get()) {
            status.set("preparing data and model");
        }
        onChange.run();
    }

    @Override
    public void progress(long done, long total, String text) {
        long now = nanoClock.getAsLong();
        if (firstProgressAt < 0) {
            firstProgressAt = now;
            firstProgressDone = done;
        }
        progress.set(total > 0 ? Math.min(1, (double) done / total) : ProgressIndicator.INDETERMINATE_PROGRESS);
        if (!cancelRequested.get()) {
            status.set(text);
        }
        steps.set(Formats.integer(done) + " / " + Formats.integer(total));
        if (epochs > 0 && total > 0 && done > 0) {
            long perEpoch = Math.max(1, total / epochs);
            currentEpoch.set((int) Math.min(epochs, (done - 1) / perEpoch + 1));
        }
        elapsed.set(Formats.duration(Duration.ofNanos(now - startedAt)));
        eta.set(estimate(done, total, now));
    }

    /** Rate measured from the first step on, so data loading before it does not inflate the estimate. */
    private String estimate(long done, long total, long now) {
        long measured = done - firstProgressDone;
        if (measured <= 0 || total <= 0) {
            return Formats.NONE;
        }
        double nanosPerUnit = (double) (now - firstProgressAt) / measured;
        return Formats.duration(Duration.ofNanos((long) (nanosPerUnit * Math.max(0, total - done))));
    }

    @Override
    public void metrics(List<MetricPoint> points) {
        boolean changed = false;
        boolean epochEnded = false;
        for (MetricPoint p : points) {
            changed |= curves.add(p) | search.add(p);
            if (p.name().equals("epoch")) {
                epochEnded = true;
                finishedEpochs = Math.max(finishedEpochs, (int) p.value());
            }
        }
        if (changed) {
            curvesVersion.set(curvesVersion.get() + 1);
        }
        if (epochEnded) {
            onChange.run(); // the run's summary metrics were just written
        }
    }

    @Override
    public void events(List<JobEvent> events) {
        boolean changed = false;
        for (JobEvent e : events) {
            if (e instanceof GenerationEvent g) {
                search.add(g);
                int position = budgets.indexOf(g.budget()) + 1;
                generation.set(g.generation() + "/" + g.generations() + (position > 0
                        ? " · budget " + position + "/" + budgets.size() + " (" + MacsBudgets.format(g.budget()) + ")" : ""));
                changed = true;
            }
        }
        if (changed) {
            curvesVersion.set(curvesVersion.get() + 1);
        }
    }

    @Override
    public void log(List<String> lines) {
        log.addAll(lines);
        if (log.size() > MAX_LOG_LINES) {
            log.remove(0, log.size() - MAX_LOG_LINES);
        }
    }

    @Override
    public void succeeded(String id) {
        runId.set(id);
        progress.set(1);
        eta.set(Formats.NONE);
        end(JobState.FINISHED, "finished: run " + id);
    }

    @Override
    public void cancelled(String reason) {
        if (startedAt < 0) {
            end(JobState.CANCELLED, reason);
            return;
        }
        end(JobState.CANCELLED, switch (kind) {
            case TRAINING -> epochs > 0 ? cancelledDuringTraining() : reason;
            case SUPERNET -> cancelledDuringSupernet();
            case SEARCH -> cancelledDuringSearch();
            case EXPORT -> "cancelled before the model was saved; nothing is kept, export again";
            case IMPORT -> "cancelled; nothing was imported";
            case EVALUATION -> "cancelled; the evaluations finished before it are kept";
        });
    }

    /** A supernet keeps its last checkpoint and can be resumed from it. */
    private String cancelledDuringSupernet() {
        int during = Math.min(epochs, finishedEpochs + 1);
        if (finishedEpochs == 0) {
            return "cancelled during epoch 1/" + epochs + ", before its first checkpoint";
        }
        return "cancelled during epoch " + during + "/" + epochs + "; the supernet after epoch " + finishedEpochs
                + " is kept and the run can be resumed";
    }

    /** A search keeps every subnet it scored; resumed, it does not score them again. */
    private String cancelledDuringSearch() {
        String where = search.latest() == null ? "before its first generation" : "after generation " + generation.get();
        return "cancelled " + where + "; the subnets scored so far are kept in the run's evaluated.csv and the search can be resumed";
    }

    /** What a cancelled training keeps depends on how far it got: say which checkpoint survives. */
    private String cancelledDuringTraining() {
        int during = Math.min(epochs, finishedEpochs + 1);
        if (finishedEpochs == 0) {
            return "cancelled during epoch 1/" + epochs + ", before its first checkpoint";
        }
        return "cancelled during epoch " + during + "/" + epochs + "; the checkpoint of epoch " + finishedEpochs
                + " is kept and the run can be resumed";
    }

    @Override
    public void failed(String reason) {
        end(JobState.FAILED, reason);
    }

    private void end(JobState finalState, String text) {
        if (startedAt >= 0) {
            elapsed.set(Formats.duration(Duration.ofNanos(nanoClock.getAsLong() - startedAt)));
            if (cancelRequested.get()) {
                status.set(Formats.NONE.equals(steps.get()) ? "stopped before the first step"
                        : "stopped at step " + steps.get()); // replaces "stopping after the current batch"
            }
        } else {
            status.set(text); // it never ran: no engine phrase to keep
        }
        if (progress.get() < 0) {
            progress.set(0);
        }
        eta.set(Formats.NONE);
        outcome.set(text);
        state.set(finalState);
        onChange.run();
    }
}
