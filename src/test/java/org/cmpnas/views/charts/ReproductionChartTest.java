package org.cmpnas.views.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.cmpnas.engine.pareto.PointKind;
import org.cmpnas.engine.repro.ReproductionPlan;
import org.cmpnas.engine.repro.ReproductionReport;
import org.cmpnas.engine.repro.ReproductionReport.Row;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

/**
 * The report's chart is the window's Pareto slide of the report's own evaluations: a model counts as searched
 * when a search made it (its link), not by its name.
 */
class ReproductionChartTest {
    @TempDir
    Path dir;

    private static Evaluation eval(String query, String gallery, double map, long queryMacs) {
        return new Evaluation(query, gallery, Provenance.PROTOCOL_VERSION, "fashion-mnist", 90, 98, map, 10, 1, queryMacs, 80_000_000L,
                80_000_000.0 / queryMacs, 1000, 9000, Instant.EPOCH);
    }

    private static String run(RunStore store, String name, RunKind kind, long macs, String search) {
        RunHandle h = store.create(name, kind, "a", macs, 1, Json.mapper().createObjectNode(),
                Provenance.capture(1, "fashion-mnist", "abc", 10, null, "0", "0"));
        if (search != null) {
            h.update(r -> r.withLink("search", search));
        }
        return h.id();
    }

    private static Row row(String id, String name, long macs, double cross, String gallery) {
        return new Row(id, name, "a", macs, eval(id, id, 80, macs), eval(id, gallery, cross, macs));
    }

    @Test
    void aModelNamedSearchedIsATrainedModelUnlessASearchMadeIt() {
        RunStore store = new RunStore(dir);
        String g = run(store, "resnet-g", RunKind.gallery, 80_000_000L, null);
        String byHand = run(store, "searched by hand", RunKind.query, 2_000_000L, null);
        String exported = run(store, "my small model", RunKind.query, 1_000_000L, "20260101-000000-0000");
        Row paragon = new Row(g, "resnet-g", "resnet-g", 80_000_000L, eval(g, g, 88, 80_000_000L), eval(g, g, 88, 80_000_000L));
        ReproductionReport report = new ReproductionReport(ReproductionPlan.full(), "fashion-mnist", List.of(paragon,
                row(byHand, "searched by hand", 2_000_000L, 85, g), row(exported, "my small model", 1_000_000L, 86, g)),
                null, List.of(), "s", 0);

        XYChart chart = ReproductionChart.chart(report, store);

        assertThat(chart.getSeries(PointKind.SEARCHED.label()).getXData()).containsExactly(1_000_000.0);
        assertThat(chart.getSeries(PointKind.TRAINED.label()).getXData()).containsExactly(2_000_000.0);
        assertThat(chart.getSeries(PointKind.TRAINED.label()).getYData()).containsExactly(85.0);
        assertThat(chart.getTitle()).startsWith("mAP (test) against query cost · gallery resnet-g");
    }
}
