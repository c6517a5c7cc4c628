package org.cmpnas.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cmpnas.engine.compat.CompatibilityJob;
import org.cmpnas.engine.compat.CompatibilityMatrix;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.views.charts.CompatHeatmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cmpnas compat}: the compatibility matrix of a set of runs. */
@Command(name = "compat", mixinStandardHelpOptions = true,
        description = "M(query, gallery) for every pair of the runs, the compatibility criterion and cost reductions.")
final class CompatCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "RUN", arity = "1..*", description = "two or more runs (ids or unique prefixes)")
    List<String> runs;

    @Option(names = "--out", paramLabel = "DIR", description = "where compat.json, compat.csv and compat.png go (default: ${DEFAULT-VALUE})",
            defaultValue = "compat")
    Path out;

    @Override
    public Integer call() {
        List<CompatibilityMatrix> measured = new ArrayList<>();
        Job job = CompatibilityJob.of(global.store(), runs, out, measured::add);
        JobCommands.execute(global, job);
        CompatibilityMatrix matrix = measured.get(0);
        CompatHeatmap.writePng(matrix, out.resolve("compat.png"));
        if (global.json) {
            Output.json(matrix);
        } else {
            System.out.println(table(matrix));
            System.out.println("written: " + out.resolve("compat.json") + ", compat.csv, compat.png");
        }
        return 0;
    }

    private static String table(CompatibilityMatrix m) {
        StringBuilder s = new StringBuilder(String.format("%-28s %9s %7s", "query \\ gallery (mAP / top-1)", "MACs", "saving"));
        for (CompatibilityMatrix.Model g : m.models()) {
            s.append(String.format("  %-18s", cut(g.name())));
        }
        s.append('\n');
        for (int i = 0; i < m.models().size(); i++) {
            CompatibilityMatrix.Model q = m.models().get(i);
            s.append(String.format("%-28s %9s %6.1f×", cut(q.name()), RunTable.millions(q.macs()), q.costReduction()));
            for (CompatibilityMatrix.Cell c : m.cells().get(i)) {
                String mark = c.query().equals(c.gallery()) ? " " : c.compatibleMap() ? "✓" : "✗";
                s.append(String.format("  %5.1f / %5.1f %s   ", c.mAP(), c.top1(), mark));
            }
            s.append('\n');
        }
        return s.append("✓: compatible, M(Q,G) > M(Q,Q) in mAP").toString();
    }

    private static String cut(String s) {
        return s.length() <= 18 ? s : s.substring(0, 17) + "…";
    }
}
