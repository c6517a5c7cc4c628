package org.cmpnas.views.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.cmpnas.engine.repro.ReproductionPlan;
import org.cmpnas.engine.repro.ReproductionReport.Row;
import org.cmpnas.engine.repro.ReproductionReport;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.views.charts.ReproductionChart;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** The report's chart tells searched models from baselines by where they came from, not by their names. */
class ReproductionChartTest {

    private static Evaluation eval(String query, String gallery, double map, long queryMacs) {
        return new Evaluation(query, gallery, 3, "fashion-mnist", 90, 98, map, 10, 1, queryMacs, 80_000_000L,
                80_000_000.0 / queryMacs, 1000, 9000, Instant.EPOCH);
    }

    private static Row row(String run, String name, boolean searched, long macs) {
        return new Row(run, name, "a", macs, searched, eval(run, run, 80, macs), eval(run, "g", 85, macs));
    }

    @Test
    void aModelNamedSearchedIsABaselineUnlessASearchMadeIt() {
        Row paragon = new Row("g", "resnet-g", "resnet-g", 80_000_000L, false, eval("g", "g", 88, 80_000_000L), eval("g", "g", 88, 80_000_000L));
        ReproductionReport report = new ReproductionReport(ReproductionPlan.quick(), "fashion-mnist",
                List.of(paragon, row("q1", "searched by hand", false, 2_000_000L), row("q2", "my small model", true, 1_000_000L)),
                null, List.of(), "s", 0);

        XYChart chart = ReproductionChart.chart(report);

        assertThat(chart.getSeries("M(Q,G) searched (CMP-NAS)").getXData()).containsExactly(1_000_000.0);
        assertThat(chart.getSeries("M(Q,G) resnet-q baselines").getXData()).containsExactly(2_000_000.0);
    }
}
