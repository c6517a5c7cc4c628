package org.cmpnas.engine.data;

import java.util.List;
import java.util.Objects;

/**
 * A set of images with integer labels, grey (1 channel) or colour (3: red, green, blue).
 *
 * <p>Pixels are unsigned bytes, image after image, each planar (channel after channel) and row-major:
 * image {@code i} occupies {@code pixels[i*channels*rows*cols .. (i+1)*channels*rows*cols)}, which is the
 * NCHW order a batch tensor wants. Bytes rather than floats keep Fashion-MNIST at 55 MB instead of
 * 220 MB; normalisation happens per batch, by {@code normalization}: the statistics of the dataset's
 * training split, which all its splits share. The arrays are shared, not copied (the data is large and
 * treated as read-only by everyone); {@link #select} and {@link #range} make copies.
 *
 * <p>{@code classNames} is the label space shared by all splits of a dataset, so a label means the
 * same class in train and in query/gallery even when a split does not use every class.
 */
public record LabeledImages(byte[] pixels, int[] labels, int channels, int rows, int cols, List<String> classNames,
                            Normalization normalization) {

    /** Grey images with the Fashion-MNIST statistics. */
    public LabeledImages(byte[] pixels, int[] labels, int rows, int cols, List<String> classNames) {
        this(pixels, labels, 1, rows, cols, classNames, Normalization.FASHION_MNIST);
    }

    public LabeledImages {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(normalization, "normalization");
        classNames = List.copyOf(Objects.requireNonNull(classNames, "classNames"));
        if (rows <= 0 || cols <= 0 || channels <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + rows + "x" + cols);
        }
        normalization.requireChannels(channels);
        if ((long) labels.length * channels * rows * cols != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels of " + channels + "x" + rows + "x" + cols
                    + " images need " + (long) labels.length * channels * rows * cols + " pixels, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i
                        + " is outside 0.." + (classNames.size() - 1));
            }
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Bytes per image (channels * rows * cols). */
    public int imageSize() {
        return channels * rows * cols;
    }

    /** Pixels per channel plane (rows * cols). */
    public int planeSize() {
        return rows * cols;
    }

    /** The same images resampled to {@code size} x {@code size} (the same object when they are that size already). */
    public LabeledImages resized(int size) {
        if (rows == size && cols == size) {
            return this;
        }
        int out = channels * size * size;
        byte[] p = new byte[labels.length * out];
        java.util.stream.IntStream.range(0, labels.length).parallel().forEach(i ->
                System.arraycopy(Pictures.resample(pixels, i * imageSize(), channels, rows, cols, size), 0, p, i * out, out));
        return new LabeledImages(p, labels, channels, size, size, classNames, normalization);
    }

    /** The same images normalised by other statistics (those a model was trained with). */
    public LabeledImages withNormalization(Normalization other) {
        return other.equals(normalization) ? this : new LabeledImages(pixels, labels, channels, rows, cols, classNames, other);
    }

    public int numClasses() {
        return classNames.size();
    }

    public int label(int image) {
        return labels[image];
    }

    /** Level 0..255 of byte {@code offset} (channel * rows * cols + row * cols + col) of an image. */
    public int pixel(int image, int offset) {
        return pixels[image * imageSize() + offset] & 0xFF;
    }

    /** Offset of an image's first pixel in {@link #pixels()}. */
    public int offsetOf(int image) {
        return image * imageSize();
    }

    /** A copy holding the given images, in the given order (repeats allowed). */
    public LabeledImages select(int[] indices) {
        int size = imageSize();
        byte[] p = new byte[indices.length * size];
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], labels.length);
            System.arraycopy(pixels, i * size, p, k * size, size);
            l[k] = labels[i];
        }
        return new LabeledImages(p, l, channels, rows, cols, classNames, normalization);
    }

    /** A copy of images {@code from} (inclusive) to {@code to} (exclusive). */
    public LabeledImages range(int from, int to) {
        Objects.checkFromToIndex(from, to, labels.length);
        int size = imageSize();
        byte[] p = new byte[(to - from) * size];
        System.arraycopy(pixels, from * size, p, 0, p.length);
        int[] l = new int[to - from];
        System.arraycopy(labels, from, l, 0, l.length);
        return new LabeledImages(p, l, channels, rows, cols, classNames, normalization);
    }

    /** The first {@code n} images (all of them if there are fewer). */
    public LabeledImages first(int n) {
        return n >= size() ? this : range(0, Math.max(0, n));
    }

    /** A copy with every image mirrored left to right, as {@link Augmentation}'s horizontal flip makes it. */
    public LabeledImages mirrored() {
        byte[] p = new byte[pixels.length];
        for (int row = 0; row < labels.length * channels * rows; row++) {
            int start = row * cols;
            for (int x = 0; x < cols; x++) {
                p[start + x] = pixels[start + cols - 1 - x];
            }
        }
        return new LabeledImages(p, labels, channels, rows, cols, classNames, normalization);
    }

    /** SHA-256 (hex) of the images and labels: tells two sets of the same size apart. */
    public String contentHash() {
        java.security.MessageDigest sha = Sha256.digest();
        sha.update(pixels);
        java.nio.ByteBuffer l = java.nio.ByteBuffer.allocate(labels.length * 4 + (channels != 1 ? 12 : 8));
        l.putInt(rows).putInt(cols);
        if (channels != 1) { // grey sets keep the hashes they had before colour
            l.putInt(channels);
        }
        for (int label : labels) {
            l.putInt(label);
        }
        sha.update(l.array());
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    /** Indices whose position {@code i} satisfies {@code (i % every == 0) == keep}: the protocol's query rule. */
    static int[] everyNth(int size, int every, boolean keep) {
        int count = 0;
        for (int i = 0; i < size; i++) {
            if ((i % every == 0) == keep) {
                count++;
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < size; i++) {
            if ((i % every == 0) == keep) {
                out[k++] = i;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "LabeledImages[" + size() + " images, " + channels + "x" + rows + "x" + cols + ", " + classNames.size() + " classes]";
    }
}
