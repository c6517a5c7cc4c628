package org.cmpnas.views.jobs;

import java.util.function.Function;
import java.util.function.LongSupplier;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.views.common.JobRunner;

/**
 * The Jobs view: the training form, the jobs of this session (queued, running, ended) and the one
 * selected. Jobs go to the background engine one at a time; this class only keeps their state.
 */
public final class JobsViewModel {
    private final JobRunner runner;
    private final Function<TrainConfig, Job> trainingJobs;
    private final LongSupplier nanoClock;
    private final Runnable storeChanged;
    private final TrainFormViewModel form = new TrainFormViewModel();
    // Every job's state is an extractor, so bindings over the list see a job move from queued to running.
    private final ObservableList<JobViewModel> jobs =
            FXCollections.observableArrayList(j -> new Observable[] {j.stateProperty()});
    private final ObservableList<JobViewModel> readOnlyJobs = FXCollections.unmodifiableObservableList(jobs);
    private final ObjectProperty<JobViewModel> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectBinding<JobViewModel> running;
    private final BooleanBinding busy;
    private final BooleanBinding canStart;

    /**
     * @param trainingJobs  makes the engine job for a config (the app binds it to the current store)
     * @param storeChanged  called when a job created or updated runs, so the run lists reload
     */
    public JobsViewModel(JobRunner runner, Function<TrainConfig, Job> trainingJobs, LongSupplier nanoClock,
                         Runnable storeChanged) {
        this.runner = runner;
        this.trainingJobs = trainingJobs;
        this.nanoClock = nanoClock;
        this.storeChanged = storeChanged;
        running = Bindings.createObjectBinding(() -> jobs.stream()
                .filter(j -> j.state() == JobState.RUNNING).findFirst().orElse(null), jobs);
        busy = Bindings.createBooleanBinding(() -> jobs.stream().anyMatch(j -> j.state().isActive()), jobs);
        canStart = form.validProperty();
    }

    public TrainFormViewModel form() {
        return form;
    }

    /** Newest first. */
    public ObservableList<JobViewModel> jobs() {
        return readOnlyJobs;
    }

    public ObjectProperty<JobViewModel> selectedProperty() {
        return selected;
    }

    /** The job the engine is working on, or null when it is idle. */
    public ObjectBinding<JobViewModel> runningProperty() {
        return running;
    }

    /** Whether any job is queued or running (closing the window would lose it). */
    public BooleanBinding busyProperty() {
        return busy;
    }

    public boolean isBusy() {
        return busy.get();
    }

    public BooleanBinding canStartProperty() {
        return canStart;
    }

    /** Queues a training job for the form's config and selects it; does nothing if the form is invalid. */
    public JobViewModel start() {
        if (!form.isValid()) {
            return null;
        }
        TrainConfig config = form.config();
        Job job = trainingJobs.apply(config);
        JobViewModel vm = new JobViewModel(job.title(), "training " + config.name(), config.epochs(), nanoClock,
                storeChanged);
        jobs.add(0, vm);
        selected.set(vm);
        vm.attach(runner.submit(job, vm));
        return vm;
    }

    /** Repeats a run: its config goes into the form (nothing starts until the user says so). */
    public void repeat(TrainConfig config) {
        form.fill(config);
    }

    /** Cancels every queued and running job, e.g. before the window closes. */
    public void cancelAll() {
        jobs.forEach(JobViewModel::cancel);
    }

    /** Forgets the jobs that have ended. */
    public void clearEnded() {
        JobViewModel keep = selected.get() != null && selected.get().state().isActive() ? selected.get() : null;
        jobs.removeIf(j -> !j.state().isActive());
        selected.set(keep != null ? keep : jobs.isEmpty() ? null : jobs.get(0));
    }
}
