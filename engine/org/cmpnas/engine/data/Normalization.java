package org.cmpnas.engine.data;

import java.util.Arrays;
import java.util.Locale;
import org.cmpnas.engine.BadInputException;

/**
 * Pixel normalisation of docs/protocol.md, per channel: {@code (v/255 - mean[c]) / std[c]}. IDX data uses
 * the Fashion-MNIST constants; an image folder's statistics are measured on its training split
 * ({@link #measure}). A model records the statistics it was trained with and is always fed by them.
 */
public final class Normalization {

    /** The protocol's Fashion-MNIST statistics, and what every model recorded before per-channel statistics used. */
    public static final Normalization FASHION_MNIST = new Normalization(new float[] {0.2860f}, new float[] {0.3530f});

    private final float[] mean;
    private final float[] std;
    /** Per channel, all 256 possible results: normalising is one table look-up per pixel. */
    private final float[][] table;

    public Normalization(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalisation needs one mean and one std per channel, got "
                    + mean.length + " and " + std.length);
        }
        this.mean = mean.clone();
        this.std = std.clone();
        table = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            if (!(std[c] > 0) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("channel " + c + " has mean " + mean[c] + " and std " + std[c]);
            }
            for (int v = 0; v < 256; v++) {
                table[c][v] = (v / 255f - mean[c]) / std[c];
            }
        }
    }

    /**
     * The mean and standard deviation of each channel over every pixel of {@code images} (planar, see
     * {@link LabeledImages}); a channel with no spread gets std 1, so it normalises to a constant.
     */
    public static Normalization measure(byte[] pixels, int images, int channels, int planeSize) {
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            long[] histogram = new long[256];
            for (int i = 0; i < images; i++) {
                int from = (i * channels + c) * planeSize;
                for (int p = from; p < from + planeSize; p++) {
                    histogram[pixels[p] & 0xFF]++;
                }
            }
            double n = (double) images * planeSize;
            double sum = 0;
            double squares = 0;
            for (int v = 0; v < 256; v++) {
                sum += histogram[v] * (v / 255.0);
                squares += histogram[v] * (v / 255.0) * (v / 255.0);
            }
            double m = n == 0 ? 0 : sum / n;
            double s = n == 0 ? 0 : Math.sqrt(Math.max(0, squares / n - m * m));
            // four decimals, as recorded: a model is fed exactly the statistics its card holds
            mean[c] = round4(m);
            std[c] = s > 1e-4 ? round4(s) : 1f;
        }
        return new Normalization(mean, std);
    }

    private static float round4(double v) {
        return Float.parseFloat(String.format(Locale.ROOT, "%.4f", v));
    }

    public int channels() {
        return mean.length;
    }

    public float mean(int channel) {
        return mean[channel];
    }

    public float std(int channel) {
        return std[channel];
    }

    /** The normalised value of level 0..255 (or a signed byte holding one) in {@code channel}. */
    public float of(int channel, int level) {
        return table[channel][level & 0xFF];
    }

    /**
     * Normalises {@code images} planar images of {@code channels} planes of {@code planeSize} pixels from
     * {@code src[srcOffset..]} into {@code dst[dstOffset..]}.
     */
    public void normalise(byte[] src, int srcOffset, float[] dst, int dstOffset, int images, int planeSize) {
        for (int plane = 0; plane < images * mean.length; plane++) {
            float[] t = table[plane % mean.length];
            int s = srcOffset + plane * planeSize;
            int d = dstOffset + plane * planeSize;
            for (int p = 0; p < planeSize; p++) {
                dst[d + p] = t[src[s + p] & 0xFF];
            }
        }
    }

    /** Refuses images with another number of channels than these statistics were measured on. */
    public void requireChannels(int channels) {
        if (channels != mean.length) {
            throw new BadInputException("the normalisation has " + mean.length + " channel(s) but the images have " + channels);
        }
    }

    /** Stored form, e.g. {@code 0.2860/0.3530} or {@code 0.48,0.45,0.40/0.27,0.26,0.28} (means, then stds). */
    public String text() {
        return join(mean) + "/" + join(std);
    }

    /** Reads {@link #text()}; null or blank is {@link #FASHION_MNIST} (models recorded before per-channel statistics). */
    public static Normalization parse(String text) {
        if (text == null || text.isBlank()) {
            return FASHION_MNIST;
        }
        String[] parts = text.trim().split("/");
        try {
            if (parts.length == 2) {
                return new Normalization(floats(parts[0]), floats(parts[1]));
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException("normalisation '" + text + "': " + e.getMessage(), e);
        }
        throw new BadInputException("normalisation '" + text + "' is not MEANS/STDS, e.g. 0.2860/0.3530 or 0.485,0.456,0.406/0.229,0.224,0.225");
    }

    private static float[] floats(String csv) {
        String[] items = csv.split(",");
        float[] out = new float[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = Float.parseFloat(items[i].trim());
        }
        return out;
    }

    private static String join(float[] values) {
        StringBuilder s = new StringBuilder();
        for (float v : values) {
            s.append(s.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", v));
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return text();
    }
}
