package org.cmpnas.views.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cmpnas.engine.nas.GenerationEvent;
import org.cmpnas.engine.nas.SearchPoint;
import org.cmpnas.views.common.MetricPoint;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A search as it runs: the best reward of each budget per generation (from the job's metric events,
 * which metrics.jsonl keeps as well) and the latest generation's population (from its structured
 * events), drawn as a line per budget and a scatter of MACs against reward.
 */
public final class SearchCurves {
    /** Metric name prefix of a budget's best reward per generation ({@code search.best@1.00M}). */
    public static final String BEST_PREFIX = "search.best@";
    private static final Color[] PALETTE = {ChartStyle.BLUE, ChartStyle.ORANGE, ChartStyle.GREEN,
            new Color(0x8e, 0x44, 0xad), new Color(0xc0, 0x39, 0x2b), new Color(0x16, 0xa0, 0x85), new Color(0x7f, 0x8c, 0x8d)};

    // Keyed by the budget's position in the search (the metric's epoch), so lines keep the search's order.
    private final Map<Integer, XYData> best = new TreeMap<>();
    private final Map<Integer, String> labels = new TreeMap<>();
    private GenerationEvent latest;

    /** Takes a best-reward point; returns whether it was one. */
    public boolean add(MetricPoint p) {
        if (!p.name().startsWith(BEST_PREFIX)) {
            return false;
        }
        best.computeIfAbsent(p.epoch(), k -> new XYData()).add(p.step(), p.value());
        labels.put(p.epoch(), p.name().substring(BEST_PREFIX.length()));
        return true;
    }

    /** Takes a generation's population. */
    public void add(GenerationEvent event) {
        latest = event;
    }

    public boolean isEmpty() {
        return best.isEmpty() && latest == null;
    }

    /** The latest generation reported, or null before the first. */
    public GenerationEvent latest() {
        return latest;
    }

    /** The best reward of the most recent generation, NaN before the first. */
    public double latestBest() {
        return latest != null ? latest.bestReward()
                : best.isEmpty() ? Double.NaN : ((TreeMap<Integer, XYData>) best).lastEntry().getValue().lastY();
    }

    /** Best reward against the generation, one line per budget; null before the first generation. */
    public XYChart bestRewardChart(int width, int height) {
        if (best.isEmpty()) {
            return null;
        }
        XYChart chart = ChartStyle.lineChart(width, height, "generation", "best reward %");
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        int i = 0;
        for (Map.Entry<Integer, XYData> e : best.entrySet()) {
            double[][] d = e.getValue().thinned(1000);
            XYSeries s = chart.addSeries("≤ " + labels.get(e.getKey()), d[0], d[1]);
            Color c = PALETTE[i++ % PALETTE.length];
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(c);
            s.setLineColor(c);
            s.setLineStyle(ChartStyle.line(2f));
            low = Math.min(low, e.getValue().minY());
            high = Math.max(high, e.getValue().maxY());
        }
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("0.#");
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(low - 2)));
        chart.getStyler().setYAxisMax(Math.min(100, Math.ceil(high + 2)));
        return chart;
    }

    /**
     * The latest population of the budget being searched: MACs (log axis) against reward, the best
     * subnet marked and the budget as a dashed line. Null before the first generation.
     */
    public XYChart populationChart(int width, int height) {
        if (latest == null || latest.population().isEmpty()) {
            return null;
        }
        List<SearchPoint> points = latest.population();
        XYChart chart = ChartStyle.lineChart(width, height, "MACs (log scale)", "reward %");
        double[] macs = points.stream().mapToDouble(p -> p.macs()).toArray();
        double[] reward = points.stream().mapToDouble(SearchPoint::reward).toArray();
        XYSeries population = chart.addSeries("population", macs, reward);
        population.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        population.setMarker(SeriesMarkers.CIRCLE);
        population.setMarkerColor(ChartStyle.BLUE_LIGHT);
        XYSeries best = chart.addSeries("best", new double[] {latest.best().macs()}, new double[] {latest.best().reward()});
        best.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        best.setMarker(SeriesMarkers.DIAMOND);
        best.setMarkerColor(ChartStyle.ORANGE);
        double low = Math.min(latest.best().reward(), min(reward));
        double high = Math.max(latest.best().reward(), max(reward));
        double yMin = Math.max(0, Math.floor(low - 2));
        double yMax = Math.min(100, Math.ceil(high + 2));
        XYSeries budget = chart.addSeries("budget", new double[] {latest.budget(), latest.budget()}, new double[] {yMin, yMax});
        budget.setMarker(SeriesMarkers.NONE);
        budget.setLineColor(ChartStyle.GREEN);
        budget.setLineStyle(new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
        double xMin = Math.min(latest.budget(), min(macs));
        double xMax = Math.max(latest.budget(), max(macs));
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmicDecadeOnly(false);
        chart.getStyler().setXAxisMin(xMin / 1.15);
        chart.getStyler().setXAxisMax(xMax * 1.15);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(SearchCurves::macsLabel);
        chart.getStyler().setYAxisMin(yMin);
        chart.getStyler().setYAxisMax(yMax);
        chart.getStyler().setYAxisDecimalPattern("0.#");
        return chart;
    }

    private static double min(double[] values) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** MACs as short axis labels: 750K, 1.5M (tick labels need fewer digits than tables). */
    static String macsLabel(double macs) {
        if (macs >= 1e6) {
            return trim(String.format(Locale.ROOT, "%.2f", macs / 1e6)) + "M";
        }
        if (macs >= 1e3) {
            return trim(String.format(Locale.ROOT, "%.1f", macs / 1e3)) + "K";
        }
        return String.format(Locale.ROOT, "%.0f", macs);
    }

    private static String trim(String number) {
        return number.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
