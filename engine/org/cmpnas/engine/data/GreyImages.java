package org.cmpnas.engine.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Conversion of decoded images to 8-bit grey, and resizing. Done by hand on byte arrays rather than
 * with Graphics2D: Java2D treats grey images as linear and would gamma-shift them on the way through
 * sRGB, and this way the result is exact, deterministic and needs no display.
 */
final class GreyImages {

    private GreyImages() {
    }

    /**
     * Grey levels of an image, row-major. Grey images keep their stored values (scaled to 8 bits);
     * colour and palette images use the Rec. 601 luma weights 0.299 R + 0.587 G + 0.114 B. Alpha is ignored.
     */
    static byte[] toGrey(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h];
        ColorModel cm = image.getColorModel();
        if (!(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            Raster raster = image.getRaster();
            int bits = cm.getComponentSize(0);
            int max = (1 << bits) - 1;
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (byte) (bits == 8 ? row[x] : (row[x] * 255 + max / 2) / max);
                }
            }
        } else {
            int[] argb = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, argb, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = argb[x];
                    int luma = (299 * (p >> 16 & 0xFF) + 587 * (p >> 8 & 0xFF) + 114 * (p & 0xFF) + 500) / 1000;
                    out[y * w + x] = (byte) luma;
                }
            }
        }
        return out;
    }

    /**
     * Resizes a grey image with a separable triangle (bilinear) filter. When shrinking, the filter
     * widens by the scale factor (as PIL's antialiased bilinear does), so large photos average their
     * pixels instead of aliasing; when enlarging it is plain bilinear interpolation.
     */
    static byte[] resize(byte[] src, int srcW, int srcH, int dstW, int dstH) {
        if (srcW == dstW && srcH == dstH) {
            return src;
        }
        float[] horizontal = new float[srcH * dstW];
        Kernel kx = Kernel.of(srcW, dstW);
        for (int y = 0; y < srcH; y++) {
            for (int x = 0; x < dstW; x++) {
                float sum = 0;
                for (int k = 0; k < kx.taps[x].length; k++) {
                    sum += kx.weights[x][k] * (src[y * srcW + kx.taps[x][k]] & 0xFF);
                }
                horizontal[y * dstW + x] = sum;
            }
        }
        byte[] out = new byte[dstW * dstH];
        Kernel ky = Kernel.of(srcH, dstH);
        for (int y = 0; y < dstH; y++) {
            for (int x = 0; x < dstW; x++) {
                float sum = 0;
                for (int k = 0; k < ky.taps[y].length; k++) {
                    sum += ky.weights[y][k] * horizontal[ky.taps[y][k] * dstW + x];
                }
                out[y * dstW + x] = (byte) Math.max(0, Math.min(255, Math.round(sum)));
            }
        }
        return out;
    }

    /** For each output position, the source positions it reads and their normalised weights. */
    private record Kernel(int[][] taps, float[][] weights) {
        static Kernel of(int in, int out) {
            double scale = (double) in / out;
            double support = Math.max(scale, 1.0); // triangle half-width in source pixels
            int[][] taps = new int[out][];
            float[][] weights = new float[out][];
            for (int o = 0; o < out; o++) {
                double center = (o + 0.5) * scale; // pixel centres aligned, as in most libraries
                int lo = Math.max(0, (int) Math.floor(center - support));
                int hi = Math.min(in - 1, (int) Math.ceil(center + support));
                double[] w = new double[hi - lo + 1];
                double total = 0;
                for (int i = lo; i <= hi; i++) {
                    w[i - lo] = Math.max(0, 1 - Math.abs((i + 0.5 - center) / support));
                    total += w[i - lo];
                }
                int count = 0;
                for (double v : w) {
                    count += v > 0 ? 1 : 0;
                }
                taps[o] = new int[count];
                weights[o] = new float[count];
                for (int i = lo, k = 0; i <= hi; i++) {
                    if (w[i - lo] > 0) {
                        taps[o][k] = i;
                        weights[o][k++] = (float) (w[i - lo] / total);
                    }
                }
            }
            return new Kernel(taps, weights);
        }
    }
}
