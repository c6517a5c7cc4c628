package org.cmpnas.views.charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.cmpnas.engine.pareto.ParetoData;
import org.cmpnas.engine.pareto.RetrievalMetric;
import org.cmpnas.engine.repro.ReproductionReport;
import org.cmpnas.engine.repro.ReproductionReport.Row;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.knowm.xchart.XYChart;

/**
 * The reproduction's Pareto chart: the window's Pareto slide, drawn from the report's own evaluations
 * (each model's M(Q,Q) and M(Q,G) against the paragon), so the report and the window show one chart.
 */
public final class ReproductionChart {

    private ReproductionChart() {
    }

    /** The chart of {@code report}, whose models are runs of {@code store}; null when there is nothing to plot. */
    public static XYChart chart(ReproductionReport report, RunStore store) {
        List<RunRecord> runs = report.rows().stream().map(r -> store.load(r.run())).toList();
        Map<String, List<Evaluation>> evaluations = report.rows().stream().collect(Collectors.toMap(Row::run,
                r -> r.isParagon() ? List.of(r.self()) : List.of(r.self(), r.cross())));
        Function<String, List<Evaluation>> byRun = id -> evaluations.getOrDefault(id, List.of());
        RunRecord paragon = runs.stream().filter(r -> r.id().equals(report.paragon().run())).findFirst().orElseThrow();
        ParetoData data = ParetoData.assemble(paragon, runs, byRun, RetrievalMetric.MAP);
        XYChart chart = ParetoChart.slide(data, ParetoChart.DEFAULT_BAND, Double.NEGATIVE_INFINITY);
        if (chart != null && report.plan().isQuick()) {
            chart.setTitle("mAP on the quick slice, not the protocol · gallery " + data.gallery().name());
            chart.setYAxisTitle("mAP % (quick slice)");
        }
        return chart;
    }

    /** Writes {@code pareto.png} and {@code pareto.svg} into {@code dir}. */
    public static void write(ReproductionReport report, RunStore store, Path dir) {
        XYChart chart = chart(report, store);
        if (chart == null) {
            return;
        }
        try {
            ParetoChart.writePng(chart, dir.resolve("pareto.png"));
            ParetoChart.writeSvg(chart, dir.resolve("pareto.svg"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the Pareto chart into " + dir + ": " + e.getMessage(), e);
        }
    }
}
