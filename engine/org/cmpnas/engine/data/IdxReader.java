package org.cmpnas.engine.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.cmpnas.engine.BadInputException;

/**
 * Reads the IDX format of (Fashion-)MNIST: unsigned-byte image files (magic 0x00000803, header
 * count/rows/cols) and label files (magic 0x00000801, header count), gzip-compressed or plain.
 *
 * <p>The header is read first so the payload goes straight into one exactly sized array: no
 * intermediate copies and no per-byte work beyond the inflater. Every problem with the file is
 * a {@link BadInputException} naming the file.
 */
public final class IdxReader {

    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    private static final int BUFFER = 1 << 16;

    /** The raw content of an image file. */
    public record Images(byte[] pixels, int count, int rows, int cols) {
    }

    private IdxReader() {
    }

    /** Reads an image file and its label file and checks that they belong together. */
    public static LabeledImages read(Path imagesFile, Path labelsFile, List<String> classNames) {
        Images images = readImages(imagesFile);
        int[] labels = readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new BadInputException(labelsFile + " has " + labels.length + " labels but " + imagesFile
                    + " has " + images.count() + " images; they must have the same count");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classNames.size()) {
                throw new BadInputException(labelsFile + ": label " + labels[i] + " at index " + i
                        + " is out of range 0.." + (classNames.size() - 1));
            }
        }
        return new LabeledImages(images.pixels(), labels, images.rows(), images.cols(), classNames);
    }

    public static Images readImages(Path file) {
        try (InputStream in = open(file)) {
            byte[] header = readHeader(in, file, 16, IMAGES_MAGIC, "image");
            int count = readInt(header, 4);
            int rows = readInt(header, 8);
            int cols = readInt(header, 12);
            if (count < 0 || rows <= 0 || cols <= 0) {
                throw new BadInputException(file + ": invalid IDX image header (count " + count + ", size "
                        + rows + "x" + cols + ")");
            }
            byte[] pixels = readPayload(in, file, 16, (long) count * rows * cols);
            return new Images(pixels, count, rows, cols);
        } catch (IOException e) {
            throw ioProblem(file, e);
        }
    }

    /** Labels as ints 0..255 (the bytes are unsigned). */
    public static int[] readLabels(Path file) {
        try (InputStream in = open(file)) {
            byte[] header = readHeader(in, file, 8, LABELS_MAGIC, "label");
            int count = readInt(header, 4);
            if (count < 0) {
                throw new BadInputException(file + ": invalid IDX label header (count " + count + ")");
            }
            byte[] bytes = readPayload(in, file, 8, count);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xFF;
            }
            return labels;
        } catch (IOException e) {
            throw ioProblem(file, e);
        }
    }

    /** Opens the file, transparently un-gzipping when it starts with the gzip magic 0x1f8b. */
    static InputStream open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a folder, expected an IDX file");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, BUFFER) : raw;
    }

    /** Reads the header; a wrong magic number is reported before a short header (it says more). */
    private static byte[] readHeader(InputStream in, Path file, int length, int magic, String kind) throws IOException {
        byte[] header = new byte[length];
        int n = readFully(in, header);
        if (n >= 4) {
            checkMagic(file, readInt(header, 0), magic, kind);
        }
        if (n < length) {
            throw new BadInputException(file + " is truncated: expected at least " + length
                    + " bytes (the IDX header), found " + n);
        }
        return header;
    }

    private static byte[] readPayload(InputStream in, Path file, int headerLength, long length) throws IOException {
        if (length > Integer.MAX_VALUE - 16) {
            throw new BadInputException(file + ": IDX header announces " + length + " bytes, too large to load");
        }
        byte[] payload = new byte[(int) length];
        int n = readFully(in, payload);
        if (n < length) {
            throw new BadInputException(file + " is truncated: expected " + (headerLength + length)
                    + " bytes, found " + (headerLength + n));
        }
        if (in.read() != -1) {
            throw new BadInputException(file + " is longer than its IDX header says (" + (headerLength + length)
                    + " bytes); is it the right file?");
        }
        return payload;
    }

    /** Reads until the array is full or the stream ends; a gzip stream cut short counts as an end. */
    private static int readFully(InputStream in, byte[] buf) throws IOException {
        int total = 0;
        try {
            while (total < buf.length) {
                int n = in.read(buf, total, buf.length - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (EOFException e) {
            // GZIPInputStream signals a cut-off stream this way; report it as a short file.
        }
        return total;
    }

    private static void checkMagic(Path file, int found, int expected, String kind) {
        if (found == expected) {
            return;
        }
        String hint = found == IMAGES_MAGIC ? " (that is an image file)"
                : found == LABELS_MAGIC ? " (that is a label file)" : "";
        throw new BadInputException(file + " is not an IDX " + kind + " file: expected magic number "
                + hex(expected) + ", found " + hex(found) + hint);
    }

    private static BadInputException ioProblem(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new BadInputException("file not found: " + file, e);
        }
        if (e instanceof AccessDeniedException) {
            return new BadInputException("cannot read " + file + ": permission denied", e);
        }
        if (e instanceof ZipException) {
            return new BadInputException(file + " is not a valid gzip file: " + e.getMessage(), e);
        }
        return new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
