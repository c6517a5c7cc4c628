package org.cmpnas.views.shell;

import java.util.Comparator;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.store.SampleRuns;
import org.cmpnas.views.common.AppState;
import org.cmpnas.views.common.BackgroundLane;
import org.cmpnas.views.common.GalleryModel;
import org.cmpnas.views.common.JobOutcomes;
import org.cmpnas.views.common.RunCatalog;

/**
 * Offers the runs shipped with the workbench when the store is empty, so a first start shows trained
 * models, the Pareto chart and the retrieval demo at once. Accepting copies them in the background;
 * nothing in the store is ever overwritten.
 */
public final class SampleRunsOffer {
    private final AppState state;
    private final RunCatalog catalog;
    private final BackgroundLane background;
    private final Optional<SampleRuns> samples;
    private final ReadOnlyBooleanWrapper copying = new ReadOnlyBooleanWrapper(this, "copying");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final BooleanBinding visible;

    public SampleRunsOffer(AppState state, RunCatalog catalog, BackgroundLane background, Optional<SampleRuns> samples) {
        this.state = state;
        this.catalog = catalog;
        this.background = background;
        this.samples = samples;
        visible = Bindings.createBooleanBinding(() -> samples.isPresent() && !catalog.loadingProperty().get()
                        && catalog.problemProperty().get() == null && catalog.runs().isEmpty(),
                catalog.runs(), catalog.loadingProperty(), catalog.problemProperty());
    }

    /** True while the store is empty and sample runs exist to copy. */
    public BooleanBinding visibleProperty() {
        return visible;
    }

    public String message() {
        int count = samples.map(s -> s.store().list().size()).orElse(0);
        return "This store has no runs yet. Load the " + count + " sample runs of a full reproduction (the paragon resnet-g, "
                + "resnet-q baselines, the supernet, its search and the searched models, all evaluated) to explore the Pareto "
                + "chart and the retrieval demo without training anything.";
    }

    public ReadOnlyBooleanProperty copyingProperty() {
        return copying.getReadOnlyProperty();
    }

    /** Why the copy failed, or null. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The shipped gallery model with the most MACs, the paragon the other views compare against. */
    private Optional<RunRecord> paragon(RunStore store) {
        return samples.get().store().list().stream().flatMap(l -> l.record().stream())
                .filter(r -> r.kind() == RunKind.gallery && r.status() == RunStatus.finished)
                .max(Comparator.comparingLong(RunRecord::macs))
                .map(r -> store.load(r.id()));
    }

    /** Copies the sample runs into the current store, makes their paragon the gallery model if none is chosen, and reads the store again. */
    public void accept() {
        if (samples.isEmpty() || copying.get()) {
            return;
        }
        RunStore store = state.store();
        copying.set(true);
        problem.set(null);
        background.run(() -> {
            samples.get().copyInto(store);
            return paragon(store);
        }, (Optional<RunRecord> paragon) -> {
            copying.set(false);
            if (state.galleryModel() == null) {
                paragon.ifPresent(r -> state.galleryModelProperty().set(GalleryModel.of(r)));
            }
            catalog.refresh();
        }, error -> {
            copying.set(false);
            problem.set("Could not copy the sample runs: " + JobOutcomes.describeFailure(error));
        });
    }
}
