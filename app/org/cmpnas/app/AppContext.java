package org.cmpnas.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.cmpnas.engine.eval.LastDataset;
import org.cmpnas.engine.eval.RetrievalDemo;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.pareto.ParetoData;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.store.SampleRuns;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.engine.train.TrainingJob;
import org.cmpnas.views.charts.ChartView;
import org.cmpnas.views.common.AppState;
import org.cmpnas.views.common.GalleryModel;
import org.cmpnas.views.common.RunCatalog;
import org.cmpnas.views.common.Ui;
import org.cmpnas.views.jobs.JobFactory;
import org.cmpnas.views.jobs.JobsView;
import org.cmpnas.views.jobs.JobsViewModel;
import org.cmpnas.views.jobs.RunChoices;
import org.cmpnas.views.models.ModelsView;
import org.cmpnas.views.models.ModelsViewModel;
import org.cmpnas.views.pareto.ParetoView;
import org.cmpnas.views.pareto.ParetoViewModel;
import org.cmpnas.views.retrieval.RetrievalView;
import org.cmpnas.views.retrieval.RetrievalViewModel;
import org.cmpnas.views.runs.RunsView;
import org.cmpnas.views.runs.RunsViewModel;
import org.cmpnas.views.shell.SampleRunsOffer;
import org.cmpnas.views.shell.ShellView;
import org.cmpnas.views.shell.ShellViewModel;
import org.cmpnas.views.shell.ViewId;

/**
 * The composition root of the window: builds the engine thread, the ViewModels and the views and
 * wires them together. Everything is passed in through constructors; nothing is looked up globally.
 * Create it on the JavaFX thread.
 */
public final class AppContext implements AutoCloseable {
    public static final String TITLE = "CMP-NAS Workbench";
    /** How long closing waits for a cancelled job to record itself as cancelled. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(15);

    private final WindowSettings settings;
    private final AppState state;
    private final RunCatalog catalog;
    // Every window of the process paints its charts here (the chart lane is one for all charts): a daemon thread never closed.
    private static final FxLane CHARTS = new FxLane(FxLane.CHARTS);
    private final FxLane background = new FxLane(FxLane.IO);
    private final FxLane engine = new FxLane(FxLane.ENGINE);
    private final FxJobRunner runner = new FxJobRunner(engine);
    private final FxLane demoWorker = new FxLane(FxLane.DEMO);
    private final RetrievalViewModel retrieval;
    private final ParetoViewModel pareto;
    private final JobsViewModel jobs;
    private final ShellViewModel shell;
    private final ShellView root;
    /** Screenshot mode: with no remembered gallery model, show one that has results (not saved as the user's choice). */
    private final boolean suggestGallery;
    private GalleryModel suggestedGallery;

    private AppContext(RunStore store, WindowSettings settings, Function<Supplier<RunStore>, JobFactory> jobFactory,
                       boolean suggestGallery, Optional<SampleRuns> samples) {
        this(store, settings, jobFactory, suggestGallery, samples, new SystemFolderOpener());
    }

    private AppContext(RunStore store, WindowSettings settings, Function<Supplier<RunStore>, JobFactory> jobFactory,
                       boolean suggestGallery, Optional<SampleRuns> samples, Consumer<Path> folderOpener) {
        this.settings = settings;
        this.suggestGallery = suggestGallery;
        state = new AppState(store);
        catalog = new RunCatalog(state, background);
        JsonRunConfigs configs = new JsonRunConfigs();
        // First uses cost tens of milliseconds (readers built, record methods bootstrapped): pay them here,
        // off the UI thread, rather than when the first run appears while a job's curves are drawn.
        background.run(() -> {
            configs.warmUp();
            return RunListing.damaged("warm-up", "").equals(RunListing.damaged("warm-up", ""));
        }, done -> { }, failed -> { });
        JobFactory factory = jobFactory.apply(state::store);
        RunChoices choices = new RunChoices(catalog.runs(), state.galleryModelProperty(), configs.searchBudgets(), configs::supernetConfig);
        jobs = new JobsViewModel(runner, factory, choices, System::nanoTime, catalog::refresh);
        ModelsViewModel models = new ModelsViewModel(state, catalog, runner, factory::importGallery);
        shell = new ShellViewModel(state, jobs, catalog);
        RunsViewModel runs = new RunsViewModel(state, catalog, background, configs, config -> {
            jobs.repeat(config);
            shell.show(ViewId.JOBS);
        }, (id, config) -> {
            jobs.resume(id, config);
            shell.show(ViewId.JOBS);
        }, folderOpener);
        Map<ViewId, Node> views = new EnumMap<>(ViewId.class);
        views.put(ViewId.MODELS, new ModelsView(models, () -> shell.show(ViewId.JOBS), row -> {
            if (jobs.evaluate(row.id(), row.name()) != null) {
                shell.show(ViewId.JOBS);
            }
        }));
        views.put(ViewId.JOBS, new JobsView(jobs));
        views.put(ViewId.RUNS, new RunsView(runs));
        // "Open in retrieval demo" has set state.demoQueryRun; the demo view follows it.
        pareto = new ParetoViewModel(state, catalog, background, () -> shell.show(ViewId.RETRIEVAL));
        views.put(ViewId.PARETO, new ParetoView(pareto));
        LastDataset datasets = new LastDataset();
        retrieval = new RetrievalViewModel(state, catalog, background, demoWorker,
                (s, query, gallery, listener, token) -> RetrievalDemo.open(s, query, gallery, datasets, listener, token));
        views.put(ViewId.RETRIEVAL, new RetrievalView(retrieval, () -> shell.show(ViewId.MODELS)));
        root = new ShellView(shell, views, this::chooseStore, new SampleRunsOffer(state, catalog, background, samples));
        shell.currentProperty().addListener((obs, old, now) -> retrieval.setActive(now == ViewId.RETRIEVAL));
        shell.show(settings.lastView());
        retrieval.setActive(shell.currentProperty().get() == ViewId.RETRIEVAL);
        rememberGalleryPerStore();
        ChartView.paintOn(CHARTS);
        catalog.refresh();
    }

    /** The window of a user session: real training jobs, remembered settings. */
    public static AppContext open(RunStore store) {
        return new AppContext(store, WindowSettings.user(), s -> new EngineJobs(s, TrainingJob::of), false, SampleRuns.locate());
    }

    /** The window of {@code gui --screenshot}: as a user session, but it picks a gallery model when none is remembered. */
    public static AppContext forScreenshots(RunStore store) {
        return new AppContext(store, WindowSettings.user(), s -> new EngineJobs(s, TrainingJob::of), true, SampleRuns.locate());
    }

    /** A window with its own training jobs and settings that are not kept (tests, demos). */
    public static AppContext withJobs(RunStore store, BiFunction<RunStore, TrainConfig, Job> trainingJobs) {
        return new AppContext(store, WindowSettings.throwaway(), s -> new EngineJobs(s, trainingJobs), false, Optional.empty());
    }

    /** As {@link #withJobs}, with {@code folderOpener} in place of the system's file manager (tests). */
    public static AppContext withJobs(RunStore store, BiFunction<RunStore, TrainConfig, Job> trainingJobs,
                                      Consumer<Path> folderOpener) {
        return new AppContext(store, WindowSettings.throwaway(), s -> new EngineJobs(s, trainingJobs), false,
                Optional.empty(), folderOpener);
    }

    /** A window whose every job comes from {@code jobs}, with settings that are not kept (tests). */
    public static AppContext withJobFactory(RunStore store, JobFactory jobs) {
        return new AppContext(store, WindowSettings.throwaway(), s -> jobs, false, Optional.empty());
    }

    /** Puts the workbench into {@code stage} and shows it. */
    public void show(Stage stage) {
        Scene scene = new Scene(root);
        stage.setScene(scene);
        stage.setTitle(TITLE);
        settings.apply(stage);
        stage.setOnCloseRequest(e -> {
            if (!confirmClose(stage)) {
                e.consume();
                return;
            }
            settings.save(stage, shell.currentProperty().get());
        });
        // Ctrl+W and Ctrl+Q close the window as its close button does (asking first while jobs run)
        for (KeyCombination close : List.of(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN),
                new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN))) {
            scene.getAccelerators().put(close, () -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        }
        retrieval.kProperty().set(settings.demoResults(retrieval.kProperty().get()));
        retrieval.kProperty().addListener((obs, old, now) -> settings.saveDemoResults(now.intValue()));
        stage.show();
    }

    public ShellView root() {
        return root;
    }

    public ShellViewModel shell() {
        return shell;
    }

    public JobsViewModel jobs() {
        return jobs;
    }

    public AppState state() {
        return state;
    }

    public RetrievalViewModel retrieval() {
        return retrieval;
    }

    public ParetoViewModel pareto() {
        return pareto;
    }

    RunCatalog catalog() {
        return catalog;
    }

    FxLane demoWorker() {
        return demoWorker;
    }

    FxLane background() {
        return background;
    }

    /**
     * Cancels what is still queued or running and waits briefly for it to record that; then stops the
     * threads. Callable from any thread: it works on the jobs' tokens, not on the UI's state.
     */
    @Override
    public void close() {
        runner.cancelAllNow();
        engine.shutdown(CLOSE_GRACE);
        background.close();
        disposeRetrieval();
        demoWorker.close();
    }

    /** The demo's ViewModel lives on the UI thread; it queues closing its models on the demo thread. */
    private void disposeRetrieval() {
        if (Platform.isFxApplicationThread()) {
            retrieval.dispose();
            return;
        }
        CountDownLatch disposed = new CountDownLatch(1);
        try {
            Platform.runLater(() -> {
                retrieval.dispose();
                disposed.countDown();
            });
            disposed.await(2, TimeUnit.SECONDS);
        } catch (IllegalStateException toolkitGone) {
            // the process is ending; the models' memory goes with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * For a JVM shutdown hook (Ctrl-C, kill): cancels the jobs without the UI thread and waits briefly,
     * so the run is recorded as cancelled, with its checkpoint, instead of being left as running.
     */
    public void cancelJobsOnShutdown() {
        runner.cancelAllNow();
        engine.shutdown(CLOSE_GRACE);
    }

    /** With a job queued or running, closing asks first; the answer "quit" cancels the jobs. */
    private boolean confirmClose(Stage stage) {
        if (!jobs.isBusy()) {
            return true;
        }
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(stage);
        alert.setTitle("Quit " + TITLE);
        alert.setHeaderText("A job is still running: " + shell.engineTextProperty().get());
        alert.setContentText("Quitting cancels it. A running job stops after its current batch and keeps the "
                + "checkpoint of its last finished epoch; queued jobs are dropped.");
        ButtonType quit = new ButtonType("Cancel jobs and quit", ButtonBar.ButtonData.OK_DONE);
        ButtonType stay = new ButtonType("Keep working", ButtonBar.ButtonData.CANCEL_CLOSE);
        alert.getButtonTypes().setAll(stay, quit);
        alert.getDialogPane().getStylesheets().add(Ui.STYLESHEET);
        boolean leave = alert.showAndWait().filter(quit::equals).isPresent();
        if (leave) {
            jobs.cancelAll();
        }
        return leave;
    }

    private void chooseStore(Node owner) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open run store");
        Path current = state.store().root();
        Path start = Files.isDirectory(current) ? current : current.getParent();
        if (start != null && Files.isDirectory(start)) {
            chooser.setInitialDirectory(start.toFile());
        }
        File folder = chooser.showDialog(owner.getScene().getWindow());
        if (folder == null) {
            return;
        }
        String problem = shell.openStore(folder.toPath());
        if (problem != null) {
            Alert alert = new Alert(Alert.AlertType.ERROR, problem);
            alert.initOwner(owner.getScene().getWindow());
            alert.setHeaderText("Cannot open this store");
            alert.showAndWait();
        }
    }

    /**
     * The gallery model is remembered per store: restored once the store's runs are read, forgotten
     * when its run disappears (deleted), saved when the user picks another.
     */
    private void rememberGalleryPerStore() {
        state.galleryModelProperty().addListener((obs, old, now) -> {
            if (now != null && !now.equals(suggestedGallery)) {
                settings.saveGalleryRun(state.store().root(), now.runId());
            }
        });
        catalog.runs().addListener((ListChangeListener<Object>) c -> {
            GalleryModel gallery = state.galleryModel();
            if (gallery != null && catalog.problemProperty().get() == null && catalog.runs().stream().noneMatch(l -> l.id().equals(gallery.runId()))) {
                state.galleryModelProperty().set(null);
                settings.saveGalleryRun(state.store().root(), null);
            }
            if (state.galleryModel() == null) {
                settings.galleryRun(state.store().root()).flatMap(id -> catalog.runs().stream()
                                .filter(l -> l.id().equals(id)).findFirst().flatMap(RunListing::record))
                        .ifPresent(r -> state.galleryModelProperty().set(GalleryModel.of(r)));
            }
            if (state.galleryModel() == null && suggestGallery) {
                List<RunRecord> records = catalog.runs().stream().flatMap(l -> l.record().stream()).toList();
                ParetoData.suggestGallery(records, catalog::evaluations).ifPresent(r -> {
                    suggestedGallery = GalleryModel.of(r);
                    state.galleryModelProperty().set(suggestedGallery);
                });
            }
        });
    }
}
