package org.cmpnas.app.cli;

import java.util.concurrent.Callable;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.nas.MacsBudgets;
import org.cmpnas.engine.nas.SearchConfig;
import org.cmpnas.engine.nas.SearchJob;
import org.cmpnas.engine.nas.SearchRecord;
import org.cmpnas.engine.nas.SearchRunConfig;
import org.cmpnas.engine.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cmpnas search}: evolutionary search for the best subnet per MACs budget, and the Pareto front. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Evolutionary search in a trained supernet: one best subnet per MACs budget, and the Pareto front of every subnet scored.",
                "The reward is heterogeneous retrieval M(subnet, G) against the supernet's gallery model on the NAS reward set (val split), "
                        + "each subnet's batch norm recalibrated on the same seeded training batches first.",
                "Defaults (Once-for-All's ratios, sizes scaled to minutes): population 24, 10 generations, at most 204 rewards a budget; "
                        + "every subnet is scored once across budgets; a reward costs more the larger the subnet (timings: docs/performance.md).",
                "On a pair-mode supernet (supernet --pair) the gallery is its largest subnet, or with --gallery-budget B a subnet within B MACs "
                        + "searched together with each query (the reward scores the pair); the result names the gallery subnet of every budget.",
                "Prints a table and the run id as the last line; with --json the result {budgets: [{budget, subnet, macs, reward}], "
                        + "pareto: [{subnet, macs, reward}]} (also kept as artifacts/search.json; pair mode adds gallerySubnet and galleryMacs)."})
final class SearchCommand implements Callable<Integer> {
    private static final SearchConfig DEFAULTS = SearchConfig.defaults();
    private static final SearchRunConfig RUN_DEFAULTS = SearchRunConfig.defaults(null, null);

    @Mixin
    GlobalOptions global;

    @Option(names = "--supernet", paramLabel = "RUN", description = "the trained supernet run (required unless --resume)")
    String supernet;

    @Option(names = "--budgets", paramLabel = "0.5M,1M,...", description = "MACs budgets separated by commas (K, M, G suffixes; required unless --resume)")
    String budgets;

    @Option(names = "--resume", paramLabel = "RUN", description = "continue an interrupted or cancelled search with its own settings: "
            + "the subnets it scored are not scored again, and it ends where an uninterrupted run would")
    String resume;

    @Option(names = "--gallery-budget", paramLabel = "B", description = "pair-mode supernets only: search (query, gallery) pairs, "
            + "the gallery subnet within B MACs (e.g. 20M); without it the gallery is the largest subnet")
    String galleryBudget;

    @Option(names = "--population", description = "default: ${DEFAULT-VALUE}")
    int population = DEFAULTS.population();

    @Option(names = "--generations", description = "default: ${DEFAULT-VALUE}")
    int generations = DEFAULTS.generations();

    @Option(names = "--seed", description = "default: ${DEFAULT-VALUE}")
    long seed = RUN_DEFAULTS.seed();

    @Option(names = "--metric", paramLabel = "mAP|top1", description = "the reward metric (default: ${DEFAULT-VALUE})")
    String metric = RUN_DEFAULTS.metric();

    @Option(names = "--calibration-batches", paramLabel = "N", description = "training batches each subnet's batch norm is recalibrated on (default: ${DEFAULT-VALUE})")
    int calibrationBatches = RUN_DEFAULTS.calibrationBatches();

    @Option(names = "--calibration-batch", paramLabel = "N", description = "images per calibration batch (default: ${DEFAULT-VALUE})")
    int calibrationBatch = RUN_DEFAULTS.calibrationBatchSize();

    @Option(names = "--name", description = "a name for the run (default: search BUDGETS)")
    String name;

    @Override
    public Integer call() {
        SearchRunConfig config = resume != null ? null : new SearchRunConfig(name != null ? name : "search " + budgets, supernet, budgets,
                DEFAULTS.withPopulation(population).withGenerations(generations), seed, metric, calibrationBatches, calibrationBatch, galleryBudget)
                .validated();
        RunStore store = global.store();
        CancellationToken token = new CancellationToken();
        SearchJob job = new SearchJob(store, new ProgressPrinter(System.err, global.showProgress()), token);
        String runId = CancelOnInterrupt.run(token, () -> config == null ? job.resume(resume) : job.start(config));
        SearchRecord result = SearchRecord.read(store.dir(runId));
        if (global.json) {
            Output.json(result);
            return 0;
        }
        boolean pair = result.isPair();
        String row = pair ? "%-9s  %-56s  %9s  %8s  %-56s  %9s%n" : "%-9s  %-56s  %9s  %8s%n";
        System.out.printf(row, "BUDGET", "SUBNET", "MACS", result.metric().toUpperCase(java.util.Locale.ROOT), "GALLERY SUBNET", "MACS");
        for (SearchRecord.Budget b : result.budgets()) {
            System.out.printf(row, MacsBudgets.format(b.budget()), b.subnet(), MacsBudgets.format(b.macs()), String.format("%.2f", b.reward()),
                    b.gallerySubnet(), b.galleryMacs() == null ? "" : MacsBudgets.format(b.galleryMacs()));
        }
        System.out.println();
        System.out.println("Pareto front (" + result.pareto().size() + " of " + result.rewardEvaluations() + (pair ? " pairs" : " subnets") + " scored):");
        for (SearchRecord.Point p : result.pareto()) {
            System.out.printf(row, "", p.subnet(), MacsBudgets.format(p.macs()), String.format("%.2f", p.reward()),
                    p.gallerySubnet(), p.galleryMacs() == null ? "" : MacsBudgets.format(p.galleryMacs()));
        }
        System.out.println(runId);
        return 0;
    }
}
