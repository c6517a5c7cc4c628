package org.cmpnas.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.cmpnas.engine.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");
    @TempDir
    Path dir;

    private static byte[] pixels(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 37 + 200); // covers values above 127 (unsigned bytes)
        }
        return p;
    }

    @Test
    void gzipAndPlainFilesRoundTrip() throws Exception {
        byte[] px = pixels(3 * 2 * 4);
        for (boolean gz : new boolean[] {true, false}) {
            byte[] img = IdxFiles.images(3, 2, 4, px);
            byte[] lab = IdxFiles.labels(2, 0, 1);
            Path images = IdxFiles.write(dir.resolve("img" + gz), gz ? IdxFiles.gzip(img) : img);
            Path labels = IdxFiles.write(dir.resolve("lab" + gz), gz ? IdxFiles.gzip(lab) : lab);

            LabeledImages data = IdxReader.read(images, labels, CLASSES);

            assertThat(data.size()).isEqualTo(3);
            assertThat(data.rows()).isEqualTo(2);
            assertThat(data.cols()).isEqualTo(4);
            assertThat(data.pixels()).isEqualTo(px);
            assertThat(data.labels()).containsExactly(2, 0, 1);
            assertThat(data.pixel(1, 3)).isEqualTo(px[8 + 3] & 0xFF);
            assertThat(data.classNames()).isEqualTo(CLASSES);
        }
    }

    @Test
    void wrongMagicNamesFileAndBothNumbers() throws Exception {
        Path labels = IdxFiles.write(dir.resolve("labels.idx"), IdxFiles.labels(1, 2));
        assertThatThrownBy(() -> IdxReader.readImages(labels))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("labels.idx")
                .hasMessageContaining("expected magic number 0x00000803")
                .hasMessageContaining("found 0x00000801");
        Path images = IdxFiles.write(dir.resolve("images.idx"), IdxFiles.images(1, 1, 1, new byte[1]));
        assertThatThrownBy(() -> IdxReader.readLabels(images))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("images.idx")
                .hasMessageContaining("0x00000801")
                .hasMessageContaining("0x00000803");
        Path text = IdxFiles.write(dir.resolve("notes.txt"), "hello world, not idx".getBytes());
        assertThatThrownBy(() -> IdxReader.readImages(text))
                .isInstanceOf(BadInputException.class).hasMessageContaining("notes.txt").hasMessageContaining("0x68656c6c");
    }

    @Test
    void truncatedFileSaysExpectedAndFoundBytes() throws Exception {
        byte[] full = IdxFiles.images(3, 2, 2, pixels(12));
        Path plain = IdxFiles.write(dir.resolve("short.idx"), Arrays.copyOf(full, 16 + 7));
        assertThatThrownBy(() -> IdxReader.readImages(plain))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("short.idx")
                .hasMessageContaining("expected 28 bytes, found 23");

        // same content gzip-compressed, and a gzip stream cut in the middle
        Path gz = IdxFiles.write(dir.resolve("short.gz"), IdxFiles.gzip(Arrays.copyOf(full, 20)));
        assertThatThrownBy(() -> IdxReader.readImages(gz))
                .isInstanceOf(BadInputException.class).hasMessageContaining("short.gz").hasMessageContaining("found 20");
        byte[] zipped = IdxFiles.gzip(IdxFiles.images(50, 10, 10, pixels(5000)));
        Path cut = IdxFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(zipped, zipped.length / 2));
        assertThatThrownBy(() -> IdxReader.readImages(cut))
                .isInstanceOf(BadInputException.class).hasMessageContaining("cut.gz").hasMessageContaining("truncated");

        Path header = IdxFiles.write(dir.resolve("header.idx"), Arrays.copyOf(full, 10));
        assertThatThrownBy(() -> IdxReader.readImages(header))
                .isInstanceOf(BadInputException.class).hasMessageContaining("header.idx").hasMessageContaining("found 10");
    }

    @Test
    void extraBytesAreReported() throws Exception {
        byte[] full = IdxFiles.labels(1, 2, 0);
        Path file = IdxFiles.write(dir.resolve("long.idx"), Arrays.copyOf(full, full.length + 3));
        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isInstanceOf(BadInputException.class).hasMessageContaining("long.idx").hasMessageContaining("longer");
    }

    @Test
    void countMismatchNamesBothFiles() throws Exception {
        Path images = IdxFiles.write(dir.resolve("four-images.idx"), IdxFiles.images(4, 1, 1, new byte[4]));
        Path labels = IdxFiles.write(dir.resolve("three-labels.idx"), IdxFiles.labels(0, 1, 2));
        assertThatThrownBy(() -> IdxReader.read(images, labels, CLASSES))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("four-images.idx")
                .hasMessageContaining("three-labels.idx")
                .hasMessageContaining("3 labels")
                .hasMessageContaining("4 images");
    }

    @Test
    void labelOutOfRangeNamesFileAndIndex() throws Exception {
        Path images = IdxFiles.write(dir.resolve("i.idx"), IdxFiles.images(3, 1, 1, new byte[3]));
        Path labels = IdxFiles.write(dir.resolve("bad-labels.idx"), IdxFiles.labels(0, 1, 200));
        assertThatThrownBy(() -> IdxReader.read(images, labels, CLASSES))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad-labels.idx")
                .hasMessageContaining("label 200 at index 2")
                .hasMessageContaining("0..2");
    }

    @Test
    void missingFileOrFolderIsNamed() {
        Path missing = dir.resolve("nope-images.gz");
        assertThatThrownBy(() -> IdxReader.readImages(missing))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("not found")
                .hasMessageContaining("nope-images.gz");
        assertThatThrownBy(() -> IdxReader.readLabels(dir))
                .isInstanceOf(BadInputException.class).hasMessageContaining("is a folder");
    }

    @Test
    void corruptGzipIsNamed() throws Exception {
        byte[] bytes = IdxFiles.gzip(IdxFiles.labels(1, 2, 3));
        for (int i = 12; i < bytes.length - 8; i++) {
            bytes[i] = (byte) 0xFF; // garbage deflate data
        }
        Path file = IdxFiles.write(dir.resolve("garbage.gz"), bytes);
        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .isInstanceOf(BadInputException.class).hasMessageContaining("garbage.gz");
    }
}
