package org.cmpnas.app;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.catalogue.RunConfig;
import org.cmpnas.engine.eval.EvaluationJob;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.model.GalleryImport;
import org.cmpnas.engine.nas.ExportConfig;
import org.cmpnas.engine.nas.SearchRunConfig;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.views.jobs.JobFactory;

/** The engine's real jobs, each bound to the store the window shows when it is queued. */
final class EngineJobs implements JobFactory {
    private final Supplier<RunStore> store;
    private final BiFunction<RunStore, TrainConfig, Job> training;

    /** @param training the training jobs (tests put slow stand-ins here) */
    EngineJobs(Supplier<RunStore> store, BiFunction<RunStore, TrainConfig, Job> training) {
        this.store = store;
        this.training = training;
    }

    @Override
    public Job training(TrainConfig config) {
        return training.apply(store.get(), config);
    }

    @Override
    public Job supernet(SupernetConfig config) {
        return new RunConfig.Supernet(config).start(store.get());
    }

    @Override
    public Job search(SearchRunConfig config) {
        return new RunConfig.Search(config).start(store.get());
    }

    @Override
    public Job export(ExportConfig config) {
        return new RunConfig.Export(config).start(store.get());
    }

    @Override
    public Job resume(String runId, RunConfig config) {
        return config.resume(store.get(), runId);
    }

    @Override
    public Optional<Job> evaluation(String runId, String chosenGallery) {
        RunStore target = store.get();
        RunRecord run;
        try {
            run = target.load(runId);
        } catch (BadInputException e) {
            return Optional.empty(); // deleted or damaged meanwhile: nothing to evaluate
        }
        return EvaluationJob.isEvaluable(run)
                ? Optional.of(EvaluationJob.of(target, run.id(), EvaluationJob.galleriesFor(run, chosenGallery))) : Optional.empty();
    }

    @Override
    public Job importGallery(GalleryImport.Request request) {
        RunStore target = store.get();
        return Job.of("import " + request.name(), (listener, token) -> {
            token.check();
            listener.progress(0, 1, "loading " + request.torchscript().getFileName() + " and embedding a probe batch");
            listener.log("importing " + request.torchscript() + (request.classifier() == null ? "" : " with classifier " + request.classifier()));
            String id = new GalleryImport(target).run(request);
            listener.progress(1, 1, "imported");
            listener.log("imported as run " + id);
            return id;
        });
    }
}
