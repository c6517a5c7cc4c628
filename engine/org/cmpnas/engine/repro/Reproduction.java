package org.cmpnas.engine.repro;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.compat.CompatibilityMatrix;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.eval.Evaluator;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.nas.ExportConfig;
import org.cmpnas.engine.nas.ExportJob;
import org.cmpnas.engine.nas.MacsBudgets;
import org.cmpnas.engine.nas.SearchJob;
import org.cmpnas.engine.nas.SearchRecord;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.nas.SupernetJob;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.Schedule;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.engine.train.TrainingJob;

/**
 * Runs the headline experiment of {@link ReproductionPlan} step by step and gathers every number of
 * its report. A step whose run the store already holds (finished, same settings) is reused; a training,
 * supernet or search run that was interrupted is resumed (from its checkpoint, or its scored subnets);
 * so an interrupted reproduction continues where it stopped. One progress display covers all steps,
 * weighted by their rough cost.
 */
public final class Reproduction {
    // Rough minutes of each step of a full run on 2 cores, for the one progress line and its ETA.
    private static final double PARAGON = 48;
    private static final double QUERY = 9;
    private static final double SUPERNET = 12;
    private static final double SEARCH = 2;
    private static final double EXPORT = 5;
    private static final double EVALUATE = 3;
    private final RunStore store;
    private final ReproductionPlan plan;
    private final JobListener listener;
    private final CancellationToken token;
    private final ReusableRuns reusable;
    private final StepProgress progress;
    private final List<ReproductionReport.Step> steps = new ArrayList<>();
    private DataSplits data;

    public Reproduction(RunStore store, ReproductionPlan plan, JobListener listener, CancellationToken token) {
        this.store = store;
        this.plan = plan;
        this.listener = listener;
        this.token = token;
        this.reusable = new ReusableRuns(store);
        this.progress = new StepProgress(listener, PARAGON + 2 * QUERY + SUPERNET + SEARCH + EXPORT * plan.budgets().size() + EVALUATE);
    }

    /** Runs (or reuses) every step, evaluates every model and returns the report's content. */
    public ReproductionReport run() {
        long started = System.nanoTime();
        String paragon = trainStep("paragon", plan.paragon(), RunKind.gallery, PARAGON);
        String independent = trainStep("query independent", plan.independent(), RunKind.gallery, QUERY);
        String bct = trainStep("query bct", plan.bct(paragon), RunKind.query, QUERY);
        String supernet = resumableStep("supernet", plan.supernet(paragon), RunKind.supernet, SUPERNET,
                (l) -> new SupernetJob(store, l, token).start(plan.supernet(paragon), data()),
                (l, id) -> new SupernetJob(store, l, token).resume(id, data()), "supernet",
                supernetCommand(plan.supernet(paragon)));
        String search = resumableStep("search", plan.search(supernet), RunKind.search, SEARCH,
                (l) -> new SearchJob(store, l, token).start(plan.search(supernet), data()),
                (l, id) -> new SearchJob(store, l, token).resume(id, data()), "search",
                "cmpnas search --supernet " + supernet + " --budgets " + String.join(",", plan.budgets()) + " --population "
                        + plan.evolution().population() + " --generations " + plan.evolution().generations()
                        + " --calibration-batches " + plan.calibrationBatches() + " --calibration-batch " + plan.batch()
                        + " --seed " + plan.search(supernet).seed());
        // Budgets whose best subnet is the same (a small budget's winner can also win a larger one) share one export.
        SearchRecord found = SearchRecord.read(store.dir(search));
        Map<String, String> exported = new LinkedHashMap<>();
        for (String budget : plan.budgets()) {
            String subnet = found.budget(MacsBudgets.parseOne(budget)).map(SearchRecord.Budget::subnet).orElse(budget);
            if (exported.containsKey(subnet)) {
                progress.skip(EXPORT);
                listener.log("export " + budget + ": the search found " + subnet + " again; it is exported once");
                continue;
            }
            exported.put(subnet, step("export " + budget, exportSettings(plan.export(search, budget)), RunKind.query, EXPORT,
                    (l) -> new ExportJob(store, l, token).start(plan.export(search, budget), data()),
                    "cmpnas export --search " + search + " --budget " + budget + " --finetune-epochs " + plan.finetuneEpochs()
                            + " --batch " + plan.batch() + " --seed " + plan.export(search, budget).finetune().seed()));
        }
        List<String> models = new ArrayList<>(List.of(paragon, independent, bct));
        models.addAll(exported.values());
        progress.begin("evaluate", EVALUATE);
        ReproductionReport report = evaluate(paragon, models, search);
        progress.end();
        return report.withWallSeconds((System.nanoTime() - started) / 1e9);
    }

    private ReproductionReport evaluate(String paragon, List<String> models, String search) {
        List<RunRecord> records = models.stream().map(store::load).toList();
        try (NDManager manager = NDManager.newBaseManager()) {
            Evaluator evaluator = new Evaluator(store, manager);
            List<ReproductionReport.Row> rows = new ArrayList<>();
            for (RunRecord model : records) {
                token.check();
                listener.log("evaluating " + model.name());
                Evaluation self = evaluator.evaluate(model.id(), model.id(), data());
                Evaluation cross = model.id().equals(paragon) ? self : evaluator.evaluate(model.id(), paragon, data());
                rows.add(new ReproductionReport.Row(model.id(), model.name(), model.arch(), model.macs(), self, cross));
            }
            token.check();
            CompatibilityMatrix matrix = CompatibilityMatrix.measure(records, (q, g) -> evaluator.evaluate(q, g, data()));
            return new ReproductionReport(plan, data().name(), rows, matrix, List.copyOf(steps), search, 0);
        }
    }

    /** A training step: reused when finished, resumed when interrupted, else trained. */
    private String trainStep(String title, TrainConfig config, RunKind kind, double weight) {
        return resumableStep(title, config, kind, weight, (l) -> new TrainingJob(store, l, token).start(config, data()),
                (l, id) -> new TrainingJob(store, l, token).resume(id, data()), "train", TrainCommands.of(config));
    }

    /**
     * A step whose runs can be resumed: reused when finished, resumed when interrupted or cancelled,
     * else started. {@code command} starts it on the command line, {@code cmpnas <verb> --resume ID} resumes it.
     */
    private String resumableStep(String title, Object config, RunKind kind, double weight, Function<JobListener, String> start,
                                 BiFunction<JobListener, String, String> resume, String verb, String command) {
        Optional<RunRecord> stopped = reusable.finished(kind, config).isPresent() ? Optional.empty() : reusable.unfinished(kind, config);
        if (stopped.isPresent()) {
            String id = stopped.get().id();
            return step(title, config, kind, weight, (l) -> resume.apply(l, id),
                    "cmpnas " + verb + " --resume " + id + "   # resumed; started as: " + command);
        }
        return step(title, config, kind, weight, start, command);
    }

    private String step(String title, Object config, RunKind kind, double weight, Function<JobListener, String> start, String command) {
        token.check();
        Optional<RunRecord> done = reusable.finished(kind, config);
        long t0 = System.nanoTime();
        String id;
        if (done.isPresent()) {
            id = done.get().id();
            progress.skip(weight);
            listener.log(title + ": reusing finished run " + id + " (" + done.get().name() + ")");
        } else {
            progress.begin(title, weight);
            id = start.apply(progress);
            RunRecord run = store.load(id);
            if (run.status() != RunStatus.finished) {
                throw new BadInputException(title + ": run " + id + " ended " + run.status()
                        + (run.message() != null ? " (" + run.message() + ")" : "") + "; fix the cause and run reproduce again to continue");
            }
            progress.end();
        }
        steps.add(new ReproductionReport.Step(title, id, command, done.isPresent(), (System.nanoTime() - t0) / 1e9));
        return id;
    }

    /** What an export run records of its plan; the job copies the rest (subnet, data, loss, λ) from the supernet. */
    private static ObjectNode exportSettings(ExportConfig config) {
        ObjectNode settings = Json.mapper().valueToTree(config);
        settings.remove(List.of("subnet", "data", "loss", "lambda"));
        return settings;
    }

    /** The data is loaded once, when the first step needs it (a fully reused plan still evaluates). */
    private DataSplits data() {
        if (data == null) {
            data = plan.load();
        }
        return data;
    }

    /** The command that repeats a supernet step: every setting the plan chose, so the run is the same one. */
    static String supernetCommand(SupernetConfig c) {
        Schedule s = c.schedule();
        return "cmpnas supernet --gallery " + c.gallery() + " --epochs " + s.epochs() + " --limit " + c.data().limit() + " --batch " + s.batch()
                + " --seed " + s.seed() + " --loss " + c.loss().text() + " --lambda " + c.loss().lambda()
                + (c.budgets() == null ? " --whole-space" : " --budgets " + c.budgets())
                + (c.resolutions() == null ? "" : " --resolutions " + c.resolutions());
    }
}
