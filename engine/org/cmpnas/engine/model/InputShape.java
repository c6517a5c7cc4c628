package org.cmpnas.engine.model;

import ai.djl.ndarray.types.Shape;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.DataSplits;

/**
 * The images a model takes: {@code channels} (1 grey, 3 colour) of {@code size} x {@code size} pixels. Part of
 * a model's architecture: its text form follows the architecture's as {@code @3x64} unless it is the
 * protocol's 1 x 28 x 28, so every architecture recorded before colour and image size keeps its text.
 *
 * <p>A large input is downsampled by the stem ({@link #stemStride}), so that the first stage works on 24 to 47
 * pixels whatever the input: a 64 or 128 px input does not cost 5 to 20 times the 28 px model.
 */
public record InputShape(int channels, int size) {

    /** The protocol's input: Fashion-MNIST's 28 x 28 grey. */
    public static final InputShape GREY_28 = new InputShape(1, 28);
    public static final int MIN_SIZE = 8;
    public static final int MAX_SIZE = 512;
    /** The smallest feature map the stem leaves: a stride is only taken while the first stage keeps at least this. */
    private static final int STEM_OUTPUT = 24;

    public InputShape {
        if (channels != 1 && channels != 3) {
            throw new BadInputException("a model takes 1 (grey) or 3 (colour) channels, not " + channels);
        }
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new BadInputException("a model's input size must be between " + MIN_SIZE + " and " + MAX_SIZE + " pixels, got " + size);
        }
    }

    /** The input of a dataset's images; models take square images, so others are refused with the way out. */
    public static InputShape of(DataSplits data) {
        int channels = data.channels();
        int rows = data.rows();
        int cols = data.cols();
        if (rows != cols) {
            throw new BadInputException("the images are " + cols + "x" + rows + " pixels (width x height) but models take square images:"
                    + " read the folder with --image-size to resize and centre-crop them");
        }
        return new InputShape(channels, rows);
    }

    /** The stem's stride: the largest power of two that leaves the first stage at least 24 pixels (1 up to 47 px). */
    public int stemStride() {
        int stride = 1;
        while (size / (stride * 2) >= STEM_OUTPUT) {
            stride *= 2;
        }
        return stride;
    }

    /** A batch's tensor shape: (n, channels, size, size). */
    public Shape batch(int n) {
        return new Shape(n, channels, size, size);
    }

    /** {@code 3x64}. */
    public String text() {
        return channels + "x" + size;
    }

    /** The suffix an architecture's text carries: empty for {@link #GREY_28}, else {@code @3x64}. */
    public String suffix() {
        return equals(GREY_28) ? "" : "@" + text();
    }

    /** Reads {@link #text()}. */
    public static InputShape parse(String text) {
        String[] parts = text.trim().split("x");
        try {
            if (parts.length == 2) {
                return new InputShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new BadInputException("input '" + text + "' is not CHANNELSxSIZE, e.g. 1x28 or 3x64");
    }
}
