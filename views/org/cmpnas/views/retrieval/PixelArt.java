package org.cmpnas.views.retrieval;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Dataset images (grey, or planar red, green, blue) enlarged by whole-pixel blocks (nearest neighbour), drawn into the image itself rather
 * than left to the renderer, whose smoothing differs between pipelines: a 28 × 28 picture stays crisp
 * at any size on a projector.
 */
final class PixelArt {
    private PixelArt() {
    }

    /** Image {@code pixels[offset ..]} ({@code channels} row-major planes of {@code rows x cols} bytes) scaled by {@code scale}. */
    static WritableImage enlarge(byte[] pixels, int offset, int channels, int rows, int cols, int scale) {
        int plane = rows * cols;
        int w = cols * scale;
        int h = rows * scale;
        int[] argb = new int[w * h];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                int at = offset + y * cols + x;
                int r = pixels[at] & 0xFF;
                int colour = channels == 1 ? 0xFF000000 | r << 16 | r << 8 | r
                        : 0xFF000000 | r << 16 | (pixels[at + plane] & 0xFF) << 8 | pixels[at + 2 * plane] & 0xFF;
                int base = y * scale * w + x * scale;
                for (int dy = 0; dy < scale; dy++) {
                    java.util.Arrays.fill(argb, base + dy * w, base + dy * w + scale, colour);
                }
            }
        }
        WritableImage image = new WritableImage(w, h);
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbPreInstance(), argb, 0, w);
        return image;
    }
}
