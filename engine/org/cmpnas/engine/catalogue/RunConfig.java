package org.cmpnas.engine.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.nas.ExportConfig;
import org.cmpnas.engine.nas.ExportJob;
import org.cmpnas.engine.nas.SearchJob;
import org.cmpnas.engine.nas.SearchRunConfig;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.nas.SupernetJob;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.store.StoredConfig;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.engine.train.TrainingJob;

/**
 * The config of a run a job made, typed by the kind of job, and the catalogue of those jobs: which job
 * starts a config and which resumes its run is said here once, so a new kind of run is one config, one
 * job and one case here. Read back from a stored run with {@link #of(RunRecord)}, for the form that
 * repeats it or the job that resumes it.
 */
public sealed interface RunConfig {

    /** The config itself, as run.json holds it. */
    StoredConfig config();

    /** The run's name, for messages. */
    default String name() {
        return config().name();
    }

    /** The job that makes a new run of this config in {@code store}. */
    Job start(RunStore store);

    /** The epochs its job trains, for a progress bar over them (0: its job does not run in epochs). */
    default int epochs() {
        return 0;
    }

    /** The MACs budgets its job searches, for a progress bar over them (empty: it searches none). */
    default List<Long> budgets() {
        return List.of();
    }

    /** Whether a stopped run of this config can continue from where it stopped (else it is started again). */
    default boolean resumable() {
        return false;
    }

    /** The job that continues run {@code runId} of this config from where it stopped. */
    default Job resume(RunStore store, String runId) {
        throw new BadInputException("run " + runId + " (" + name() + ") cannot be resumed: start it again");
    }

    record Training(TrainConfig config) implements RunConfig {
        public Job start(RunStore store) {
            return TrainingJob.of(store, config);
        }

        @Override
        public int epochs() {
            return config.schedule().epochs();
        }

        @Override
        public boolean resumable() {
            return !(config.loss() instanceof LossSpec.Joint); // a pair trained jointly is trained again
        }

        @Override
        public Job resume(RunStore store, String runId) {
            return Job.of("resume " + name(), (listener, token) -> new TrainingJob(store, listener, token).resume(runId));
        }
    }

    record Supernet(SupernetConfig config) implements RunConfig {
        public Job start(RunStore store) {
            return SupernetJob.of(store, config);
        }

        @Override
        public int epochs() {
            return config.schedule().epochs();
        }

        @Override
        public boolean resumable() {
            return true;
        }

        @Override
        public Job resume(RunStore store, String runId) {
            return Job.of("resume " + name(), (listener, token) -> new SupernetJob(store, listener, token).resume(runId));
        }
    }

    record Search(SearchRunConfig config) implements RunConfig {
        public Job start(RunStore store) {
            return SearchJob.of(store, config);
        }

        @Override
        public List<Long> budgets() {
            return config.budgetList();
        }

        @Override
        public boolean resumable() {
            return true;
        }

        @Override
        public Job resume(RunStore store, String runId) {
            return Job.of("resume " + name(), (listener, token) -> new SearchJob(store, listener, token).resume(runId));
        }
    }

    record Export(ExportConfig config) implements RunConfig {
        public Job start(RunStore store) {
            return ExportJob.of(store, config);
        }

        @Override
        public int epochs() {
            return config.finetune().epochs();
        }
    }

    /**
     * The typed config of a stored run: by the type marker its config carries, or for a run recorded before
     * the marker, by its kind; every shape earlier versions wrote reads. Empty for an imported model (no job
     * made it) and for a config that does not read as its type's.
     */
    static Optional<RunConfig> of(RunRecord run) {
        JsonNode config = run.config();
        return switch (config.path("type").asText("")) {
            case TrainConfig.TYPE -> training(config);
            case SupernetConfig.TYPE -> read(config, SupernetConfig.class).map(Supernet::new);
            case SearchRunConfig.TYPE -> read(config, SearchRunConfig.class).map(Search::new);
            case ExportConfig.TYPE -> read(config, ExportConfig.class).map(Export::new);
            default -> byKind(run);
        };
    }

    private static Optional<RunConfig> byKind(RunRecord run) {
        JsonNode config = run.config();
        return switch (run.kind()) {
            case gallery -> training(config);
            // A query model was trained, or exported from a search (its config names the search and budget).
            case query -> config.hasNonNull("search") && config.hasNonNull("budget")
                    ? read(config, ExportConfig.class).map(Export::new) : training(config);
            case supernet -> read(config, SupernetConfig.class).map(Supernet::new);
            case search -> read(config, SearchRunConfig.class).map(Search::new);
            case imported -> Optional.empty();
        };
    }

    /** A gallery or query run's config without the fields every training config has is no training's. */
    private static Optional<RunConfig> training(JsonNode config) {
        boolean trained = List.of("arch", "epochs", "batch", "lr").stream().allMatch(config::hasNonNull);
        return trained ? read(config, TrainConfig.class).map(Training::new) : Optional.empty();
    }

    private static <T> Optional<T> read(JsonNode config, Class<T> type) {
        try {
            return Optional.of(Json.mapper().treeToValue(config, type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
