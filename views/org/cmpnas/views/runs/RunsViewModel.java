package org.cmpnas.views.runs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import org.cmpnas.engine.catalogue.RunConfig;
import org.cmpnas.engine.store.MetricEvent;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.store.RunText;
import org.cmpnas.views.charts.TrainingCurves;
import org.cmpnas.views.common.AppState;
import org.cmpnas.views.common.BackgroundLane;
import org.cmpnas.views.common.JobOutcomes;
import org.cmpnas.views.common.MetricPoint;
import org.cmpnas.views.common.RunCatalog;

/**
 * The run history: every run of the store, the details and curves of the selected one, rename, a
 * note, soft delete, the run's folder, "repeat", which hands the run's config to the form that
 * launches its kind of job, and "resume" for a run that stopped part-way. Writes go through the store
 * off the UI thread; the catalog reloads after, so every view shows the new name.
 */
public final class RunsViewModel {
    private final AppState state;
    private final RunCatalog catalog;
    private final BackgroundLane background;
    private final RunConfigs configs;
    private final Consumer<RunConfig> repeater;
    private final BiConsumer<String, RunConfig> resumer;
    private final Consumer<Path> folderOpener;
    private final ObjectProperty<RunListing> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<RunDetails> details = new ReadOnlyObjectWrapper<>(this, "details");
    private final ReadOnlyObjectWrapper<TrainingCurves> curves = new ReadOnlyObjectWrapper<>(this, "curves");
    private final ReadOnlyIntegerWrapper curvesVersion = new ReadOnlyIntegerWrapper(this, "curvesVersion");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final StringProperty nameDraft = new SimpleStringProperty(this, "nameDraft", "");
    private final StringProperty noteDraft = new SimpleStringProperty(this, "noteDraft", "");
    private final SimpleBooleanProperty writing = new SimpleBooleanProperty(this, "writing");
    private final ReadOnlyStringWrapper folder = new ReadOnlyStringWrapper(this, "folder");
    private final ReadOnlyStringWrapper folderMessage = new ReadOnlyStringWrapper(this, "folderMessage");
    private final BooleanBinding canRepeat;
    private final BooleanBinding canResume;
    private final BooleanBinding canDelete;
    private final ReadOnlyStringWrapper lastDeleted = new ReadOnlyStringWrapper(this, "lastDeleted");
    private final StringBinding nameProblem;
    private final StringBinding noteProblem;
    private final BooleanBinding canRename;
    private final BooleanBinding canSaveNote;
    private final BooleanBinding canOpenFolder;

    /**
     * @param repeater receives the config of a run to repeat (the app fills the form and shows Jobs)
     * @param resumer  receives the id and config of a stopped run to continue (the app queues the job and shows Jobs)
     * @param folderOpener shows a folder in the system's file manager; throws when it cannot
     */
    public RunsViewModel(AppState state, RunCatalog catalog, BackgroundLane background, RunConfigs configs,
                         Consumer<RunConfig> repeater, BiConsumer<String, RunConfig> resumer, Consumer<Path> folderOpener) {
        this.state = state;
        this.catalog = catalog;
        this.background = background;
        this.configs = configs;
        this.repeater = repeater;
        this.resumer = resumer;
        this.folderOpener = folderOpener;
        selected.addListener((obs, old, now) -> {
            keepOrResetDrafts(old, now);
            showDetails(now);
        });
        canRepeat = Bindings.createBooleanBinding(() -> repeatableConfig().isPresent(), selected);
        canResume = Bindings.createBooleanBinding(() -> resumableConfig().isPresent(), selected);
        canDelete = selected.isNotNull();
        nameProblem = Bindings.createStringBinding(() -> selectedRecord().isEmpty() ? null
                : RunText.nameProblem(nameDraft.get()).orElse(null), nameDraft, selected);
        noteProblem = Bindings.createStringBinding(() -> RunText.noteProblem(noteDraft.get()).orElse(null), noteDraft);
        canRename = Bindings.createBooleanBinding(() -> !writing.get() && nameProblem.get() == null
                && selectedRecord().map(r -> !r.name().equals(strip(nameDraft.get()))).orElse(false),
                nameDraft, selected, writing, nameProblem);
        canSaveNote = Bindings.createBooleanBinding(() -> !writing.get() && noteProblem.get() == null
                && selectedRecord().map(r -> !Objects.equals(noteOf(r), strip(noteDraft.get()))).orElse(false),
                noteDraft, selected, writing, noteProblem);
        canOpenFolder = selected.isNotNull();
    }

    public ObservableList<RunListing> runs() {
        return catalog.runs();
    }

    public ObjectProperty<RunListing> selectedProperty() {
        return selected;
    }

    /** Facts of the selected readable run; null for none or a damaged one. */
    public ReadOnlyObjectProperty<RunDetails> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** The selected run's curves, read from its metrics file; null until read. */
    public ReadOnlyObjectProperty<TrainingCurves> curvesProperty() {
        return curves.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty curvesVersionProperty() {
        return curvesVersion.getReadOnlyProperty();
    }

    /** The last thing that went wrong here (e.g. a delete refused), or null. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public BooleanBinding canRepeatProperty() {
        return canRepeat;
    }

    /** Whether the selected run stopped part-way (interrupted or cancelled) and its kind can continue: training (not joint), supernet, search. */
    public BooleanBinding canResumeProperty() {
        return canResume;
    }

    public BooleanBinding canDeleteProperty() {
        return canDelete;
    }

    /** The name being typed for the selected run; reset to the run's name when another run is selected. */
    public StringProperty nameDraftProperty() {
        return nameDraft;
    }

    /** The note being typed for the selected run. */
    public StringProperty noteDraftProperty() {
        return noteDraft;
    }

    /** Why the typed name cannot be used, or null. */
    public StringBinding nameProblemProperty() {
        return nameProblem;
    }

    public StringBinding noteProblemProperty() {
        return noteProblem;
    }

    public BooleanBinding canRenameProperty() {
        return canRename;
    }

    public BooleanBinding canSaveNoteProperty() {
        return canSaveNote;
    }

    public BooleanBinding canOpenFolderProperty() {
        return canOpenFolder;
    }

    /** The selected run's folder once the user asked for it (shown so it can be copied), else null. */
    public ReadOnlyStringProperty folderProperty() {
        return folder.getReadOnlyProperty();
    }

    /** What became of the last "open folder", or null. */
    public ReadOnlyStringProperty folderMessageProperty() {
        return folderMessage.getReadOnlyProperty();
    }

    /** Writes the typed name into the selected run's record. */
    public void renameSelected() {
        String name = strip(nameDraft.get());
        if (canRename.get()) {
            String id = selected.get().id();
            write(id, "rename", store -> store.rename(id, name));
        }
    }

    /** Writes the typed note into the selected run's record (an empty note removes it). */
    public void saveNote() {
        String note = noteDraft.get();
        if (canSaveNote.get()) {
            String id = selected.get().id();
            write(id, "keep the note of", store -> store.annotate(id, note));
        }
    }

    /** Opens the selected run's folder in the file manager; the folder is shown as well, to copy. */
    public void openFolder() {
        RunListing run = selected.get();
        if (run == null) {
            return;
        }
        RunStore store = state.store();
        folderMessage.set(null);
        background.run(() -> store.dir(run.id()).toAbsolutePath(), dir -> {
            folder.set(dir.toString());
            background.run(() -> {
                folderOpener.accept(dir);
                return dir;
            }, opened -> folderMessage.set("Handed to the file manager."),
                    e -> folderMessage.set("No file manager could be opened here (" + JobOutcomes.describeFailure(e)
                            + "); copy the path instead."));
        }, e -> folderMessage.set("cannot find the folder of " + run.id() + ": " + JobOutcomes.describeFailure(e)));
    }

    /** Hands the selected run's config to the form of its kind of job. */
    public void repeatSelected() {
        repeatableConfig().ifPresent(repeater);
    }

    /** Hands the selected stopped run on to be continued where it stopped. */
    public void resumeSelected() {
        resumableConfig().ifPresent(config -> resumer.accept(selected.get().id(), config));
    }

    /** Soft-deletes the selected run (ask the user first: the view does); the lists reload after; {@link #undoDelete} brings it back. */
    public void deleteSelected() {
        RunListing run = selected.get();
        if (run == null) {
            return;
        }
        RunStore store = state.store();
        background.run(() -> {
            store.delete(run.id());
            return run.id();
        }, id -> {
            problem.set(null);
            lastDeleted.set(id);
            catalog.refresh();
        }, e -> problem.set("could not delete " + run.id() + ": " + JobOutcomes.describeFailure(e)));
    }

    /** The run deleted last in this view, which Undo restores; null when there is none. */
    public ReadOnlyStringProperty lastDeletedProperty() {
        return lastDeleted.getReadOnlyProperty();
    }

    /** Restores the run deleted last ({@code cmpnas runs restore ID} does it for any deleted run). */
    public void undoDelete() {
        String id = lastDeleted.get();
        if (id == null) {
            return;
        }
        RunStore store = state.store();
        background.run(() -> {
            store.restore(id);
            return id;
        }, restored -> {
            problem.set(null);
            lastDeleted.set(null);
            catalog.refresh();
        }, e -> problem.set("could not restore " + id + ": " + JobOutcomes.describeFailure(e)));
    }

    public void refresh() {
        catalog.refresh();
    }

    private void write(String id, String what, Function<RunStore, RunRecord> change) {
        RunStore store = state.store();
        writing.set(true);
        background.run(() -> change.apply(store), saved -> {
            writing.set(false);
            problem.set(null);
            catalog.refresh();
        }, e -> {
            writing.set(false);
            problem.set("could not " + what + " " + id + ": " + JobOutcomes.describeFailure(e));
        });
    }

    /**
     * A new selection shows its own name and note; a reload of the same run (e.g. a job elsewhere ended)
     * keeps what the user is typing.
     */
    private void keepOrResetDrafts(RunListing old, RunListing now) {
        boolean sameRun = old != null && now != null && old.id().equals(now.id());
        if (!sameRun) {
            folder.set(null);
            folderMessage.set(null);
        }
        Optional<RunRecord> before = old == null ? Optional.empty() : old.record();
        Optional<RunRecord> after = now == null ? Optional.empty() : now.record();
        boolean nameEdited = sameRun && before.map(r -> !r.name().equals(nameDraft.get())).orElse(false);
        boolean noteEdited = sameRun && before.map(r -> !Objects.equals(Objects.requireNonNullElse(r.note(), ""),
                noteDraft.get())).orElse(false);
        if (!nameEdited) {
            nameDraft.set(after.map(RunRecord::name).orElse(""));
        }
        if (!noteEdited) {
            noteDraft.set(after.map(r -> Objects.requireNonNullElse(r.note(), "")).orElse(""));
        }
    }

    private Optional<RunRecord> selectedRecord() {
        RunListing run = selected.get();
        return run == null ? Optional.empty() : run.record();
    }

    private static String noteOf(RunRecord r) {
        return r.note() == null ? "" : r.note();
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    private Optional<RunConfig> repeatableConfig() {
        RunListing run = selected.get();
        return run == null ? Optional.empty() : run.record().flatMap(configs::repeatable);
    }

    private Optional<RunConfig> resumableConfig() {
        boolean stopped = selectedRecord().map(r -> r.status() == RunStatus.interrupted || r.status() == RunStatus.cancelled).orElse(false);
        return !stopped ? Optional.empty() : repeatableConfig().filter(RunConfig::resumable);
    }

    private void showDetails(RunListing run) {
        problem.set(null);
        curves.set(null);
        Optional<RunRecord> record = run == null ? Optional.empty() : run.record();
        details.set(record.map(r -> RunDetails.of(r, configs)).orElse(null));
        if (record.isEmpty()) {
            return;
        }
        RunStore store = state.store();
        String id = run.id();
        background.run(() -> toCurves(store.metrics(id)), c -> {
            RunListing now = selected.get();
            if (now != null && now.id().equals(id)) { // still the run the user is looking at
                curves.set(c);
                curvesVersion.set(curvesVersion.get() + 1);
            }
        }, e -> problem.set("cannot read the metrics of " + id + ": " + JobOutcomes.describeFailure(e)));
    }

    private static TrainingCurves toCurves(List<MetricEvent> events) {
        TrainingCurves c = new TrainingCurves();
        for (MetricEvent e : events) {
            c.add(new MetricPoint(e.name(), e.value(), e.step(), e.epoch()));
        }
        return c;
    }
}
