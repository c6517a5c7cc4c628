package org.cmpnas.views.common;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.model.InputShape;

/** How numbers read everywhere in the window: one place, so every view agrees. */
public final class Formats {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    public static final String NONE = "–";

    private Formats() {
    }

    /** MACs and parameter counts: 80.52M, 711.3K, 1.20G, 512. */
    public static String count(long n) {
        double a = Math.abs((double) n);
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.2fG", n / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, "%.1fK", n / 1e3);
        }
        return Long.toString(n);
    }

    /** A percentage value (already 0–100) with two decimals, or a dash when unknown. */
    public static String percent(Double value) {
        return value == null || value.isNaN() ? NONE : String.format(Locale.ROOT, "%.2f", value);
    }

    /** Grouped integer, e.g. 1,230. */
    public static String integer(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String dateTime(Instant t) {
        return dateTime(t, ZoneId.systemDefault());
    }

    public static String dateTime(Instant t, ZoneId zone) {
        return t == null ? NONE : DATE_TIME.format(t.atZone(zone));
    }

    /** 42s, 3m05s, 1h02m. */
    public static String duration(Duration d) {
        if (d == null || d.isNegative()) {
            return NONE;
        }
        long s = d.toSeconds();
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }

    /** A summary metric by its name: accuracies as percentages, losses with four decimals, counters whole. */
    public static String metric(String name, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (name.equals("epoch") || name.endsWith(".count") || name.endsWith("step")) {
            return Long.toString(Math.round(value));
        }
        if (name.contains("loss")) {
            return String.format(Locale.ROOT, "%.4f", value);
        }
        if (isPercentage(name)) {
            return String.format(Locale.ROOT, "%.2f %%", value);
        }
        return String.format(Locale.ROOT, "%.4g", value);
    }

    private static boolean isPercentage(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith("acc") || n.contains("top1") || n.contains("top5") || n.endsWith("map") || n.contains("tar");
    }

    /** " at 3×64 px" when an architecture's text names an input ({@code resnet-g@3x64}), else "". */
    public static String input(String arch) {
        int at = arch == null ? -1 : arch.lastIndexOf('@');
        if (at < 0) {
            return "";
        }
        try {
            InputShape input = InputShape.parse(arch.substring(at + 1));
            return " at " + input.channels() + "×" + input.size() + " px";
        } catch (BadInputException e) {
            return "";
        }
    }
}
