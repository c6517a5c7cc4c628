package org.cmpnas.engine.eval;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
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
        List<String> against = new ArrayList<>(List.of(model));
        against.addAll(galleries);
        return pairs(store, model, against, e -> {
        });
    }

    /**
     * The job evaluating {@code model} against each of {@code galleries} in turn (itself among them: M(Q, Q)),
     * each result also handed to {@code results} as it comes; what {@code cmpnas evaluate} runs.
     */
    public static Job pairs(RunStore store, String model, List<String> galleries, Consumer<Evaluation> results) {
        return Job.of("evaluate " + model, (listener, token) -> {
            RunRecord query = store.load(model);
            List<RunRecord> against = galleries.stream().map(store::load).distinct().toList();
            int steps = against.size();
            try (NDManager manager = NDManager.newBaseManager()) {
                Evaluator evaluator = new Evaluator(store, manager);
                for (int i = 0; i < steps; i++) {
                    token.check();
                    RunRecord gallery = against.get(i);
                    String pair = gallery.id().equals(query.id()) ? "M(Q, Q)" : "M(Q, G) against " + gallery.name();
                    listener.progress(i, steps, pair);
                    Evaluation e = evaluator.evaluate(query.id(), gallery.id()); // each dataset read once
                    listener.log(String.format(Locale.ROOT, "%s: top-1 %.2f%%, mAP %.2f%% (%.2fM MACs against %.2fM: %.1f× cheaper)",
                            pair, e.top1(), e.mAP(), e.queryMacs() / 1e6, e.galleryMacs() / 1e6, e.costReduction()));
                    results.accept(e);
                }
            }
            listener.progress(steps, steps, "evaluated");
            return query.id();
        });
    }
}
