package org.cmpnas.app.cli;

import java.io.PrintStream;
import java.time.Duration;
import org.cmpnas.engine.jobs.JobListener;

/**
 * Prints a job's progress to stderr: a bar redrawn in place on a terminal, a line every few seconds
 * otherwise (with --progress). Log lines always go to stderr, so stdout stays for results.
 */
final class ProgressPrinter implements JobListener {
    private final PrintStream err;
    private final boolean enabled;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastPrint;
    /** The first progress seen: a resumed job starts part-way, and only work done here predicts the rest. */
    private double startFraction = -1;
    private boolean barShown;

    ProgressPrinter(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
        this.terminal = System.console() != null;
    }

    @Override
    public void progress(long done, long total, String status) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        long interval = terminal ? 200_000_000L : 5_000_000_000L;
        if (now - lastPrint < interval && done < total) {
            return;
        }
        lastPrint = now;
        double fraction = total > 0 ? Math.min(1, (double) done / total) : 0;
        if (startFraction < 0) {
            startFraction = fraction;
        }
        String line = String.format("%s %3.0f%%  %s  ETA %s", bar(fraction), 100 * fraction, status, eta(fraction, now));
        if (terminal) {
            err.print("\r" + line + "\033[K");
            barShown = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public void log(String line) {
        if (barShown) {
            err.print("\r\033[K");
            barShown = false;
        }
        err.println(line);
    }

    private String eta(double fraction, long now) {
        double doneHere = fraction - startFraction;
        if (doneHere <= 0) {
            return "--";
        }
        long elapsed = now - started;
        return format(Duration.ofNanos((long) (elapsed * (1 - fraction) / doneHere)));
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }

    private static String bar(double fraction) {
        int width = 24;
        int full = (int) Math.round(fraction * width);
        return "[" + "#".repeat(full) + " ".repeat(width - full) + "]";
    }
}
