package org.cmpnas.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.cmpnas.engine.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {

    @TempDir
    Path root;

    /** A grey PNG of constant value {@code v}. */
    static Path grey(Path file, int w, int h, int v) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, v);
            }
        }
        return write(img, file);
    }

    /** A colour image of constant RGB. */
    static Path rgb(Path file, int w, int h, int r, int g, int b) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return write(img, file);
    }

    private static Path write(BufferedImage img, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString();
        String format = name.endsWith(".png") ? "png" : "jpg";
        if (format.equals("jpg") && img.getType() == BufferedImage.TYPE_INT_RGB) {
            BufferedImage bgr = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            bgr.getGraphics().drawImage(img, 0, 0, null);
            img = bgr;
        }
        assertThat(ImageIO.write(img, format, file.toFile())).isTrue();
        return file;
    }

    /** train: cat (2 grey PNG), dog (1 RGB PNG); val: cat, dog; test: 11 images of cat/dog/fox. */
    private void standardLayout() throws IOException {
        grey(root.resolve("train/cat/b.png"), 4, 3, 10);
        grey(root.resolve("train/cat/a.png"), 4, 3, 20);
        rgb(root.resolve("train/dog/x.png"), 4, 3, 255, 0, 0);
        Files.writeString(root.resolve("train/cat/notes.txt"), "not an image");
        Files.writeString(root.resolve("train/cat/.DS_Store"), "junk");
        Files.writeString(root.resolve("train/README.md"), "stray file beside class folders");
        Files.createDirectories(root.resolve("train/.hidden-class"));
        grey(root.resolve("val/dog/v1.png"), 4, 3, 30);
        grey(root.resolve("val/cat/v2.png"), 4, 3, 40);
        for (int i = 0; i < 5; i++) {
            grey(root.resolve("test/cat/t" + i + ".png"), 4, 3, 100 + i);
            grey(root.resolve("test/fox/t" + i + ".png"), 4, 3, 150 + i);
        }
        rgb(root.resolve("test/dog/q.jpg"), 4, 3, 0, 0, 255);
    }

    @Test
    void readsTestLayoutWithSortedOrderOpenSetClassesAndLuma() throws IOException {
        standardLayout();
        DataSplits d = ImageFolderReader.load(root, ImageFolderOptions.exactly(3, 4));

        assertThat(d.name()).isEqualTo(root.getFileName().toString());
        assertThat(d.classNames()).containsExactly("cat", "dog", "fox"); // fox only in test: after train classes
        assertThat(d.numTrainClasses()).isEqualTo(2);
        assertThat(d.train().size()).isEqualTo(3);
        // sorted file names: a.png (20) before b.png (10); then dog: red -> luma 0.299 * 255 = 76
        assertThat(DataSplitsTest.firstPixels(d.train())).containsExactly(20, 10, 76);
        assertThat(d.train().labels()).containsExactly(0, 0, 1);
        assertThat(d.val().labels()).containsExactly(0, 1); // cat before dog
        // test order: cat t0..t4, dog q.jpg, fox t0..t4 -> indices 0 and 10 are queries
        assertThat(d.query().size()).isEqualTo(2);
        assertThat(DataSplitsTest.firstPixels(d.query())).containsExactly(100, 154);
        assertThat(d.query().labels()).containsExactly(0, 2);
        assertThat(d.gallery().size()).isEqualTo(9);
        assertThat(d.gallery().label(4)).isEqualTo(1);
        assertThat(d.gallery().pixel(4, 0)).isBetween(24, 34); // blue: luma 0.114 * 255 = 29, give or take JPEG loss
        assertThat(d.nasQuery().size()).isEqualTo(1);
        assertThat(d.nasGallery().size()).isEqualTo(1);
        assertThat(d.checksum()).hasSize(64);
    }

    @Test
    void checksumChangesWithContentAndNames() throws IOException {
        standardLayout();
        String before = ImageFolderReader.load(root, 3, 4).checksum();
        assertThat(ImageFolderReader.load(root, 3, 4).checksum()).isEqualTo(before);
        Files.move(root.resolve("train/cat/a.png"), root.resolve("train/cat/c.png"));
        assertThat(ImageFolderReader.load(root, 3, 4).checksum()).isNotEqualTo(before);
    }

    @Test
    void readsExplicitQueryAndGallery() throws IOException {
        grey(root.resolve("train/a/1.png"), 5, 5, 1);
        grey(root.resolve("val/a/1.png"), 5, 5, 2);
        grey(root.resolve("query/z/1.png"), 5, 5, 3);
        grey(root.resolve("gallery/z/1.png"), 5, 5, 4);
        grey(root.resolve("gallery/y/1.jpeg"), 5, 5, 200);
        DataSplits d = ImageFolderReader.load(root, ImageFolderOptions.asFound());
        assertThat(d.classNames()).containsExactly("a", "y", "z");
        assertThat(d.query().labels()).containsExactly(2);
        assertThat(d.gallery().labels()).containsExactly(1, 2);
        assertThat(d.gallery().pixel(0, 12)).isBetween(195, 205);
        assertThat(d.gallery().pixel(1, 0)).isEqualTo(4);
    }

    @Test
    void resizesEverythingWhenAsked() throws IOException {
        grey(root.resolve("train/a/big.png"), 56, 56, 90);
        rgb(root.resolve("train/a/wide.png"), 40, 20, 90, 90, 90);
        grey(root.resolve("val/a/small.png"), 14, 14, 90);
        grey(root.resolve("test/a/exact.png"), 28, 28, 90);
        DataSplits d = ImageFolderReader.load(root, 28, 28);
        assertThat(d.rows()).isEqualTo(28);
        assertThat(d.cols()).isEqualTo(28);
        for (LabeledImages split : new LabeledImages[] {d.train(), d.val(), d.query()}) {
            for (byte b : split.pixels()) {
                assertThat(b & 0xFF).isEqualTo(90); // constant images stay constant through resizing
            }
        }
    }

    @Test
    void differentSizeIsAnErrorNamingFileAndBothSizes() throws IOException {
        grey(root.resolve("train/a/1.png"), 8, 6, 1);
        grey(root.resolve("train/a/2.png"), 8, 6, 1);
        grey(root.resolve("val/a/odd.png"), 7, 6, 1);
        grey(root.resolve("test/a/1.png"), 8, 6, 1);
        assertThatThrownBy(() -> ImageFolderReader.load(root, ImageFolderOptions.asFound()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("odd.png")
                .hasMessageContaining("7x6")
                .hasMessageContaining("8x6");
        assertThatThrownBy(() -> ImageFolderReader.load(root, ImageFolderOptions.exactly(28, 28)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("1.png")
                .hasMessageContaining("28x28");
        assertThat(ImageFolderReader.load(root, 6, 8).val().size()).isEqualTo(1);
    }

    @Test
    void corruptImageIsNamed() throws IOException {
        standardLayout();
        Files.write(root.resolve("val/cat/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        assertThatThrownBy(() -> ImageFolderReader.load(root, 3, 4))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("broken.png");
        Files.delete(root.resolve("val/cat/broken.png"));
        Files.writeString(root.resolve("test/cat/text.jpg"), "this is text, not a jpeg");
        assertThatThrownBy(() -> ImageFolderReader.load(root, 3, 4))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("text.jpg");
    }

    @Test
    void emptyClassFolderIsNamed() throws IOException {
        standardLayout();
        Files.createDirectories(root.resolve("test/empty-class"));
        Files.writeString(root.resolve("test/empty-class/readme.txt"), "no images here");
        assertThatThrownBy(() -> ImageFolderReader.load(root, 3, 4))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("empty-class")
                .hasMessageContaining("no images");
    }

    @Test
    void missingRootOrSplitSaysWhatIsExpected() throws IOException {
        assertThatThrownBy(() -> ImageFolderReader.load(root.resolve("nowhere"), 28, 28))
                .isInstanceOf(BadInputException.class).hasMessageContaining("nowhere");
        grey(root.resolve("train/a/1.png"), 2, 2, 1);
        grey(root.resolve("test/a/1.png"), 2, 2, 1);
        assertThatThrownBy(() -> ImageFolderReader.load(root, 2, 2))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(root.toString())
                .hasMessageContaining("val/")
                .hasMessageContaining("ROOT/query + ROOT/gallery");
        grey(root.resolve("val/a/1.png"), 2, 2, 1);
        grey(root.resolve("query/a/1.png"), 2, 2, 1);
        assertThatThrownBy(() -> ImageFolderReader.load(root, 2, 2))
                .isInstanceOf(BadInputException.class).hasMessageContaining("both test/ and query/");
        deleteTree(root.resolve("test"));
        assertThatThrownBy(() -> ImageFolderReader.load(root, 2, 2))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no gallery/ folder");
    }

    @Test
    void splitWithoutClassFoldersIsExplained() throws IOException {
        grey(root.resolve("train/1.png"), 2, 2, 1);
        grey(root.resolve("val/a/1.png"), 2, 2, 1);
        grey(root.resolve("test/a/1.png"), 2, 2, 1);
        assertThatThrownBy(() -> ImageFolderReader.load(root, 2, 2))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("train")
                .hasMessageContaining("no class folders");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aFolderKeepsColourUnlessEveryImageIsGreyOrGreyIsAsked() throws IOException {
        for (String split : new String[] {"train", "val", "test"}) {
            grey(root.resolve(split + "/a/1.png"), 12, 9, 40);
            rgb(root.resolve(split + "/b/1.png"), 9, 12, 90, 90, 90); // stored as colour, but grey
        }
        assertThat(ImageFolderReader.load(root, ImageFolderOptions.square(8, false)).channels()).as("all grey").isEqualTo(1);
        rgb(root.resolve("train/b/2.png"), 16, 16, 200, 30, 10);
        DataSplits colour = ImageFolderReader.load(root, ImageFolderOptions.square(8, false));
        assertThat(colour.channels()).isEqualTo(3);
        assertThat(colour.rows()).isEqualTo(8);
        assertThat(colour.train().imageSize()).isEqualTo(3 * 8 * 8);
        assertThat(colour.normalization().channels()).isEqualTo(3);
        assertThat(colour.query().channels()).as("every split alike").isEqualTo(3);
        assertThat(ImageFolderReader.load(root, ImageFolderOptions.square(8, true)).channels()).as("grey asked for").isEqualTo(1);
    }
}
