package org.cmpnas.engine.data;

import com.twelvemonkeys.image.ResampleOp;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.cmpnas.engine.BadInputException;

/**
 * Image files to dataset pixels: decoded by ImageIO, with TwelveMonkeys' plug-ins for WebP, TIFF and the
 * JPEG flavours the JDK misses, resampled by TwelveMonkeys' {@link ResampleOp} (triangle filter,
 * widened when shrinking, so large photographs average their pixels instead of aliasing).
 *
 * <p>Every image is first copied into an 8-bit RGB image at its stored values: a grey image repeats its
 * level in the three channels, rather than going through Java2D's linear-grey colour conversion (which
 * would brighten it); palette and other colour images become sRGB.
 */
final class Pictures {

    static {
        ImageIO.scanForPlugins(); // the TwelveMonkeys readers, when the class path was set after ImageIO started
    }

    private Pictures() {
    }

    /** A decoded image: its RGB pixels at the stored values, and whether it was grey (all three channels equal). */
    record Picture(BufferedImage rgb, boolean grey) {
        int width() {
            return rgb.getWidth();
        }

        int height() {
            return rgb.getHeight();
        }
    }

    /** Decodes from memory (no ImageIO disk cache); null, exceptions and 0-size images all mean "corrupt". */
    static Picture decode(Path file, byte[] bytes) {
        BufferedImage image;
        try {
            // ImageIO.read closes the stream itself (except when it returns null; memory only, so no leak)
            ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
            image = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("cannot read image " + file + ": corrupt or unsupported (" + e.getMessage() + ")", e);
        }
        if (image == null || image.getWidth() == 0 || image.getHeight() == 0) {
            throw new BadInputException("cannot read image " + file + ": not a PNG, JPEG, BMP, GIF, WebP or TIFF file that can be decoded");
        }
        return toRgb(image);
    }

    private static Picture toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) { // what a colour JPEG decodes to: used as it is
            byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            boolean grey = true;
            for (int p = 0; p < bgr.length && grey; p += 3) {
                grey = bgr[p] == bgr[p + 1] && bgr[p + 1] == bgr[p + 2];
            }
            return new Picture(image, grey);
        }
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster out = rgb.getRaster();
        ColorModel cm = image.getColorModel();
        int[] row = new int[w];
        if (!(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            Raster raster = image.getRaster();
            int bits = cm.getComponentSize(0);
            int max = (1 << bits) - 1;
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    row[x] = bits == 8 ? row[x] : (row[x] * 255 + max / 2) / max;
                }
                for (int band = 0; band < 3; band++) {
                    out.setSamples(0, y, w, 1, band, row);
                }
            }
            return new Picture(rgb, true);
        }
        boolean grey = true;
        int[] argb = new int[w];
        int[][] bands = new int[3][w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int p = argb[x];
                bands[0][x] = p >> 16 & 0xFF;
                bands[1][x] = p >> 8 & 0xFF;
                bands[2][x] = p & 0xFF;
                grey &= bands[0][x] == bands[1][x] && bands[1][x] == bands[2][x];
            }
            for (int band = 0; band < 3; band++) {
                out.setSamples(0, y, w, 1, band, bands[band]);
            }
        }
        return new Picture(rgb, grey);
    }

    /**
     * The picture brought to {@code rows x cols} as {@code fit} says, as planar bytes: three planes (red,
     * green, blue), or one of Rec. 601 luma (0.299 R + 0.587 G + 0.114 B) when {@code grey}.
     */
    static byte[] planes(Picture picture, int rows, int cols, ImageFolderOptions.Fit fit, boolean grey) {
        BufferedImage image = picture.rgb();
        int w = image.getWidth();
        int h = image.getHeight();
        int x0 = 0;
        int y0 = 0;
        if (fit == ImageFolderOptions.Fit.crop) {
            double scale = Math.max((double) cols / w, (double) rows / h);
            int sw = Math.max(cols, (int) Math.round(w * scale));
            int sh = Math.max(rows, (int) Math.round(h * scale));
            image = resample(image, sw, sh);
            x0 = (sw - cols) / 2;
            y0 = (sh - rows) / 2;
        } else if (w != cols || h != rows) {
            image = resample(image, cols, rows);
        }
        Raster raster = image.getRaster();
        int plane = rows * cols;
        int[][] bands = new int[3][];
        for (int band = 0; band < 3; band++) {
            bands[band] = raster.getSamples(x0, y0, cols, rows, band, (int[]) null);
        }
        byte[] out = new byte[(grey ? 1 : 3) * plane];
        for (int p = 0; p < plane; p++) {
            if (grey) {
                out[p] = (byte) ((299 * bands[0][p] + 587 * bands[1][p] + 114 * bands[2][p] + 500) / 1000);
            } else {
                out[p] = (byte) bands[0][p];
                out[plane + p] = (byte) bands[1][p];
                out[2 * plane + p] = (byte) bands[2][p];
            }
        }
        return out;
    }

    /** One planar image of {@code channels} x {@code rows} x {@code cols} resampled to {@code size} x {@code size}, planar. */
    static byte[] resample(byte[] pixels, int offset, int channels, int rows, int cols, int size) {
        BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = image.getRaster();
        int plane = rows * cols;
        int[] samples = new int[plane];
        for (int band = 0; band < 3; band++) {
            int from = offset + (channels == 1 ? 0 : band) * plane;
            for (int p = 0; p < plane; p++) {
                samples[p] = pixels[from + p] & 0xFF;
            }
            raster.setSamples(0, 0, cols, rows, band, samples);
        }
        Raster out = resample(image, size, size).getRaster();
        byte[] planes = new byte[channels * size * size];
        for (int c = 0; c < channels; c++) {
            int[] band = out.getSamples(0, 0, size, size, c, (int[]) null);
            for (int p = 0; p < band.length; p++) {
                planes[c * size * size + p] = (byte) band[p];
            }
        }
        return planes;
    }

    private static BufferedImage resample(BufferedImage image, int width, int height) {
        if (image.getWidth() == width && image.getHeight() == height) {
            return image;
        }
        return new ResampleOp(width, height, ResampleOp.FILTER_TRIANGLE).filter(image, null);
    }
}
