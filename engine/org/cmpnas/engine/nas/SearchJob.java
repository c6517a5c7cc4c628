package org.cmpnas.engine.nas;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.FieldProblem;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.jobs.RunLifecycle;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;

/**
 * {@code cmpnas search}: a run of kind {@code search}, linked to its supernet and gallery runs, that
 * evolves one best subnet per MACs budget ({@link EvolutionSearch}) with the reward M(subnet, G) on the
 * NAS reward set ({@link SubnetReward}: each subnet recalibrated on the same seeded training batches;
 * the gallery's embeddings computed once). Each generation appends the best reward of its budget to
 * metrics.jsonl as {@code search.best@<budget>} (step = generation, epoch = the budget's position, from
 * 1) and hands the whole {@link GenerationEvent} to the job listener; the result goes to {@code artifacts/search.json} ({@link SearchRecord}), every evaluated subnet
 * to {@code artifacts/evaluated.csv} as soon as it is scored ({@link EvaluatedSubnets}: what
 * {@link #resume} continues from), and the summary into the run record.
 *
 * <p>On a pair-mode supernet (trained with {@code --pair}) there is no gallery run: the gallery is the
 * supernet's largest subnet (its embeddings computed once, after recalibration on the same batches), or
 * with a gallery budget it is searched together with the query ({@link EvolutionSearch#pairs},
 * {@link PairReward}). The record then names the gallery subnet of every budget.
 */
public final class SearchJob {
    private final RunStore store;
    private final JobListener listener;
    private final CancellationToken token;
    private final SearchListener searchListener;

    public SearchJob(RunStore store, JobListener listener, CancellationToken token) {
        this(store, listener, token, SearchListener.NONE);
    }

    /** With {@code searchListener}, e.g. the workbench drawing each generation's population live. */
    public SearchJob(RunStore store, JobListener listener, CancellationToken token, SearchListener searchListener) {
        this.store = store;
        this.listener = listener;
        this.token = token;
        this.searchListener = searchListener;
    }

    public static Job of(RunStore store, SearchRunConfig config) {
        return Job.of("search " + config.budgets(), (listener, token) -> new SearchJob(store, listener, token).start(config));
    }

    /** Searches with the data the supernet was trained on; returns the search run's id. */
    public String start(SearchRunConfig config) {
        RunRecord supernet = validatedSupernet(config);
        SupernetConfig trained = supernetConfig(supernet);
        return start(config, Datasets.load(trained.data(), trained.schedule().seed()));
    }

    /** As {@link #start(SearchRunConfig)}, on data already loaded (the supernet's dataset). */
    public String start(SearchRunConfig config, DataSplits data) {
        RunRecord supernet = validatedSupernet(config);
        List<Long> budgets = config.budgetList();
        requireSameData(supernet, data);
        boolean pair = supernetConfig(supernet).pair();
        String galleryId = pair ? null : supernet.links().get("gallery");
        if (!pair && galleryId == null) {
            throw new BadInputException("supernet run " + supernet.id() + " names no gallery run");
        }
        if (!pair && config.galleryBudget() != null) {
            throw FieldProblem.of("gallery-budget", "searches the gallery inside a pair-mode supernet (cmpnas supernet --pair), but supernet run "
                    + supernet.id() + " was trained against gallery run " + galleryId + "; leave --gallery-budget out");
        }
        RunRecord gallery = galleryId == null ? null : store.load(galleryId);
        SearchRunConfig resolved = config.withSupernet(supernet.id());
        RunHandle run = store.create(config.name(), RunKind.search, "search", 0, 0, Json.mapper().valueToTree(resolved),
                RunLifecycle.provenance(config.seed(), data));
        run.update(r -> gallery == null ? r.withLink("supernet", supernet.id()) : r.withLink("supernet", supernet.id()).withLink("gallery", gallery.id()));
        search(run, resolved, budgets, supernet, gallery == null ? null : gallery.id(), data, Map.of(), Set.of());
        return run.id();
    }

    /**
     * The finished supernet of {@code config}, the budgets checked against its own range first (its
     * smallest subnet is what a too small budget is measured by), then the config on its own.
     */
    private RunRecord validatedSupernet(SearchRunConfig config) {
        if (config.supernet() == null || config.supernet().isBlank()) {
            config.validated(); // refuses it, naming --supernet
        }
        RunRecord supernet = store.finished(config.supernet(), RunStore.Input.SUPERNET);
        supernetConfig(supernet).requireTrainedFor(MacsBudgets.parse(config.budgets()), supernet.id());
        config.validated();
        return supernet;
    }

    /**
     * Continues an interrupted or cancelled search: it runs again from the start with the same config,
     * taking the rewards its {@code evaluated.csv} already holds instead of computing them, so it ends
     * exactly where an uninterrupted run would and spends only the rewards that are missing.
     */
    public String resume(String runId) {
        return resume(runId, null);
    }

    /** As {@link #resume(String)}; {@code data} may be given when already loaded (the supernet's dataset), else null. */
    public String resume(String runId, DataSplits loaded) {
        RunRecord stored = store.loadToResume(runId, "search --resume", RunKind.search);
        SearchRunConfig config = stored.configAs(SearchRunConfig.class).validated();
        RunRecord supernet = store.finished(config.supernet(), RunStore.Input.SUPERNET);
        SupernetConfig trained = supernetConfig(supernet);
        DataSplits data = loaded != null ? loaded : Datasets.load(trained.data(), trained.schedule().seed());
        requireSameData(stored, data);
        RunHandle run = store.open(stored.id());
        Map<String, Double> known = EvaluatedSubnets.readRewards(run.artifactsDir());
        Set<String> recorded = store.metrics(run.id()).stream().map(m -> m.name() + "@" + m.step()).collect(Collectors.toSet());
        listener.log("resuming search run " + run.id() + ": " + known.size() + " rewards already scored are replayed");
        search(run, config, config.budgetList(), supernet, stored.links().get("gallery"), data, known, recorded);
        return run.id();
    }

    /**
     * @param galleryId the external gallery run, or null for a pair-mode supernet
     * @param known     rewards scored before an interruption, by {@link SearchPoint#key()}
     * @param recorded  metrics already in metrics.jsonl, as {@code name@step}: not appended again
     */
    private void search(RunHandle run, SearchRunConfig config, List<Long> budgets, RunRecord supernet, String galleryId, DataSplits data,
                        Map<String, Double> known, Set<String> recorded) {
        RunLifecycle life = RunLifecycle.of(listener, run).whenCancelled(() -> cancelledAfter(0, run.id()));
        life.carry(() -> {
            SubnetReward.Metric metric = config.rewardMetric();
            long total = (long) budgets.size() * config.evolution().maxEvaluationsPerBudget();
            try (NDManager manager = NDManager.newBaseManager()) {
                Supernet net = SupernetFiles.load(store.dir(supernet.id()).resolve("weights"), manager);
                if (net.classes() != data.train().numClasses()) {
                    throw new BadInputException("supernet run " + supernet.id() + " classifies " + net.classes() + " classes but "
                            + data.name() + " has " + data.train().numClasses());
                }
                // the supernet's own training images (loaded data may be every image of the dataset)
                SupernetConfig trained = supernetConfig(supernet);
                LabeledImages trainedOn = trained.data().subset().of(data.train(), trained.data().limit(), trained.schedule().seed());
                List<BatchSource.Batch> calibration = SubnetReward.calibrationBatches(trainedOn, config.calibrationBatches(),
                        config.calibrationBatchSize(), config.seed());
                long galleryBudget = config.galleryBudgetMacs();
                SubnetSpec fixedGallery = null;
                String against;
                EvolutionSearch evolution;
                if (galleryId == null && galleryBudget > 0) {
                    PairReward reward = new PairReward(net, calibration, data, metric, manager);
                    evolution = EvolutionSearch.pairs(Sandwich.macsAt(net.input()), reward::reward, galleryBudget, config.evolution(), config.seed());
                    against = "(query, gallery) pairs, the gallery subnet within " + MacsBudgets.format(galleryBudget) + " MACs";
                } else {
                    Embeddings galleryEmbeddings;
                    if (galleryId == null) {
                        // Pair mode without a gallery budget: the largest subnet, the gallery the supernet was trained for.
                        fixedGallery = SearchSpace.largest();
                        galleryEmbeddings = SubnetReward.embed(net, fixedGallery, calibration, data.nasGallery(), manager);
                        against = "the supernet's largest subnet as the gallery (" + MacsBudgets.format(net.atInput(fixedGallery).macs()) + " MACs)";
                    } else {
                        galleryEmbeddings = SupernetJob.nasGalleryEmbeddings(store, galleryId, data, manager);
                        against = "gallery run " + galleryId;
                    }
                    SubnetReward reward = new SubnetReward(net, calibration, data, galleryEmbeddings, metric, manager);
                    evolution = new EvolutionSearch(Sandwich.macsAt(net.input()), reward::reward, config.evolution(), config.seed(),
                            supernetConfig(supernet).resolutionList());
                }
                listener.log(String.format("search run %s: budgets %s, population %d, %d generations, reward M(subnet, G) %s on %d NAS queries × %d gallery images, against %s",
                        run.id(), budgets.stream().map(MacsBudgets::format).toList(), config.evolution().population(),
                        config.evolution().generations(), metric, data.nasQuery().size(), data.nasGallery().size(), against));
                evolution.withKnownRewards(known);
                life.whenCancelled(() -> cancelledAfter(evolution.evaluated().size(), run.id()));
                List<SearchResult> results = evolution.searchAll(budgets, listenerFor(run, budgets, metric, total, evolution, recorded), token);
                SearchRecord record = SearchRecord.of(run.id(), supernet.id(), galleryId, fixedGallery == null ? null : net.atInput(fixedGallery), metric, config.seed(), results, evolution,
                        galleryBudget);
                record.write(run.artifactsDir());
                run.putMetrics(summary(record));
                listener.progress(total, total, "done");
                for (SearchRecord.Budget b : record.budgets()) {
                    listener.log(String.format("budget %s: %s  %s MACs  %s %.2f%%%s", MacsBudgets.format(b.budget()), b.subnet(),
                            MacsBudgets.format(b.macs()), metric, b.reward(),
                            b.gallerySubnet() == null ? "" : "  gallery " + b.gallerySubnet() + " " + MacsBudgets.format(b.galleryMacs()) + " MACs"));
                }
            }
        });
    }

    private static String cancelledAfter(int evaluated, String runId) {
        return "cancelled after " + evaluated + " subnets were scored (kept in artifacts/evaluated.csv); search --resume " + runId + " continues";
    }

    /**
     * Per generation: the budget's best reward into metrics.jsonl (unless {@code recorded} before an
     * interruption) and to the listener; per reward: evaluated.csv rewritten, and progress.
     */
    private SearchListener listenerFor(RunHandle run, List<Long> budgets, SubnetReward.Metric metric, long total, EvolutionSearch evolution,
                                       Set<String> recorded) {
        return new SearchListener() {
            @Override
            public void generation(GenerationEvent event) {
                int position = budgets.indexOf(event.budget()) + 1;
                String name = bestName(event.budget());
                if (!recorded.contains(name + "@" + event.generation())) {
                    run.appendMetric(name, event.bestReward(), event.generation(), position);
                }
                listener.metric(name, event.bestReward(), event.generation(), position);
                SearchPoint best = event.best();
                listener.log(String.format("budget %s  generation %d/%d  best %s %.2f%% (%s, %s MACs%s)  %d rewards computed",
                        MacsBudgets.format(event.budget()), event.generation(), event.generations(), metric, event.bestReward(),
                        best.subnet().text(), MacsBudgets.format(best.macs()),
                        best.gallery() == null ? "" : "; gallery " + best.gallery().text() + ", " + MacsBudgets.format(best.galleryMacs()) + " MACs",
                        event.rewardEvaluations()));
                listener.event(event); // the population, for a live chart
                searchListener.generation(event);
            }

            @Override
            public void evaluated(long budget, SearchPoint point, int rewardEvaluations) {
                EvaluatedSubnets.write(run.artifactsDir(), evolution.evaluated());
                listener.progress(Math.min(rewardEvaluations, total - 1), total,
                        String.format("budget %s  %d subnets scored", MacsBudgets.format(budget), rewardEvaluations));
                searchListener.evaluated(budget, point, rewardEvaluations);
            }
        };
    }

    /** The metric name of a budget's best reward, e.g. {@code search.best@1.00M}. */
    public static String bestName(long budget) {
        return "search.best@" + MacsBudgets.format(budget);
    }

    private static Map<String, Double> summary(SearchRecord record) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (SearchRecord.Budget b : record.budgets()) {
            m.put(bestName(b.budget()), b.reward());
            m.put("search.macs@" + MacsBudgets.format(b.budget()), (double) b.macs());
            if (b.galleryMacs() != null) {
                m.put("search.galleryMacs@" + MacsBudgets.format(b.budget()), (double) b.galleryMacs());
            }
        }
        m.put("search.evaluations", (double) record.rewardEvaluations());
        m.put("search.pareto", (double) record.pareto().size());
        return m;
    }

    static SupernetConfig supernetConfig(RunRecord supernet) {
        return supernet.configAs(SupernetConfig.class);
    }

    static void requireSameData(RunRecord run, DataSplits data) {
        String checksum = run.provenance() == null ? null : run.provenance().datasetChecksum();
        if (checksum != null && !checksum.equals(data.checksum())) {
            throw new BadInputException("run " + run.id() + " was trained on " + run.provenance().datasetName() + ", not on this "
                    + data.name() + " (dataset checksums differ)");
        }
    }
}
