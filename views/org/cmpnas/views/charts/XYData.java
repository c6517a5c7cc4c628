package org.cmpnas.views.charts;

import java.util.Arrays;

/** A growing series of (x, y) points with cheap appends and a thinned copy for drawing. */
public final class XYData {
    private double[] xs = new double[64];
    private double[] ys = new double[64];
    private int size;

    /** Non-finite values (a diverged loss) cannot be plotted and are left out; the log says what happened. */
    public void add(double x, double y) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return;
        }
        if (size == xs.length) {
            xs = Arrays.copyOf(xs, size * 2);
            ys = Arrays.copyOf(ys, size * 2);
        }
        xs[size] = x;
        ys[size] = y;
        size++;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public double lastY() {
        return size == 0 ? Double.NaN : ys[size - 1];
    }

    public double lastX() {
        return size == 0 ? Double.NaN : xs[size - 1];
    }

    public double minY() {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            m = Math.min(m, ys[i]);
        }
        return m;
    }

    public double maxY() {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            m = Math.max(m, ys[i]);
        }
        return m;
    }

    /** At most {@code max} points for drawing (every k-th, always keeping the last one). */
    public double[][] thinned(int max) {
        if (size <= max) {
            return new double[][] {Arrays.copyOf(xs, size), Arrays.copyOf(ys, size)};
        }
        int stride = (int) Math.ceil((double) size / max);
        int n = (size - 1) / stride + 1;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0, j = 0; j < n; i += stride, j++) {
            x[j] = xs[i];
            y[j] = ys[i];
        }
        x[n - 1] = xs[size - 1];
        y[n - 1] = ys[size - 1];
        return new double[][] {x, y};
    }
}
