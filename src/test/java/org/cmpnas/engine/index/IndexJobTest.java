package org.cmpnas.engine.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.ImageFolderOptions;
import org.cmpnas.engine.data.ImageFolderReader;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.data.Normalization;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cmpnas index} and {@code cmpnas query} on the shipped resnet-q and a folder of a few hundred PNGs. */
class IndexJobTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path tmp;
    static RunStore store;
    static Path images;

    @BeforeAll
    static void prepare() {
        store = IndexFixtures.sampleStore(tmp.resolve("store"));
        images = IndexFixtures.pngFolder(tmp.resolve("images"), 300);
    }

    private static IndexJob job(Path out, HnswIndex.Parameters ann) {
        return new IndexJob(store, IndexFixtures.GALLERY, images, out, 64, new LocalShardEmbedder(2), ann, CLOCK);
    }

    @Test
    void indexesEveryImageInPathOrderAsTheEmbedderEmbedsThem() {
        Path out = tmp.resolve("plain");
        job(out, null).run(JobListener.NONE, new CancellationToken());
        GalleryIndex index = GalleryIndex.open(out);
        ImageSource source = ImageSource.of(images);
        assertThat(index.size()).isEqualTo(300);
        assertThat(index.manifest().shards()).hasSize(5);
        assertThat(source.paths()).isSorted().startsWith("bags/large/img-0001.png").endsWith("shoes/img-0298.png");
        assertThat(index.manifest().galleryRun()).isEqualTo(IndexFixtures.GALLERY);
        assertThat(index.manifest().protocol()).isEqualTo(Provenance.PROTOCOL_VERSION);

        // the reference: every image read as the model's training data was, embedded in one pass of the evaluator's embedder
        try (NDManager manager = NDManager.newBaseManager();
             LoadedModel model = ModelFiles.open(store.dir(IndexFixtures.GALLERY).resolve("weights"), manager)) {
            List<byte[]> pixels = new ArrayList<>();
            for (int r = 0; r < source.size(); r++) {
                pixels.add(ImageFolderReader.readImage(source.file(r), ImageFolderOptions.legacy(), 1));
            }
            byte[] all = new byte[300 * 28 * 28];
            for (int r = 0; r < 300; r++) {
                System.arraycopy(pixels.get(r), 0, all, r * 784, 784);
            }
            Embeddings reference = new Embedder(model, manager).embed(new LabeledImages(all, new int[300], 28, 28, List.of("x")));
            for (int r = 0; r < 300; r++) {
                float[] stored = index.shard(r / 64).row(r % 64);
                float[] expected = reference.row(r);
                for (int j = 0; j < expected.length; j++) {
                    assertThat(stored[j]).isCloseTo(expected[j], within(1e-5f));
                }
            }
        }
        assertThat(index.paths(new int[] {0, 299})).containsExactly(source.paths().get(0), source.paths().get(299));
    }

    @Test
    void aStoppedIndexResumesToTheSameShards() throws Exception {
        Path straight = tmp.resolve("straight");
        job(straight, null).run(JobListener.NONE, new CancellationToken());

        Path stopped = tmp.resolve("stopped");
        CancellationToken token = new CancellationToken();
        JobListener stopAfterTwoShards = new JobListener() {
            @Override
            public void progress(long done, long total, String status) {
                if (done >= 128) {
                    token.cancel();
                }
            }
        };
        assertThatThrownBy(() -> job(stopped, null).run(stopAfterTwoShards, token)).isInstanceOf(CancellationToken.CancelledException.class);
        assertThat(GalleryIndex.readManifest(stopped).orElseThrow().complete()).isFalse();
        assertThatThrownBy(() -> GalleryIndex.open(stopped)).hasMessageContaining("not complete");
        long kept = Files.list(stopped.resolve("shards")).filter(p -> p.toString().endsWith(".emb")).count();
        assertThat(kept).isBetween(2L, 4L);

        List<String> logs = new ArrayList<>();
        job(stopped, null).run(new JobListener() {
            @Override
            public void log(String line) {
                logs.add(line);
            }
        }, new CancellationToken());
        assertThat(logs).anyMatch(l -> l.startsWith("resuming: " + kept + " of 5 shards"));
        IndexManifest a = GalleryIndex.open(straight).manifest();
        IndexManifest b = GalleryIndex.open(stopped).manifest();
        assertThat(b.checksum()).isEqualTo(a.checksum());
        for (int s = 0; s < 5; s++) {
            assertThat(Files.readAllBytes(stopped.resolve(b.shards().get(s).embeddings())))
                    .isEqualTo(Files.readAllBytes(straight.resolve(a.shards().get(s).embeddings())));
            assertThat(Files.readString(stopped.resolve(b.shards().get(s).paths()))).isEqualTo(Files.readString(straight.resolve(a.shards().get(s).paths())));
        }
    }

    @Test
    void refusesToMixAnotherGalleryOrListingIntoAnIndex() throws Exception {
        Path out = tmp.resolve("mixed");
        job(out, null).run(JobListener.NONE, new CancellationToken());
        IndexJob otherGallery = new IndexJob(store, "20261126-152110-927d", images, out, 64, new LocalShardEmbedder(2), null, CLOCK);
        assertThatThrownBy(() -> otherGallery.run(JobListener.NONE, new CancellationToken())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("holds a gallery index of another gallery model");
        Path fewer = IndexFixtures.pngFolder(tmp.resolve("fewer"), 10);
        IndexJob otherImages = new IndexJob(store, IndexFixtures.GALLERY, fewer, out, 64, new LocalShardEmbedder(2), null, CLOCK);
        assertThatThrownBy(() -> otherImages.run(JobListener.NONE, new CancellationToken())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("another list of images");
        Path busy = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(busy.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> job(busy, null).run(JobListener.NONE, new CancellationToken())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("other files in it");
    }

    @Test
    void badImagesAndSourcesAreOneLineNamingTheFile() throws Exception {
        Path missing = tmp.resolve("no-such-folder");
        assertThatThrownBy(() -> new IndexJob(store, IndexFixtures.GALLERY, missing, tmp.resolve("o1"), 64, new LocalShardEmbedder(2), null, CLOCK)
                .run(JobListener.NONE, new CancellationToken())).isInstanceOf(BadInputException.class).hasMessageContaining("images not found: " + missing);
        Path broken = IndexFixtures.pngFolder(tmp.resolve("broken"), 20);
        Files.writeString(broken.resolve("shoes/zz-broken.png"), "not a png");
        assertThatThrownBy(() -> new IndexJob(store, IndexFixtures.GALLERY, broken, tmp.resolve("o2"), 8, new LocalShardEmbedder(2), null, CLOCK)
                .run(JobListener.NONE, new CancellationToken())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("zz-broken.png").hasMessageNotContaining("\n");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> ImageSource.of(empty)).isInstanceOf(BadInputException.class).hasMessageContaining("no images in");
        Path list = tmp.resolve("list.txt");
        Files.writeString(list, "# two of them\nimages/shoes/img-0000.png\n\nimages/bags/large/img-0001.png\n");
        assertThat(ImageSource.of(list).paths()).containsExactly("images/shoes/img-0000.png", "images/bags/large/img-0001.png");
        assertThat(ImageSource.of(list).file(1)).isEqualTo(tmp.toAbsolutePath().resolve("images/bags/large/img-0001.png"));
    }

    @Test
    void queryFindsTheIndexedImageAndWarnsWhenCompatibilityIsUnknownOrFailed() throws Exception {
        Path out = tmp.resolve("queried");
        job(out, new HnswIndex.Parameters(16, 100, 2)).run(JobListener.NONE, new CancellationToken());
        GalleryIndex index = GalleryIndex.open(out);
        ImageSource source = ImageSource.of(images);
        List<Path> asked = List.of(source.file(7), source.file(200));
        for (boolean exact : new boolean[] {true, false}) {
            List<IndexQuery.Answer> answers = IndexQuery.run(store, index, IndexFixtures.GALLERY, asked, 5, 100, exact);
            assertThat(answers.get(0).hits().get(0).row()).isEqualTo(7);
            assertThat(answers.get(0).hits().get(0).path()).isEqualTo(source.paths().get(7));
            assertThat(answers.get(0).hits().get(0).file()).isEqualTo(images.toAbsolutePath().resolve(source.paths().get(7)));
            assertThat(answers.get(1).hits().get(0).row()).isEqualTo(200);
            assertThat(answers.get(1).hits().get(0).score()).isCloseTo(1f, within(1e-4f));
            assertThat(answers.get(1).hits()).hasSize(5);
        }
        assertThat(IndexQuery.compatibilityWarning(store, index, IndexFixtures.GALLERY)).isEmpty();
        // as shipped, the bct model searches this gallery model's gallery worse than its own: the criterion fails
        assertThat(IndexQuery.compatibilityWarning(store, index, IndexFixtures.OTHER_QUERY)).get(STRING)
                .contains("M(Q,G) mAP 51.68 is below its M(Q,Q) 83.54").doesNotContain("\n");
        // the other model still answers
        assertThat(IndexQuery.run(store, index, IndexFixtures.OTHER_QUERY, asked, 3, 50, false).get(0).hits()).hasSize(3);

        Files.delete(store.dir(IndexFixtures.OTHER_QUERY).resolve("evaluations.json"));
        assertThat(IndexQuery.compatibilityWarning(store, index, IndexFixtures.OTHER_QUERY)).get(STRING)
                .contains("never evaluated").contains("not compatible as far as the store knows").doesNotContain("\n");
        store.putEvaluation(evaluation(IndexFixtures.OTHER_QUERY, IndexFixtures.GALLERY, 80.0));
        store.putEvaluation(evaluation(IndexFixtures.OTHER_QUERY, IndexFixtures.OTHER_QUERY, 75.0));
        assertThat(IndexQuery.compatibilityWarning(store, index, IndexFixtures.OTHER_QUERY)).isEmpty();
    }

    private static Evaluation evaluation(String query, String gallery, double mAP) {
        return new Evaluation(query, gallery, Provenance.PROTOCOL_VERSION, "fashion-mnist", 80, 90, mAP, 10, 5, 2_368_640, 2_368_640, 1,
                1000, 9000, Instant.parse("2026-12-07T10:00:00Z"));
    }

    @Test
    void legacyGalleryModelsReadImagesAsTheyWereTrained() {
        assertThat(IndexReading.of(org.cmpnas.engine.model.InputShape.GREY_28, Normalization.FASHION_MNIST, null).fit())
                .isEqualTo(ImageFolderOptions.Fit.stretch);
        assertThat(IndexReading.of(new org.cmpnas.engine.model.InputShape(3, 64), Normalization.FASHION_MNIST, null).fit())
                .isEqualTo(ImageFolderOptions.Fit.crop);
    }
}
