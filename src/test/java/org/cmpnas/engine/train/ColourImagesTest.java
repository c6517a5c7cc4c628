package org.cmpnas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.data.HueFolder;
import org.cmpnas.engine.data.ImageOptions;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.Evaluator;
import org.cmpnas.engine.eval.RetrievalMetrics;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Colour image folders end to end: loading, statistics, training, and models of different input sizes evaluated together. */
class ColourImagesTest {
    private static final int CLASSES = 10;

    @TempDir
    static Path tmp;
    /** Ten classes that differ only in hue, 16 x 16 pixels. */
    static Path hue;

    @BeforeAll
    static void folders() throws IOException {
        hue = HueFolder.write(tmp.resolve("hue"), CLASSES, 24, 6, 10, 16, 1);
    }

    static TrainConfig config(String name, Path data, ImageOptions images, int epochs) {
        return TrainConfig.of("resnet-q", data.toString()).withName(name).withSchedule(Schedule.DEFAULT.withEpochs(epochs).withBatch(16))
                .withData(DataSpec.all(data.toString(), images));
    }

    @Test
    void colourImagesKeepTheirChannelsThroughLoadingNormalisationAndTheForward() throws IOException {
        DataSplits colour = Datasets.load(hue.toString(), new ImageOptions(16, false));
        assertThat(colour.channels()).isEqualTo(3);
        assertThat(colour.train().imageSize()).isEqualTo(3 * 16 * 16);
        // the statistics, by hand from the files: the mean of each channel over every training pixel
        double[] sum = new double[3];
        double[] squares = new double[3];
        long pixels = 0;
        try (Stream<Path> files = Files.walk(hue.resolve("train"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".png")).toList()) {
                BufferedImage image = ImageIO.read(file.toFile());
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        int rgb = image.getRGB(x, y);
                        for (int c = 0; c < 3; c++) {
                            double v = (rgb >> (16 - 8 * c) & 0xFF) / 255.0;
                            sum[c] += v;
                            squares[c] += v * v;
                        }
                        pixels++;
                    }
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            double mean = sum[c] / pixels;
            assertThat((double) colour.normalization().mean(c)).as("mean of channel %d", c).isCloseTo(mean, within(1e-4));
            assertThat((double) colour.normalization().std(c)).isCloseTo(Math.sqrt(squares[c] / pixels - mean * mean), within(1e-4));
        }
        // a batch is (n, 3, 16, 16), each plane normalised by its own channel's statistics
        try (BatchSource batches = BatchSource.inOrder(colour.train(), 4)) {
            BatchSource.Batch batch = batches.next();
            assertThat(batch.data()).hasSize(4 * 3 * 256);
            for (int c = 0; c < 3; c++) {
                int level = colour.train().pixel(0, c * 256);
                assertThat(batch.data()[c * 256]).isEqualTo((level / 255f - colour.normalization().mean(c)) / colour.normalization().std(c));
            }
        }
        DataSplits grey = Datasets.load(hue.toString(), new ImageOptions(16, true));
        assertThat(grey.channels()).isEqualTo(1);
        int r = colour.train().pixel(0, 0);
        int g = colour.train().pixel(0, 256);
        int b = colour.train().pixel(0, 512);
        assertThat(grey.train().pixel(0, 0)).isEqualTo(HueFolder.luma(r, g, b));
    }

    @Test
    void aGreyPipelineScoresAtChanceOnHueAndAColourPipelineDoesNot() {
        RunStore store = new RunStore(tmp.resolve("hue-store"));
        TrainingJob job = new TrainingJob(store, JobListener.NONE, new CancellationToken());
        RunRecord colour = store.load(job.start(config("colour", hue, new ImageOptions(16, false), 6)));
        RunRecord grey = store.load(job.start(config("grey", hue, new ImageOptions(16, true), 6)));
        assertThat(colour.arch()).isEqualTo("resnet-q@3x16");
        assertThat(grey.arch()).isEqualTo("resnet-q@1x16");
        System.out.printf("hue classes, val accuracy: colour %.1f%%, grey %.1f%% (chance 10%%)%n",
                colour.metrics().get("val.acc"), grey.metrics().get("val.acc"));
        assertThat(colour.metrics().get("val.acc")).isGreaterThan(60.0);
        assertThat(grey.metrics().get("val.acc")).isLessThan(30.0);
    }

    @Test
    void aQueryModelAt32PixelsEvaluatesAgainstAGalleryAt64() throws IOException {
        Path folder = HueFolder.write(tmp.resolve("hue64"), CLASSES, 8, 3, 6, 64, 2);
        RunStore store = new RunStore(tmp.resolve("sizes-store"));
        TrainingJob job = new TrainingJob(store, JobListener.NONE, new CancellationToken());
        String gallery = job.start(config("gallery", folder, new ImageOptions(64, false), 1));
        String query = job.start(config("query", folder, new ImageOptions(32, false), 1));
        assertThat(store.load(gallery).arch()).isEqualTo("resnet-q@3x64");
        assertThat(store.load(query).arch()).isEqualTo("resnet-q@3x32");
        try (NDManager manager = NDManager.newBaseManager()) {
            Evaluation e = new Evaluator(store, manager).evaluate(query, gallery);
            // by hand: each model embeds the folder read at its own size, and the metrics come from those
            DataSplits at64 = Datasets.load(folder.toString(), new ImageOptions(64, false));
            DataSplits at32 = Datasets.load(folder.toString(), new ImageOptions(32, false));
            Embeddings q;
            Embeddings g;
            try (LoadedModel queryModel = ModelFiles.open(store.dir(query).resolve("weights"), manager);
                 LoadedModel galleryModel = ModelFiles.open(store.dir(gallery).resolve("weights"), manager)) {
                q = new Embedder(queryModel.block(), manager).embed(at32.query());
                g = new Embedder(galleryModel.block(), manager).embed(at64.gallery());
            }
            RetrievalMetrics m = RetrievalMetrics.compute(q, at32.query().labels(), g, at64.gallery().labels(), manager);
            assertThat(e.mAP()).isCloseTo(m.mAP(), within(1e-9));
            assertThat(e.top1()).isCloseTo(m.top1(), within(1e-9));
            // the stem strides a 64 px input down to 32 px: both cost what the 32 px model does
            assertThat(e.queryMacs()).isEqualTo(e.galleryMacs()).isEqualTo(3_239_936L);
        }
    }

    @Test
    void aModelIsFedOnlyImagesOfItsChannelsAndAnArchitectureThatNamesAnotherInputIsRefused() {
        RunStore store = new RunStore(tmp.resolve("refusals"));
        TrainingJob job = new TrainingJob(store, JobListener.NONE, new CancellationToken());
        TrainConfig named = TrainConfig.of("resnet-q@3x32", hue.toString()).withName("x").withSchedule(Schedule.DEFAULT.withEpochs(1).withBatch(16))
                .withData(DataSpec.all(hue.toString(), new ImageOptions(16, false)));
        assertThatThrownBy(() -> job.start(named)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("resnet-q@3x32 takes 3x32").hasMessageContaining("3x16");
        String grey = job.start(config("grey", hue, new ImageOptions(16, true), 1));
        try (NDManager manager = NDManager.newBaseManager();
             LoadedModel model = ModelFiles.open(store.dir(grey).resolve("weights"), manager)) {
            DataSplits colour = Datasets.load(hue.toString(), new ImageOptions(16, false));
            assertThatThrownBy(() -> new Embedder(model, manager).embed(colour.query())).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("takes 1x16").hasMessageContaining("3 channel");
        }
        for (int size : List.of(0, 100_000)) {
            assertThatThrownBy(() -> new ImageOptions(size, false)).isInstanceOf(BadInputException.class)
                    .hasMessage("--image-size must be between 8 and 512 pixels, got " + size);
        }
        assertThatThrownBy(() -> Datasets.load(TrainConfig.FASHION_MNIST, new ImageOptions(64, false)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--image-size applies to image folders");
    }
}
