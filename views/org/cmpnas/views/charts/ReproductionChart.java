package org.cmpnas.views.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.cmpnas.engine.nas.MacsBudgets;
import org.cmpnas.engine.nas.ParetoFront;
import org.cmpnas.engine.repro.ReproductionReport.Row;
import org.cmpnas.engine.repro.ReproductionReport;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The reproduction's Pareto chart: heterogeneous mAP M(Q,G) against query MACs (log axis) for the
 * searched models and the resnet-q baselines, each model's homogeneous M(Q,Q) for reference, the
 * front of the heterogeneous points and the paragon M(G,G) as a line.
 */
public final class ReproductionChart {
    private static final Color SEARCHED = new Color(0xd95f02);
    private static final Color BASELINE = new Color(0x1b9e77);
    private static final Color HOMOGENEOUS = new Color(0x999999);
    private static final Color PARAGON = new Color(0x7570b3);

    private ReproductionChart() {
    }

    public static XYChart chart(ReproductionReport report) {
        Row paragon = report.paragon();
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("Retrieval mAP against query cost (" + (report.plan().isQuick() ? "quick slice" : "test protocol") + ")")
                .xAxisTitle("query model MACs (log scale)").yAxisTitle("mAP (%)").build();
        chart.getStyler().setXAxisLogarithmic(true).setChartBackgroundColor(Color.WHITE)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE).setMarkerSize(10);
        List<Row> queries = report.rows().stream().filter(r -> !r.isParagon()).toList();
        Predicate<Row> searched = Row::searched;
        List<Row> front = ParetoFront.of(queries.stream().map(FrontPoint::new).toList()).stream().map(FrontPoint::row).toList();
        long minMacs = report.rows().stream().mapToLong(Row::macs).min().orElse(1);
        double[] span = {minMacs * 0.7, paragon.macs() * 1.4};
        chart.setCustomXAxisTickLabelsFormatter(x -> MacsBudgets.format(Math.round(x)));
        chart.getStyler().setYAxisMax(Math.min(100, Math.ceil(paragon.self().mAP() / 5) * 5 + 5));
        series(chart, "paragon M(G,G): " + paragon.arch(), span, new double[] {paragon.self().mAP(), paragon.self().mAP()}, PARAGON)
                .setMarker(SeriesMarkers.NONE).setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
        if (front.size() > 1) {
            series(chart, "front of M(Q,G)", macs(front), front.stream().mapToDouble(r -> r.cross().mAP()).toArray(), Color.DARK_GRAY)
                    .setMarker(SeriesMarkers.NONE).setLineStyle(new BasicStroke(1.5f));
        }
        points(chart, "M(Q,Q) homogeneous", queries, r -> r.self().mAP(), HOMOGENEOUS, SeriesMarkers.SQUARE);
        points(chart, "paragon", List.of(paragon), r -> r.self().mAP(), PARAGON, SeriesMarkers.DIAMOND);
        points(chart, "M(Q,G) resnet-q baselines", queries.stream().filter(searched.negate()).toList(), r -> r.cross().mAP(), BASELINE,
                SeriesMarkers.TRIANGLE_UP);
        points(chart, "M(Q,G) searched (CMP-NAS)", queries.stream().filter(searched).toList(), r -> r.cross().mAP(), SEARCHED,
                SeriesMarkers.CIRCLE);
        return chart;
    }

    public static void write(ReproductionReport report, Path dir) {
        XYChart chart = chart(report);
        try {
            BitmapEncoder.saveBitmap(chart, dir.resolve("pareto.png").toString(), BitmapEncoder.BitmapFormat.PNG);
            VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve("pareto.svg").toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the Pareto chart into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void points(XYChart chart, String name, List<Row> rows, ToDoubleFunction<Row> y, Color color, Marker marker) {
        if (!rows.isEmpty()) {
            series(chart, name, macs(rows), rows.stream().mapToDouble(y).toArray(), color)
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(marker);
        }
    }

    private static XYSeries series(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarkerColor(color).setLineColor(color);
        return s;
    }

    private static double[] macs(List<Row> rows) {
        return rows.stream().mapToDouble(Row::macs).toArray();
    }

    private record FrontPoint(Row row) implements ParetoFront.Point {
        @Override
        public long macs() {
            return row.macs();
        }

        @Override
        public double reward() {
            return row.cross().mAP();
        }
    }
}
