package org.cmpnas.views.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.cmpnas.engine.pareto.ParetoData;
import org.cmpnas.engine.pareto.ParetoPoint;
import org.cmpnas.engine.pareto.PointKind;
import org.cmpnas.views.charts.ChartStyle;
import org.cmpnas.views.common.Formats;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Paints a {@link ParetoData}: accuracy against query MACs on a log axis, one series per kind of
 * point, the front as a line, the paragon as a dashed horizontal line with the band of "within x
 * points" below it. Everything shown is computed in the engine; this only chooses looks and ranges.
 */
public final class ParetoChart {
    public static final Color PARAGON = ChartStyle.ORANGE;
    private static final Color BAND = new Color(0xd9, 0x7a, 0x1c, 0x2a);
    private static final Color FRONT = new Color(0x4a, 0x55, 0x68);
    private static final Color HOMOGENEOUS = new Color(0xa3, 0xad, 0xb8);
    /** Log-axis room left and right of the outermost points: a factor in MACs. */
    private static final double X_MARGIN = 2.0;
    /** Points of accuracy below the top that the zoomed chart keeps at least. */
    public static final double ZOOM_SPAN = 12;

    private ParetoChart() {
    }

    /** Size of a slide: 16:10, in points (an SVG's size; a PNG has {@value #SLIDE_SCALE} times the pixels). */
    public static final int SLIDE_WIDTH = 1280;
    public static final int SLIDE_HEIGHT = 800;
    /** A slide's PNG pixels per point: sharp on a projector or a high-density screen. */
    public static final int SLIDE_SCALE = 2;
    /** How many points below the paragon the shaded band reaches unless one says otherwise. */
    public static final double DEFAULT_BAND = 2.0;

    /**
     * The chart as a slide: a title naming the metric, the gallery, the data and the protocol, and text
     * readable from the back of a room; null when there is nothing to plot. The window's export and the
     * reproduction report draw it alike.
     */
    public static XYChart slide(ParetoData data, double band, double floor) {
        XYChart chart = build(data, band, floor, SLIDE_WIDTH, SLIDE_HEIGHT);
        if (chart != null) {
            forSlides(chart, String.format(Locale.ROOT, "%s (test) against query cost · gallery %s%s · %s, protocol v%d",
                    data.metric().label(), data.gallery().name(), Formats.input(data.gallery().arch()), data.dataset(), data.protocol()));
        }
        return chart;
    }

    /** Writes a slide as a PNG of {@value #SLIDE_SCALE} times its points. */
    public static void writePng(XYChart slide, Path file) throws IOException {
        BitmapEncoder.saveBitmapWithDPI(slide, file.toString(), BitmapEncoder.BitmapFormat.PNG, 72 * SLIDE_SCALE);
    }

    /** Writes a slide as an SVG. */
    public static void writeSvg(XYChart slide, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            VectorGraphicsEncoder.saveVectorGraphic(slide, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        }
    }

    /** Makes a chart slide-ready: the title shown, and every text at a size a projector keeps readable. */
    public static void forSlides(XYChart chart, String title) {
        chart.setTitle(title);
        var s = chart.getStyler();
        s.setChartTitleVisible(true);
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font("DejaVu Sans", Font.BOLD, 24));
        s.setAxisTitleFont(new Font("DejaVu Sans", Font.PLAIN, 20));
        s.setAxisTickLabelsFont(new Font("DejaVu Sans", Font.PLAIN, 18));
        s.setLegendFont(new Font("DejaVu Sans", Font.PLAIN, 18));
        s.setMarkerSize(14);
        s.setChartPadding(20);
    }

    /**
     * The window's Pareto chart; null when there is nothing to plot.
     *
     * @param floor the lowest accuracy shown (a zoom); points below it are left out, so the caller says how many
     */
    public static XYChart build(ParetoData data, double band, double floor, int width, int height) {
        List<ParetoPoint> points = plotted(data, floor);
        if (points.isEmpty()) {
            return null;
        }
        XYChart chart = ChartStyle.lineChart(width, height, "query MACs per image (log scale)", data.metric().label() + " % (test)");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.setCustomXAxisTickLabelsFormatter(ParetoChart::macs);
        chart.getStyler().setYAxisDecimalPattern("0.#");
        chart.getStyler().setPlotGridVerticalLinesVisible(true);
        chart.getStyler().setMarkerSize(9);
        // Bottom right, inside: the corner of expensive, inaccurate models, empty on a useful chart; a row
        // below the plot would be cut off in a narrow window.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setLegendBorderColor(new Color(0xdf, 0xe3, 0xe8));

        double minX = nice(points.stream().mapToLong(ParetoPoint::macs).min().orElseThrow() / X_MARGIN, false);
        double maxX = nice(points.stream().mapToLong(ParetoPoint::macs).max().orElseThrow() * X_MARGIN, true);
        chart.getStyler().setXAxisMin(minX);
        chart.getStyler().setXAxisMax(maxX);
        double lo = points.stream().mapToDouble(ParetoPoint::value).min().orElseThrow();
        double hi = points.stream().mapToDouble(ParetoPoint::value).max().orElseThrow();
        Optional<ParetoPoint> paragon = data.paragonPoint();
        if (paragon.isPresent()) {
            lo = Math.min(lo, paragon.get().value() - band);
        }
        chart.getStyler().setYAxisMin(Math.max(Math.max(0, floor), Math.floor(lo - 2)));
        chart.getStyler().setYAxisMax(Math.min(100, Math.ceil(hi + 2)));

        paragon.ifPresent(p -> {
            if (band > 0) {
                XYSeries s = chart.addSeries("within " + points(band) + " points of the paragon",
                        new double[] {minX, maxX, maxX, minX}, new double[] {p.value() - band, p.value() - band, p.value(), p.value()});
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                s.setFillColor(BAND);
                s.setLineColor(new Color(0, 0, 0, 0));
                s.setMarker(SeriesMarkers.NONE);
            }
            XYSeries line = chart.addSeries("paragon level", new double[] {minX, maxX}, new double[] {p.value(), p.value()});
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(PARAGON);
            line.setLineStyle(new BasicStroke(1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
            line.setShowInLegend(false);
        });

        List<ParetoPoint> front = data.front().stream().filter(points::contains).toList();
        if (front.size() > 1) {
            XYSeries s = chart.addSeries("Pareto front", front.stream().mapToDouble(ParetoPoint::macs).toArray(),
                    front.stream().mapToDouble(ParetoPoint::value).toArray());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(FRONT);
            s.setLineStyle(ChartStyle.line(1.6f));
        }
        scatter(chart, points, PointKind.HOMOGENEOUS, PointKind.HOMOGENEOUS.label(), HOMOGENEOUS, SeriesMarkers.CIRCLE);
        scatter(chart, points, PointKind.TRAINED, PointKind.TRAINED.label(), ChartStyle.BLUE, SeriesMarkers.CIRCLE);
        scatter(chart, points, PointKind.SEARCHED, PointKind.SEARCHED.label(), ChartStyle.GREEN, SeriesMarkers.TRIANGLE_UP);
        scatter(chart, points, PointKind.PARAGON, paragon.map(p -> String.format(Locale.ROOT, "paragon M(G, G) %.2f", p.value()))
                .orElse(PointKind.PARAGON.label()), PARAGON, SeriesMarkers.DIAMOND);
        return chart;
    }

    /** The points drawn: those at or above {@code floor} that can stand on a log axis (a model of unknown cost cannot). */
    public static List<ParetoPoint> plotted(ParetoData data, double floor) {
        return data == null ? List.of() : data.points().stream().filter(p -> p.macs() > 0 && p.value() >= floor).toList();
    }

    /**
     * The floor of the zoomed chart: the top result (the paragon, if measured) less room for the band
     * and the query models near it, so the interesting end is not squeezed by one incompatible model.
     */
    public static double zoomFloor(ParetoData data, double band) {
        double top = data.paragonPoint().map(ParetoPoint::value)
                .orElse(data.points().stream().mapToDouble(ParetoPoint::value).max().orElse(100));
        return top - Math.max(ZOOM_SPAN, 2 * band);
    }

    /**
     * The point drawn nearest to ({@code x}, {@code y}) in the painted chart's pixels, if one is
     * within {@code radius} pixels. {@code painted} must have been painted: its axes hold the ranges.
     */
    public static Optional<ParetoPoint> nearest(XYChart painted, List<ParetoPoint> points, double x, double y, double radius) {
        ParetoPoint best = null;
        double bestDistance = radius;
        for (ParetoPoint p : points) {
            double[] at = screen(painted, p);
            double d = Math.hypot(at[0] - x, at[1] - y);
            if (d <= bestDistance) {
                best = p;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Where a point is drawn in the painted chart: {x, y} in pixels from its top left corner. */
    public static double[] screen(XYChart painted, ParetoPoint p) {
        return new double[] {painted.getScreenXFromChart(p.macs()), painted.getScreenYFromChart(p.value())};
    }

    /** The nearest 1, 2 or 5 times a power of ten below (or above) {@code v}: axis ends that read well. */
    public static double nice(double v, boolean up) {
        double decade = Math.pow(10, Math.floor(Math.log10(v)));
        double[] steps = {1, 2, 5, 10};
        if (up) {
            for (double step : steps) {
                if (step * decade >= v * (1 - 1e-9)) {
                    return step * decade;
                }
            }
        }
        for (int i = steps.length - 1; i >= 0; i--) {
            if (steps[i] * decade <= v * (1 + 1e-9)) {
                return steps[i] * decade;
            }
        }
        return decade;
    }

    /** Compact MACs for axis ticks: 500K, 2M, 10M, 1G. */
    public static String macs(double v) {
        if (v >= 1e9) {
            return trim(v / 1e9) + "G";
        }
        if (v >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (v >= 1e3) {
            return trim(v / 1e3) + "K";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.3g", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    public static String points(double band) {
        return trim(band);
    }

    private static void scatter(XYChart chart, List<ParetoPoint> points, PointKind kind, String name, Color color, Marker marker) {
        List<ParetoPoint> of = points.stream().filter(p -> p.kind() == kind).toList();
        if (of.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, of.stream().mapToDouble(ParetoPoint::macs).toArray(),
                of.stream().mapToDouble(ParetoPoint::value).toArray());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
    }
}
