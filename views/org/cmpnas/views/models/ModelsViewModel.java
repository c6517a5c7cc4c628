package org.cmpnas.views.models;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import java.util.Optional;
import java.util.function.Function;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.model.GalleryImport;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.views.common.AppState;
import org.cmpnas.views.common.GalleryModel;
import org.cmpnas.views.common.JobRunner;
import org.cmpnas.views.common.RunCatalog;

/**
 * The Models view: every run of the store as a model row, filtered by the typed words and sorted by
 * the table's columns, and the choice of the gallery model the whole window uses.
 */
public final class ModelsViewModel {
    private final AppState state;
    private final RunCatalog catalog;
    private final JobRunner runner;
    private final Function<GalleryImport.Request, Job> importJobs;
    private final ObservableList<ModelRow> rows = FXCollections.observableArrayList();
    private final FilteredList<ModelRow> filtered = new FilteredList<>(rows);
    private final SortedList<ModelRow> sorted = new SortedList<>(filtered);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ObjectProperty<ModelRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final BooleanBinding canUseAsGallery;
    private final StringBinding countText;
    private final StringBinding emptyText;

    /** Without imports (the table and the gallery choice only). */
    public ModelsViewModel(AppState state, RunCatalog catalog) {
        this(state, catalog, null, null);
    }

    /**
     * @param runner     the background engine, which runs imports one at a time with the other jobs
     * @param importJobs makes the job that imports a TorchScript gallery model into the current store
     */
    public ModelsViewModel(AppState state, RunCatalog catalog, JobRunner runner, Function<GalleryImport.Request, Job> importJobs) {
        this.state = state;
        this.catalog = catalog;
        this.runner = runner;
        this.importJobs = importJobs;
        catalog.runs().addListener((ListChangeListener<Object>) c -> reload());
        state.galleryModelProperty().addListener((obs, old, now) -> reload()); // the M(Q, G) column follows the gallery
        filter.addListener((obs, old, now) -> filtered.setPredicate(r -> r.matches(now)));
        canUseAsGallery = Bindings.createBooleanBinding(() -> selected.get() != null && selected.get().canBeGallery()
                && !isGallery(selected.get()), selected, state.galleryModelProperty());
        countText = Bindings.createStringBinding(() -> filtered.size() == rows.size()
                ? rows.size() + (rows.size() == 1 ? " model" : " models")
                : filtered.size() + " of " + rows.size() + " models", filtered, rows);
        emptyText = Bindings.createStringBinding(this::describeEmpty, rows, filter, catalog.problemProperty(),
                catalog.loadingProperty(), state.storeProperty());
        reload();
    }

    /** The store's models (supernets and searches are in Runs), each with M(A, A) and M(Q, G) against the chosen gallery. */
    private void reload() {
        GalleryModel g = state.galleryModel();
        rows.setAll(catalog.runs().stream().filter(ModelRow::isModel).map(l -> ModelRow.of(l, catalog.homogeneousEvaluation(l.id()),
                g == null ? Optional.empty() : catalog.evaluations(l.id()).stream()
                        .filter(e -> e.gallery().equals(g.runId()) && Provenance.comparable(e.protocol())).findFirst())).toList());
    }

    /** Filtered and sorted: the table shows this list and binds its sort order to it. */
    public SortedList<ModelRow> rows() {
        return sorted;
    }

    /** Words that every shown row contains (name, id, kind, architecture, status). */
    public StringProperty filterProperty() {
        return filter;
    }

    public ObjectProperty<ModelRow> selectedProperty() {
        return selected;
    }

    public BooleanBinding canUseAsGalleryProperty() {
        return canUseAsGallery;
    }

    /** "3 runs" or "1 of 3 runs". */
    public StringBinding countTextProperty() {
        return countText;
    }

    /** What the empty table says: why it is empty and what to do. */
    public StringBinding emptyTextProperty() {
        return emptyText;
    }

    /** The app-wide gallery model (null until one is chosen). */
    public ObservableValue<GalleryModel> galleryProperty() {
        return state.galleryModelProperty();
    }

    public boolean isGallery(ModelRow row) {
        GalleryModel g = state.galleryModel();
        return row != null && g != null && g.runId().equals(row.id());
    }

    /** Makes the selected model the gallery model of every view. */
    public void useSelectedAsGallery() {
        ModelRow row = selected.get();
        if (row == null || !row.canBeGallery()) {
            return;
        }
        state.galleryModelProperty().set(new GalleryModel(row.id(), row.name(), row.arch(), row.macs()));
    }

    public void refresh() {
        catalog.refresh();
    }

    public boolean canImport() {
        return runner != null && importJobs != null;
    }

    /** A fresh "import gallery model" dialog state; the store is refreshed after a successful import. */
    public ImportGalleryViewModel newImport() {
        if (!canImport()) {
            throw new IllegalStateException("this window has no engine to import with");
        }
        return new ImportGalleryViewModel(runner, importJobs, catalog::refresh);
    }

    private String describeEmpty() {
        RunStore store = state.store();
        if (catalog.problemProperty().get() != null) {
            return catalog.problemProperty().get();
        }
        if (catalog.loadingProperty().get() && rows.isEmpty()) {
            return "Reading " + store.root() + " …";
        }
        if (rows.isEmpty()) {
            return "No runs in " + store.root() + " yet.\nTrain a model in Jobs, or open another store.";
        }
        return "No run matches “" + filter.get().trim() + "”.";
    }
}
