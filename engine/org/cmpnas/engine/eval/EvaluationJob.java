package org.cmpnas.engine.eval;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;

/**
 * The evaluations of one model as {@code reproduce} makes them, as a job with progress and cancel: its
 * own retrieval M(Q, Q) and, against every given gallery model that is another run, M(Q, G). Results go
 * where {@code cmpnas evaluate} puts them (the store's evaluations, the runs' embedding caches), so the
 * Pareto view and the Models table show them. Not a run: it returns the evaluated model's id.
 */
public final class EvaluationJob {

    private EvaluationJob() {
    }

    /** The galleries a finished model is evaluated against: {@code chosen} (may be null) and the gallery it was trained with or exported beside. */
    public static List<String> galleriesFor(RunRecord model, String chosen) {
        Set<String> galleries = new LinkedHashSet<>();
        if (chosen != null && !chosen.equals(model.id())) {
            galleries.add(chosen);
        }
        String linked = model.links().get("gallery");
        if (linked != null && !linked.equals(model.id())) {
            galleries.add(linked);
        }
        return List.copyOf(galleries);
    }

    /** Whether a run is a model a job can evaluate: a finished gallery or query model (imported ones have no data to be evaluated on alone). */
    public static boolean isEvaluable(RunRecord run) {
        return run.status() == RunStatus.finished && !run.deleted() && (run.kind() == RunKind.gallery || run.kind() == RunKind.query);
    }

    /** The job evaluating {@code model} on its own and against {@code galleries}. */
    public static Job of(RunStore store, String model, List<String> galleries) {
        return Job.of("evaluate " + model, (listener, token) -> {
            RunRecord query = store.load(model);
            List<String> against = new ArrayList<>(List.of(query.id()));
            galleries.stream().filter(g -> !g.equals(query.id())).forEach(against::add);
            int steps = against.size() + 1;
            listener.progress(0, steps, "reading " + query.data());
            DataSplits data = Datasets.load(query.data(), query.images());
            try (NDManager manager = NDManager.newBaseManager()) {
                Evaluator evaluator = new Evaluator(store, manager);
                for (int i = 0; i < against.size(); i++) {
                    token.check();
                    RunRecord gallery = store.load(against.get(i));
                    String pair = gallery.id().equals(query.id()) ? "M(Q, Q)" : "M(Q, G) against " + gallery.name();
                    listener.progress(i + 1, steps, pair);
                    Evaluation e = evaluator.evaluate(query.id(), gallery.id(), datasetFor(query, gallery, data));
                    listener.log(String.format(java.util.Locale.ROOT, "%s: top-1 %.2f%%, mAP %.2f%% (%.2fM MACs against %.2fM: %.1f× cheaper)",
                            pair, e.top1(), e.mAP(), e.queryMacs() / 1e6, e.galleryMacs() / 1e6, e.costReduction()));
                }
            }
            listener.progress(steps, steps, "evaluated");
            return query.id();
        });
    }

    /** The data a pair is evaluated on: the query's, unless the gallery read the same dataset another way. */
    private static DataSplits datasetFor(RunRecord query, RunRecord gallery, DataSplits queryData) {
        RunRecord trainedOn = Evaluator.dataOf(query, gallery);
        if (trainedOn == query || java.util.Objects.equals(gallery.images(), query.images()) && gallery.data().equals(query.data())) {
            return queryData;
        }
        return Datasets.load(trainedOn.data(), trainedOn.images());
    }
}
