package org.cmpnas.views.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/**
 * One look for every XChart plot, matching the window's stylesheet: white plot, hairline grid,
 * grey axis text, a small restrained palette. Titles are JavaFX labels above the chart, so the
 * image holds only the plot.
 */
public final class ChartStyle {
    public static final Color BLUE = new Color(0x2f, 0x6f, 0xb5);
    public static final Color BLUE_LIGHT = new Color(0x9d, 0xbd, 0xe0);
    public static final Color ORANGE = new Color(0xd9, 0x7a, 0x1c);
    public static final Color GREEN = new Color(0x2e, 0x8b, 0x57);
    private static final Color TEXT = new Color(0x4a, 0x55, 0x68);
    private static final Color GRID = new Color(0xe6, 0xe9, 0xee);
    private static final String FONT = "DejaVu Sans";

    private ChartStyle() {
    }

    /** A line chart of the given pixel size, styled, with axis titles. */
    public static XYChart lineChart(int width, int height, String xTitle, String yTitle) {
        XYChart chart = new XYChart(width, height);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        XYStyler s = chart.getStyler();
        s.setChartTitleVisible(false);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setPlotGridVerticalLinesVisible(false);
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 11));
        s.setAxisTickLabelsColor(TEXT);
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 11));
        s.setXAxisTitleColor(TEXT);
        s.setYAxisTitleColor(TEXT);
        s.setAxisTickMarksColor(GRID);
        s.setAxisTicksLineVisible(false);
        s.setAxisTitlePadding(6);
        s.setPlotMargin(4);
        s.setChartPadding(8);
        // Below the plot, in one row: a legend inside the plot would hide the very points it names.
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setLegendBackgroundColor(Color.WHITE);
        s.setLegendFont(new Font(FONT, Font.PLAIN, 11));
        s.setLegendPadding(5);
        s.setMarkerSize(6);
        s.setAntiAlias(true);
        s.setTextAntiAlias(true);
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return chart;
    }

    public static BasicStroke line(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }
}
