package org.cmpnas.views.pareto;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.cmpnas.engine.pareto.ParetoData;
import org.cmpnas.engine.pareto.ParetoPoint;
import org.cmpnas.engine.pareto.RetrievalMetric;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.views.charts.ParetoChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

class ParetoChartTest {
    @TempDir
    Path dir;

    private ParetoData data() {
        ParetoRuns runs = ParetoRuns.typical(dir.resolve("runs"));
        List<RunRecord> records = runs.store.list().stream().flatMap(l -> l.record().stream()).toList();
        return ParetoData.assemble(runs.gallery, records, runs.store::evaluations, RetrievalMetric.MAP);
    }

    @Test
    void everyPointIsFoundWhereItIsPaintedOnTheLogAxis() {
        ParetoData data = data();
        XYChart chart = ParetoChart.build(data, 2, Double.NEGATIVE_INFINITY, 700, 450);
        BufferedImage image = BitmapEncoder.getBufferedImage(chart); // painting sets the axes' ranges
        List<ParetoPoint> points = ParetoChart.plotted(data, Double.NEGATIVE_INFINITY);
        assertThat(points).hasSize(7);
        for (ParetoPoint p : points) {
            double[] at = ParetoChart.screen(chart, p);
            assertThat(image.getRGB((int) Math.round(at[0]), (int) Math.round(at[1])) & 0xffffff)
                    .as("a marker is painted at %s", p.name()).isNotEqualTo(0xffffff);
            assertThat(ParetoChart.nearest(chart, points, at[0] + 3, at[1] - 2, ParetoView.PICK_RADIUS)).contains(p);
        }
        double[] cheapest = ParetoChart.screen(chart, points.stream().min((a, b) -> Long.compare(a.macs(), b.macs())).orElseThrow());
        assertThat(ParetoChart.nearest(chart, points, cheapest[0] - 40, cheapest[1], ParetoView.PICK_RADIUS)).isEmpty();
    }

    @Test
    void aZoomedChartLeavesOutWhatIsBelowItsFloor() {
        ParetoData data = data();
        double floor = ParetoChart.zoomFloor(data, 2);
        assertThat(floor).isEqualTo(88.9 - ParetoChart.ZOOM_SPAN);
        assertThat(ParetoChart.plotted(data, floor)).hasSize(6).allMatch(p -> p.value() >= floor);
        assertThat(ParetoChart.zoomFloor(data, 10)).isEqualTo(88.9 - 20);
    }

    @Test
    void nothingToPlotIsNoChart() {
        assertThat(ParetoChart.build(new ParetoData(data().gallery(), RetrievalMetric.MAP, 1, null, 0, 0, null, List.of(), List.of(), 0, null),
                2, Double.NEGATIVE_INFINITY, 400, 300)).isNull();
    }

    @Test
    void axisLabelsAndEndsReadWell() {
        assertThat(ParetoChart.macs(1e6)).isEqualTo("1M");
        assertThat(ParetoChart.macs(2.5e6)).isEqualTo("2.5M");
        assertThat(ParetoChart.macs(100e6)).isEqualTo("100M");
        assertThat(ParetoChart.macs(500e3)).isEqualTo("500K");
        assertThat(ParetoChart.macs(1.2e9)).isEqualTo("1.2G");
        assertThat(ParetoChart.nice(1.18e6, false)).isEqualTo(1e6);
        assertThat(ParetoChart.nice(161e6, true)).isEqualTo(200e6);
        assertThat(ParetoChart.nice(3e6, true)).isEqualTo(5e6);
        assertThat(ParetoChart.nice(6e5, false)).isEqualTo(5e5);
        assertThat(ParetoChart.nice(9e6, true)).isCloseTo(1e7, org.assertj.core.api.Assertions.within(1e-3));
    }
}
