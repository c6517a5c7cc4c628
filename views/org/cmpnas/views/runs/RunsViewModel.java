package org.cmpnas.views.runs;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ObservableList;
import org.cmpnas.engine.store.MetricEvent;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.views.common.AppState;
import org.cmpnas.views.common.BackgroundRunner;
import org.cmpnas.views.common.JobOutcomes;
import org.cmpnas.views.common.MetricPoint;
import org.cmpnas.views.common.RepeatableConfig;
import org.cmpnas.views.common.RunCatalog;
import org.cmpnas.views.common.TrainingCurves;

/**
 * The run history: every run of the store, the details and curves of the selected one, soft delete,
 * and "repeat", which hands the run's config to the form that launches its kind of job.
 */
public final class RunsViewModel {
    private final AppState state;
    private final RunCatalog catalog;
    private final BackgroundRunner background;
    private final RunConfigs configs;
    private final Consumer<RepeatableConfig> repeater;
    private final ObjectProperty<RunListing> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<RunDetails> details = new ReadOnlyObjectWrapper<>(this, "details");
    private final ReadOnlyObjectWrapper<TrainingCurves> curves = new ReadOnlyObjectWrapper<>(this, "curves");
    private final ReadOnlyIntegerWrapper curvesVersion = new ReadOnlyIntegerWrapper(this, "curvesVersion");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final BooleanBinding canRepeat;
    private final BooleanBinding canDelete;

    /** @param repeater receives the config of a run to repeat (the app fills the form and shows Jobs) */
    public RunsViewModel(AppState state, RunCatalog catalog, BackgroundRunner background, RunConfigs configs,
                         Consumer<RepeatableConfig> repeater) {
        this.state = state;
        this.catalog = catalog;
        this.background = background;
        this.configs = configs;
        this.repeater = repeater;
        selected.addListener((obs, old, now) -> showDetails(now));
        canRepeat = Bindings.createBooleanBinding(() -> repeatableConfig().isPresent(), selected);
        canDelete = selected.isNotNull();
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

    public BooleanBinding canDeleteProperty() {
        return canDelete;
    }

    /** Hands the selected run's config to the form of its kind of job. */
    public void repeatSelected() {
        repeatableConfig().ifPresent(repeater);
    }

    /** Soft-deletes the selected run (ask the user first: the view does); the lists reload after. */
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
            catalog.refresh();
        }, e -> problem.set("could not delete " + run.id() + ": " + JobOutcomes.describeFailure(e)));
    }

    public void refresh() {
        catalog.refresh();
    }

    private Optional<RepeatableConfig> repeatableConfig() {
        RunListing run = selected.get();
        return run == null ? Optional.empty() : run.record().flatMap(configs::repeatable);
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
