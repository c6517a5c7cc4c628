package org.cmpnas.views.jobs;

import java.util.List;
import java.util.function.LongSupplier;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.model.GalleryImport;
import org.cmpnas.engine.nas.ExportConfig;
import org.cmpnas.engine.nas.SearchRunConfig;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.views.common.Formats;
import org.cmpnas.views.common.GalleryModel;
import org.cmpnas.views.common.JobRunner;
import org.cmpnas.engine.catalogue.RunConfig;

/**
 * The Jobs view: the forms that launch every engine job (training, and CMP-NAS's supernet, search and
 * export), the jobs of this session (queued, running, ended) and the one selected. Jobs go to the
 * background engine one at a time; this class only keeps their state.
 */
public final class JobsViewModel {
    /** The forms, in the order the view offers them. */
    public enum Form {
        TRAIN("Train"), SUPERNET("Supernet"), SEARCH("Search"), EXPORT("Export");

        private final String title;

        Form(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final JobRunner runner;
    private final JobFactory factory;
    private final RunChoices choices;
    private final LongSupplier nanoClock;
    private final Runnable storeChanged;
    private final TrainFormViewModel train;
    private final SupernetFormViewModel supernet;
    private final SearchFormViewModel search;
    private final ExportFormViewModel export;
    private final ObjectProperty<Form> shownForm = new SimpleObjectProperty<>(this, "shownForm", Form.TRAIN);
    // Every job's state is an extractor, so bindings over the list see a job move from queued to running.
    private final ObservableList<JobViewModel> jobs =
            FXCollections.observableArrayList(j -> new Observable[] {j.stateProperty()});
    private final ObservableList<JobViewModel> readOnlyJobs = FXCollections.unmodifiableObservableList(jobs);
    private final ObjectProperty<JobViewModel> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectBinding<JobViewModel> running;
    private final BooleanBinding busy;
    private final BooleanBinding canStart;

    /**
     * @param factory      makes the engine jobs (the app binds them to the current store)
     * @param choices      the runs the forms build on (galleries, supernets, searches)
     * @param storeChanged called when a job created or updated runs, so the run lists reload
     */
    public JobsViewModel(JobRunner runner, JobFactory factory, RunChoices choices, LongSupplier nanoClock,
                         Runnable storeChanged) {
        this.runner = runner;
        this.factory = factory;
        this.choices = choices;
        this.nanoClock = nanoClock;
        this.storeChanged = storeChanged;
        train = new TrainFormViewModel(choices.galleries());
        train.warnOfNamesTaken(choices::isNameTaken);
        supernet = new SupernetFormViewModel(choices.galleries());
        search = new SearchFormViewModel(choices.supernets(), choices::supernetConfig);
        export = new ExportFormViewModel(choices.searches(), choices::budgetsOf);
        running = Bindings.createObjectBinding(() -> jobs.stream()
                .filter(j -> j.state() == JobState.RUNNING).findFirst().orElse(null), jobs);
        busy = Bindings.createBooleanBinding(() -> jobs.stream().anyMatch(j -> j.state().isActive()), jobs);
        canStart = Bindings.createBooleanBinding(() -> switch (shownForm.get()) {
            case TRAIN -> train.isValid();
            case SUPERNET -> supernet.isValid();
            case SEARCH -> search.isValid();
            case EXPORT -> export.isValid();
        }, shownForm, train.validProperty(), supernet.validProperty(), search.validProperty(), export.validProperty());
        followChosenGallery();
    }

    /** The training form. */
    public TrainFormViewModel form() {
        return train;
    }

    public SupernetFormViewModel supernetForm() {
        return supernet;
    }

    public SearchFormViewModel searchForm() {
        return search;
    }

    public ExportFormViewModel exportForm() {
        return export;
    }

    /** The form the view shows. */
    public ObjectProperty<Form> shownFormProperty() {
        return shownForm;
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

    /** Whether the form shown is valid, so Start (and Enter) can queue it. */
    public BooleanBinding canStartProperty() {
        return canStart;
    }

    /** Starts the form shown (Enter); null when it is not valid. */
    public JobViewModel startShown() {
        return switch (shownForm.get()) {
            case TRAIN -> start();
            case SUPERNET -> startSupernet();
            case SEARCH -> startSearch();
            case EXPORT -> startExport();
        };
    }

    /** Queues a training job for the training form's config and selects it; null if the form is invalid. */
    public JobViewModel start() {
        if (!train.isValid()) {
            return null;
        }
        TrainConfig config = train.config();
        return submit(factory.training(config), "training " + config.name(), JobKind.TRAINING, config.schedule().epochs(), List.of());
    }

    /** Queues the supernet training of the supernet form; null if the form is invalid. */
    public JobViewModel startSupernet() {
        if (!supernet.isValid()) {
            return null;
        }
        SupernetConfig config = supernet.config();
        return submit(factory.supernet(config), "training " + config.name(), JobKind.SUPERNET, config.schedule().epochs(), List.of());
    }

    /** Queues the search of the search form; null if the form is invalid. */
    public JobViewModel startSearch() {
        if (!search.isValid()) {
            return null;
        }
        SearchRunConfig config = search.config();
        return submit(factory.search(config), "searching " + config.budgets(), JobKind.SEARCH, 0, config.budgetList());
    }

    /** Queues the export of the export form; null if the form is invalid. */
    public JobViewModel startExport() {
        if (!export.isValid()) {
            return null;
        }
        ExportConfig config = export.config();
        return submit(factory.export(config), "exporting the " + config.budget() + " subnet", JobKind.EXPORT,
                config.finetune().epochs(), List.of());
    }

    /** Queues the import of a TorchScript gallery model (checked by its dialog first). */
    public JobViewModel importGallery(GalleryImport.Request request) {
        return submit(factory.importGallery(request), "importing " + request.name(), JobKind.IMPORT, 0, List.of());
    }

    /**
     * Queues the continuation of an interrupted or cancelled run from where it stopped: training and
     * supernet runs from their last checkpoint, a search with the subnets it already scored.
     *
     * @throws IllegalArgumentException for a run that cannot be resumed (an export, a joint training)
     */
    public JobViewModel resume(String runId, RunConfig config) {
        if (!config.resumable()) {
            throw new IllegalArgumentException("run " + runId + " (" + config.name() + ") cannot be resumed; repeat it instead");
        }
        return submit(factory.resume(runId, config), "resuming " + config.name(), JobKind.of(config), config.epochs(), config.budgets());
    }

    private JobViewModel submit(Job job, String activity, JobKind kind, int epochs, List<Long> budgets) {
        JobViewModel vm = queue(job, activity, kind, epochs, budgets);
        selected.set(vm);
        return vm;
    }

    private JobViewModel queue(Job job, String activity, JobKind kind, int epochs, List<Long> budgets) {
        JobViewModel vm = new JobViewModel(job.title(), activity, kind, epochs, budgets, nanoClock, storeChanged);
        jobs.add(0, vm);
        if (kind == JobKind.TRAINING || kind == JobKind.EXPORT) {
            // a model made here reaches the Models table and the Pareto chart: evaluated as reproduce does
            vm.runIdProperty().addListener((obs, old, id) -> {
                if (id != null) {
                    factory.evaluation(id, chosenGalleryId()).ifPresent(e -> queue(e, "evaluating " + vm.title(), JobKind.EVALUATION, 0, List.of()));
                }
            });
        }
        vm.attach(runner.submit(job, vm));
        return vm;
    }

    /**
     * Queues the evaluation of a finished model (the Evaluate action): M(Q, Q), and M(Q, G) against the chosen
     * gallery model and its own; null when the run is not a model to evaluate.
     */
    public JobViewModel evaluate(String runId, String name) {
        return factory.evaluation(runId, chosenGalleryId()).map(e -> submit(e, "evaluating " + name, JobKind.EVALUATION, 0, List.of()))
                .orElse(null);
    }

    private String chosenGalleryId() {
        GalleryModel g = choices.chosenGalleryProperty().get();
        return g == null ? null : g.runId();
    }

    /** Repeats a stored run: its config goes into the form of its kind, which is shown; nothing starts yet. */
    public void repeat(RunConfig config) {
        if (config instanceof RunConfig.Training t) {
            repeat(t.config());
        } else if (config instanceof RunConfig.Supernet s) {
            repeat(s.config());
        } else if (config instanceof RunConfig.Search s) {
            repeat(s.config());
        } else if (config instanceof RunConfig.Export e) {
            repeat(e.config());
        }
    }

    /** Repeats a training run: its config goes into the form (nothing starts until the user says so). */
    public void repeat(TrainConfig config) {
        train.fill(config);
        shownForm.set(Form.TRAIN);
    }

    public void repeat(SupernetConfig config) {
        supernet.fill(config);
        shownForm.set(Form.SUPERNET);
    }

    public void repeat(SearchRunConfig config) {
        search.fill(config);
        shownForm.set(Form.SEARCH);
    }

    public void repeat(ExportConfig config) {
        export.fill(config);
        shownForm.set(Form.EXPORT);
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

    /**
     * The gallery model chosen in the Models view is the forms' gallery: proposed when it is chosen,
     * and when the store's runs arrive while a form has none yet.
     */
    private void followChosenGallery() {
        choices.chosenGalleryProperty().addListener((obs, old, now) -> {
            RunOption option = option(now);
            train.proposeGallery(option);
            supernet.proposeGallery(option);
        });
        choices.galleries().addListener((ListChangeListener<RunOption>) c -> {
            RunOption option = option(choices.chosenGalleryProperty().get());
            if (train.galleryProperty().get() == null) {
                train.proposeGallery(option);
            }
            if (supernet.galleryProperty().get() == null) {
                supernet.proposeGallery(option);
            }
        });
        RunOption initial = option(choices.chosenGalleryProperty().get());
        train.proposeGallery(initial);
        supernet.proposeGallery(initial);
    }

    private RunOption option(GalleryModel g) {
        if (g == null) {
            return null;
        }
        return RunChoices.find(choices.galleries(), g.runId())
                .orElse(new RunOption(g.runId(), g.name(), Formats.count(g.macs()) + " MACs"));
    }
}
