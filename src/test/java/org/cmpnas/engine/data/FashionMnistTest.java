package org.cmpnas.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.cmpnas.engine.BadInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    static final Path SAMPLE = Path.of("sample-data", "fashion-mnist");
    private static DataSplits data;
    private static byte[] rawTestLabels;
    private static byte[] rawTestImages;
    private static byte[] rawTrainLabels;

    @BeforeAll
    static void load() throws Exception {
        data = FashionMnist.load(SAMPLE);
        rawTestLabels = gunzip(SAMPLE.resolve("t10k-labels-idx1-ubyte.gz"));
        rawTestImages = gunzip(SAMPLE.resolve("t10k-images-idx3-ubyte.gz"));
        rawTrainLabels = gunzip(SAMPLE.resolve("train-labels-idx1-ubyte.gz"));
    }

    private static byte[] gunzip(Path file) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    @Test
    void splitSizesFollowTheProtocol() {
        assertThat(data.name()).isEqualTo("fashion-mnist");
        assertThat(data.train().size()).isEqualTo(55_000);
        assertThat(data.val().size()).isEqualTo(5_000);
        assertThat(data.query().size()).isEqualTo(1_000);
        assertThat(data.gallery().size()).isEqualTo(9_000);
        assertThat(data.nasQuery().size()).isEqualTo(1_000);
        assertThat(data.nasGallery().size()).isEqualTo(4_000);
        assertThat(data.rows()).isEqualTo(28);
        assertThat(data.cols()).isEqualTo(28);
        assertThat(data.classNames()).hasSize(10).startsWith("T-shirt/top").endsWith("Ankle boot");
        assertThat(data.numTrainClasses()).isEqualTo(10);
    }

    @Test
    void queryIsEveryTenthTestImageReadIndependently() {
        // raw label file: 8-byte header then one byte per image; image file: 16-byte header
        for (int q : new int[] {0, 1, 2, 17, 500, 999}) {
            int testIndex = q * 10;
            assertThat(data.query().label(q)).isEqualTo(rawTestLabels[8 + testIndex] & 0xFF);
            for (int px = 0; px < 784; px += 97) {
                assertThat(data.query().pixel(q, px)).isEqualTo(rawTestImages[16 + testIndex * 784 + px] & 0xFF);
            }
        }
        // gallery = the others, in order: gallery 0..8 are test 1..9, gallery 9 is test 11
        assertThat(data.gallery().label(0)).isEqualTo(rawTestLabels[8 + 1] & 0xFF);
        assertThat(data.gallery().label(8)).isEqualTo(rawTestLabels[8 + 9] & 0xFF);
        assertThat(data.gallery().label(9)).isEqualTo(rawTestLabels[8 + 11] & 0xFF);
        assertThat(data.gallery().label(8999)).isEqualTo(rawTestLabels[8 + 9999] & 0xFF);
    }

    @Test
    void valAndNasSetsComeFromTheEndOfTraining() {
        assertThat(data.train().label(54_999)).isEqualTo(rawTrainLabels[8 + 54_999] & 0xFF);
        assertThat(data.val().label(0)).isEqualTo(rawTrainLabels[8 + 55_000] & 0xFF);
        // NAS query k = val index 5k = training image 55000 + 5k
        for (int k : new int[] {0, 1, 333, 999}) {
            assertThat(data.nasQuery().label(k)).isEqualTo(rawTrainLabels[8 + 55_000 + 5 * k] & 0xFF);
        }
        assertThat(data.nasGallery().label(0)).isEqualTo(rawTrainLabels[8 + 55_001] & 0xFF);
        assertThat(data.nasGallery().label(4)).isEqualTo(rawTrainLabels[8 + 55_006] & 0xFF);
    }

    @Test
    void checksumIsSha256OfTheFourFilesConcatenated() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            md.update(Files.readAllBytes(SAMPLE.resolve(f)));
        }
        assertThat(data.checksum()).isEqualTo(HexFormat.of().formatHex(md.digest())).hasSize(64);
    }

    @Test
    void limitTrainKeepsTheChosenImagesOnly() {
        DataSplits first = data.limitTrain(300, Subset.first, 1);
        assertThat(first.train().size()).isEqualTo(300);
        assertThat(first.train().label(299)).isEqualTo(data.train().label(299));
        assertThat(first.gallery()).isSameAs(data.gallery());
        assertThat(first.checksum()).isEqualTo(data.checksum());
        DataSplits balanced = data.limitTrain(300, Subset.balanced, 1);
        assertThat(balanced.train().size()).isEqualTo(300);
        assertThat(balanced.train().contentHash()).isNotEqualTo(first.train().contentHash());
        assertThat(data.limitTrain(1_000_000, Subset.balanced, 1)).isEqualTo(data);
        assertThatThrownBy(() -> data.limitTrain(0, Subset.balanced, 1)).isInstanceOf(BadInputException.class).hasMessageContaining("--limit");
    }

    @Test
    void locatePrefersExplicitSettingsThenWorkingDirThenCodeFolder(@TempDir Path tmp) throws Exception {
        Path abs = SAMPLE.toAbsolutePath();
        assertThat(FashionMnist.locate(abs.toString(), null, tmp, null, tmp)).isEqualTo(abs);
        assertThat(FashionMnist.locate(null, abs.toString(), tmp, null, tmp)).isEqualTo(abs);
        Path project = abs.getParent().getParent();
        assertThat(FashionMnist.locate(null, null, project, null, tmp)).isEqualTo(abs);
        // run from target/classes or from the jar in target/
        assertThat(FashionMnist.locate(null, null, tmp, project.resolve("target").resolve("classes"), tmp)).isEqualTo(abs);
        assertThat(FashionMnist.locate(null, null, tmp, project.resolve("target"), tmp)).isEqualTo(abs);

        assertThatThrownBy(() -> FashionMnist.locate(tmp.toString(), null, project, null, FashionMnist.DEBIAN))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("cmpnas.data")
                .hasMessageContaining(tmp.toString());
        assertThat(FashionMnist.locate()).satisfies(FashionMnist::isDataFolder);
    }

    @Test
    void locateListsThePlacesTriedWhenNothingIsFound(@TempDir Path tmp) {
        Path system = tmp.resolve("usr-share-datasets");
        assertThatThrownBy(() -> FashionMnist.locate(null, null, tmp, tmp.resolve("lib"), system))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(tmp.resolve("sample-data").toString())
                .hasMessageContaining(tmp.resolve("lib").resolve("sample-data").toString())
                .hasMessageContaining(system.toString())
                .hasMessageContaining("CMPNAS_DATA");
    }

    @Test
    void missingFolderAndMissingFileAreNamed(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> FashionMnist.load(tmp.resolve("absent")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("absent");
        Files.copy(SAMPLE.resolve("train-labels-idx1-ubyte.gz"), tmp.resolve("train-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> FashionMnist.load(tmp))
                .isInstanceOf(BadInputException.class).hasMessageContaining("train-images-idx3-ubyte.gz");
    }
}
