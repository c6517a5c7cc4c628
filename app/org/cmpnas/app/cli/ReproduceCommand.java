package org.cmpnas.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.repro.Reproduction;
import org.cmpnas.engine.repro.ReproductionPlan;
import org.cmpnas.engine.repro.ReproductionReport;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.views.charts.CompatHeatmap;
import org.cmpnas.views.charts.ReproductionChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cmpnas reproduce}: the headline experiment end to end, with a report in the store. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Run the whole experiment on the Fashion-MNIST protocol: the paragon resnet-g; resnet-q independent and with bct; "
                + "a compatibility-aware supernet; a search over five MACs budgets; export and fine-tuning of each budget's subnet; "
                + "evaluation of every model against itself and against the paragon, and the compatibility matrix.",
                "Every step uses the defaults of its own command. Runs the store already holds with the same settings are reused and "
                        + "interrupted training, supernet and search runs resumed, so an interrupted reproduction continues where it stopped.",
                "Writes reports/reproduce/ (or reports/reproduce-quick/) in the store: report.md with the table and the commands, "
                        + "results.csv, pareto.png, pareto.svg, compat.json, compat.csv, compat.png. Prints the report's path last.",
                "--quick does the same on a slice (512 training images, 100 queries, 400 gallery images) in a few minutes."})
final class ReproduceCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--quick", description = "the same steps on a small slice, in a few minutes (its numbers are not the protocol's)")
    boolean quick;

    @Override
    public Integer call() {
        RunStore store = global.store();
        ReproductionPlan plan = quick ? ReproductionPlan.quick() : ReproductionPlan.full();
        CancellationToken token = new CancellationToken();
        ProgressPrinter progress = new ProgressPrinter(System.err, global.showProgress());
        ReproductionReport report = CancelOnInterrupt.run(token, () -> new Reproduction(store, plan, progress, token).run());
        Path dir = store.reportDir(plan.name());
        Path markdown = report.write(dir);
        ReproductionChart.write(report, store, dir);
        CompatHeatmap.writePng(report.matrix(), dir.resolve("compat.png"));
        if (global.json) {
            Output.json(report);
        } else {
            System.out.println(markdown);
        }
        return 0;
    }
}
