package org.cmpnas.views.charts;

import java.awt.Color;
import org.cmpnas.views.common.MetricPoint;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The curves of a training run, fed with its metric events (live from a job, or read back from a
 * finished run): the loss against the step and the validation accuracies against the epoch.
 */
public final class TrainingCurves {
    public static final String STEP_LOSS = "train.step_loss";
    public static final String EPOCH_LOSS = "train.loss";
    public static final String VAL_TOP1 = "val.top1";
    public static final String VAL_ACC = "val.acc";
    public static final String VAL_MAP = "val.mAP";
    /** A supernet's curves: the sandwich loss, and M(largest, G), M(smallest, G) after each epoch. */
    public static final String SUPERNET_STEP_LOSS = "supernet.step_loss";
    public static final String SUPERNET_LOSS = "supernet.loss";
    public static final String VAL_LARGEST_MAP = "val.largest.mAP";
    public static final String VAL_SMALLEST_MAP = "val.smallest.mAP";
    /** An exported subnet's fine-tuning. */
    public static final String FINETUNE_STEP_LOSS = "finetune.step_loss";
    public static final String FINETUNE_LOSS = "finetune.loss";
    private static final int MAX_POINTS = 1500;

    private final XYData stepLoss = new XYData();
    private final XYData epochLoss = new XYData();
    private final XYData valTop1 = new XYData();
    private final XYData valAcc = new XYData();
    private final XYData valMap = new XYData();
    private final XYData valLargestMap = new XYData();
    private final XYData valSmallestMap = new XYData();

    /** Takes the point if it belongs to a curve; returns whether it did. */
    public boolean add(MetricPoint p) {
        switch (p.name()) {
            case STEP_LOSS, SUPERNET_STEP_LOSS, FINETUNE_STEP_LOSS -> stepLoss.add(p.step(), p.value());
            case EPOCH_LOSS, SUPERNET_LOSS, FINETUNE_LOSS -> epochLoss.add(p.step(), p.value());
            case VAL_TOP1 -> valTop1.add(p.epoch(), p.value());
            case VAL_ACC -> valAcc.add(p.epoch(), p.value());
            case VAL_MAP -> valMap.add(p.epoch(), p.value());
            case VAL_LARGEST_MAP -> valLargestMap.add(p.epoch(), p.value());
            case VAL_SMALLEST_MAP -> valSmallestMap.add(p.epoch(), p.value());
            default -> {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return stepLoss.isEmpty() && epochLoss.isEmpty() && !hasAccuracy();
    }

    private boolean hasAccuracy() {
        return !valTop1.isEmpty() || !valAcc.isEmpty() || !valMap.isEmpty() || !valLargestMap.isEmpty() || !valSmallestMap.isEmpty();
    }

    /** The most recent loss value, per step or per epoch, whichever came last. */
    public double latestLoss() {
        if (stepLoss.isEmpty()) {
            return epochLoss.lastY();
        }
        if (epochLoss.isEmpty()) {
            return stepLoss.lastY();
        }
        return epochLoss.lastX() >= stepLoss.lastX() ? epochLoss.lastY() : stepLoss.lastY();
    }

    /** The mean loss of the last finished epoch. */
    public double latestEpochLoss() {
        return epochLoss.lastY();
    }

    public double latestValTop1() {
        return valTop1.lastY();
    }

    /** The primary validation mAP: the model's own, or a supernet's largest subnet's. */
    public double latestValMap() {
        return valMap.isEmpty() ? valLargestMap.lastY() : valMap.lastY();
    }

    /** Loss against the training step; null before the first value. */
    public XYChart lossChart(int width, int height) {
        if (stepLoss.isEmpty() && epochLoss.isEmpty()) {
            return null;
        }
        XYChart chart = ChartStyle.lineChart(width, height, "step", "loss");
        if (!stepLoss.isEmpty()) {
            double[][] d = stepLoss.thinned(MAX_POINTS);
            XYSeries s = chart.addSeries("sampled steps", d[0], d[1]);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(ChartStyle.BLUE_LIGHT);
            s.setLineStyle(ChartStyle.line(1.4f));
        }
        if (!epochLoss.isEmpty()) {
            double[][] d = epochLoss.thinned(MAX_POINTS);
            XYSeries s = chart.addSeries("epoch mean", d[0], d[1]);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(ChartStyle.BLUE);
            s.setLineColor(ChartStyle.BLUE);
            s.setLineStyle(ChartStyle.line(2f));
        }
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setYAxisDecimalPattern("0.0##");
        chart.getStyler().setYAxisMin(0.0); // loss falls towards zero: the axis shows how far it has come
        double top = Math.max(max(stepLoss), max(epochLoss));
        if (top > 0) {
            chart.getStyler().setYAxisMax(top * 1.08); // headroom, so the highest point is not on the edge
        }
        return chart;
    }

    /**
     * Validation retrieval (mAP, the primary metric, and top-1) and classifier accuracy in percent
     * against the epoch; null before the first epoch ends.
     */
    public XYChart accuracyChart(int width, int height) {
        if (!hasAccuracy()) {
            return null;
        }
        XYChart chart = ChartStyle.lineChart(width, height, "epoch", "validation %");
        if (!valMap.isEmpty()) {
            double[][] d = valMap.thinned(MAX_POINTS);
            XYSeries s = chart.addSeries("mAP", d[0], d[1]);
            s.setMarker(SeriesMarkers.SQUARE);
            s.setMarkerColor(ChartStyle.BLUE);
            s.setLineColor(ChartStyle.BLUE);
            s.setLineStyle(ChartStyle.line(2f));
        }
        if (!valTop1.isEmpty()) {
            double[][] d = valTop1.thinned(MAX_POINTS);
            XYSeries s = chart.addSeries("top-1", d[0], d[1]);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(ChartStyle.GREEN);
            s.setLineColor(ChartStyle.GREEN);
            s.setLineStyle(ChartStyle.line(2f));
        }
        if (!valAcc.isEmpty()) {
            double[][] d = valAcc.thinned(MAX_POINTS);
            XYSeries s = chart.addSeries("classifier", d[0], d[1]);
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setMarkerColor(ChartStyle.ORANGE);
            s.setLineColor(ChartStyle.ORANGE);
            s.setLineStyle(ChartStyle.line(1.6f));
        }
        addLine(chart, "largest subnet mAP", valLargestMap, SeriesMarkers.SQUARE, ChartStyle.BLUE);
        addLine(chart, "smallest subnet mAP", valSmallestMap, SeriesMarkers.CIRCLE, ChartStyle.ORANGE);
        chart.getStyler().setXAxisDecimalPattern("0.#");
        chart.getStyler().setYAxisDecimalPattern("0");
        // Whole tens around the data, so a single point or a flat curve still has a readable scale.
        double low = Math.min(Math.min(min(valMap), Math.min(min(valTop1), min(valAcc))),
                Math.min(min(valLargestMap), min(valSmallestMap)));
        double high = Math.max(Math.max(max(valMap), Math.max(max(valTop1), max(valAcc))),
                Math.max(max(valLargestMap), max(valSmallestMap)));
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor((low - 2) / 10) * 10));
        chart.getStyler().setYAxisMax(Math.min(100, Math.ceil((high + 2) / 10) * 10));
        return chart;
    }

    private static void addLine(XYChart chart, String name, XYData data, Marker marker, Color color) {
        if (data.isEmpty()) {
            return;
        }
        double[][] d = data.thinned(MAX_POINTS);
        XYSeries s = chart.addSeries(name, d[0], d[1]);
        s.setMarker(marker);
        s.setMarkerColor(color);
        s.setLineColor(color);
        s.setLineStyle(ChartStyle.line(2f));
    }

    private static double min(XYData d) {
        return d.isEmpty() ? Double.POSITIVE_INFINITY : d.minY();
    }

    private static double max(XYData d) {
        return d.isEmpty() ? Double.NEGATIVE_INFINITY : d.maxY();
    }
}
