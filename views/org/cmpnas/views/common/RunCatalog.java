package org.cmpnas.views.common;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunStore;

/**
 * The runs of the current store, read in the background and shared by the Models and Runs views, so
 * one refresh (a job ended, a run was deleted, another store was opened) updates both.
 */
public final class RunCatalog {
    private final AppState state;
    private final BackgroundLane background;
    private final ObservableList<RunListing> runs = FXCollections.observableArrayList();
    private final ObservableList<RunListing> readOnlyRuns = FXCollections.unmodifiableObservableList(runs);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private Map<String, Evaluation> homogeneous = Map.of();
    private Map<String, List<Evaluation>> evaluations = Map.of();
    private long generation; // a reply to an older request (e.g. of the previous store) is dropped

    public RunCatalog(AppState state, BackgroundLane background) {
        this.state = state;
        this.background = background;
        state.storeProperty().addListener((obs, old, now) -> refresh());
    }

    /** Non-deleted runs of the store, newest first; damaged ones included. */
    public ObservableList<RunListing> runs() {
        return readOnlyRuns;
    }

    /**
     * The test-protocol result M(A, A) of a run (the model searching its own gallery), if it has been
     * evaluated under the current protocol. Updated together with {@link #runs()}.
     */
    public Optional<Evaluation> homogeneousEvaluation(String runId) {
        return Optional.ofNullable(homogeneous.get(runId));
    }

    /**
     * Every stored result of a run as the query model (any gallery, any protocol version: callers
     * choose), e.g. for the Pareto explorer. Updated together with {@link #runs()}.
     */
    public List<Evaluation> evaluations(String runId) {
        return evaluations.getOrDefault(runId, List.of());
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Why the store could not be read, or null. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public void refresh() {
        long request = ++generation;
        RunStore store = state.store();
        loading.set(true);
        background.run(() -> Snapshot.read(store), (Snapshot snapshot) -> {
            if (request == generation) {
                homogeneous = snapshot.homogeneous(); // before the runs, so their listeners see both
                evaluations = snapshot.evaluations();
                runs.setAll(snapshot.runs());
                problem.set(null);
                loading.set(false);
            }
        }, error -> {
            if (request == generation) {
                homogeneous = Map.of();
                evaluations = Map.of();
                runs.clear();
                problem.set("cannot read " + store.root() + ": " + JobOutcomes.describeFailure(error));
                loading.set(false);
            }
        });
    }

    /** One read of the store: the listing, each run's stored results and its M(A, A) among them. */
    private record Snapshot(List<RunListing> runs, Map<String, Evaluation> homogeneous, Map<String, List<Evaluation>> evaluations) {
        static Snapshot read(RunStore store) {
            List<RunListing> runs = store.list();
            Map<String, Evaluation> results = new HashMap<>();
            Map<String, List<Evaluation>> all = new HashMap<>();
            for (RunListing run : runs) {
                if (run.isDamaged()) {
                    continue;
                }
                try {
                    List<Evaluation> stored = store.evaluations(run.id());
                    all.put(run.id(), List.copyOf(stored));
                    stored.stream()
                            .filter(e -> e.homogeneous() && Provenance.comparable(e.protocol()))
                            .findFirst()
                            .ifPresent(e -> results.put(run.id(), e));
                } catch (RuntimeException e) {
                    // a run deleted meanwhile, or an unreadable results file: the row just shows no result
                }
            }
            return new Snapshot(runs, Map.copyOf(results), Map.copyOf(all));
        }
    }
}
