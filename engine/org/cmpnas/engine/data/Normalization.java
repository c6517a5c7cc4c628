package org.cmpnas.engine.data;

/** Pixel normalisation of docs/protocol.md: {@code (v/255 - MEAN) / STD}, the Fashion-MNIST statistics. */
public final class Normalization {

    public static final float MEAN = 0.2860f;
    public static final float STD = 0.3530f;

    /** All 256 possible results, so normalising is one table look-up per pixel. */
    private static final float[] TABLE = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            TABLE[v] = (v / 255f - MEAN) / STD;
        }
    }

    private Normalization() {
    }

    /** The normalised value of a grey level 0..255 (or of a signed byte holding one). */
    public static float of(int grey) {
        return TABLE[grey & 0xFF];
    }

    /** Normalises {@code length} pixels from {@code src[srcOffset..]} into {@code dst[dstOffset..]} (arraycopy order). */
    public static void normalise(byte[] src, int srcOffset, float[] dst, int dstOffset, int length) {
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = TABLE[src[srcOffset + i] & 0xFF];
        }
    }
}
