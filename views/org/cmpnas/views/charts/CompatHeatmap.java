package org.cmpnas.views.charts;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cmpnas.engine.compat.CompatibilityMatrix;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** The compatibility matrix painted as a heatmap of mAP: rows are query models, columns gallery models. */
public final class CompatHeatmap {
    private CompatHeatmap() {
    }

    public static HeatMapChart chart(CompatibilityMatrix matrix) {
        int n = matrix.models().size();
        HeatMapChart chart = new HeatMapChartBuilder().width(260 + 180 * n).height(200 + 80 * n)
                .title("Compatibility: mAP of M(query, gallery)").xAxisTitle("gallery model").yAxisTitle("query model").build();
        chart.getStyler().setShowValue(true).setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, 13))
                .setRangeColors(new Color[] {new Color(0xf7fbff), new Color(0x9ecae1), new Color(0x4292c6)})
                .setMin(0).setMax(100);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(15); // long run names would overlap side by side
        List<String> names = matrix.models().stream().map(m -> m.name() + " (" + m.id().substring(m.id().length() - 4) + ")").toList();
        // The y axis runs upwards: rows are listed in reverse so the first query model is on top, as in the table.
        List<String> rowNames = new ArrayList<>(names);
        java.util.Collections.reverse(rowNames);
        List<Number[]> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                values.add(new Number[] {j, n - 1 - i, Math.round(matrix.cells().get(i).get(j).mAP() * 10) / 10.0});
            }
        }
        chart.addSeries("mAP", names, rowNames, values);
        return chart;
    }

    public static void writePng(CompatibilityMatrix matrix, Path file) {
        try {
            BitmapEncoder.saveBitmap(chart(matrix), file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
