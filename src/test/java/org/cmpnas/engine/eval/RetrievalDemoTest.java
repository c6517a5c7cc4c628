package org.cmpnas.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.FashionMnist;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's three top-k rows against a brute-force ranking of freshly computed embeddings. */
class RetrievalDemoTest {
    private final DemoStore fixture = DemoStore.get();

    @TempDir
    Path dir;

    private RetrievalDemo open(String query, String gallery) {
        return RetrievalDemo.open(fixture.store, query, gallery, name -> fixture.data, JobListener.NONE, new CancellationToken());
    }

    @Test
    void threeRowsAreTheBruteForceTopKOfEachSearch() {
        float[][] qQuery = embed(fixture.compatible, fixture.data.query());
        float[][] qGallery = embed(fixture.compatible, fixture.data.gallery());
        float[][] gQuery = embed(fixture.gallery, fixture.data.query());
        float[][] gGallery = embed(fixture.gallery, fixture.data.gallery());
        int[] galleryLabels = fixture.data.gallery().labels();
        List<String> stages = new ArrayList<>();
        JobListener listener = new JobListener() {
            @Override
            public void progress(long done, long total, String status) {
                stages.add(done + "/" + total + " " + status);
            }
        };
        try (RetrievalDemo demo = RetrievalDemo.open(fixture.store, fixture.compatible, fixture.gallery,
                name -> fixture.data, listener, new CancellationToken())) {
            assertThat(stages).first().asString().startsWith("0/6 reading fashion-mnist");
            assertThat(stages).last().isEqualTo("6/6 ready");
            assertThat(stages).contains("5/6 embedding the gallery (9,000 images) with gallery");
            assertThat(demo.queries().size()).isEqualTo(1000);
            assertThat(demo.gallery().size()).isEqualTo(9000);
            assertThat(demo.classNames()).isEqualTo(FashionMnist.CLASS_NAMES);

            for (int index : new int[] {0, 1, 317, 999}) {
                DemoQuery query = demo.query(index);
                assertThat(query.label()).isEqualTo(fixture.data.query().label(index));
                List<DemoRow> rows = demo.search(query, 7);
                assertThat(rows).extracting(DemoRow::search)
                        .containsExactly(DemoSearch.QUERY_ALONE, DemoSearch.CROSS_MODEL, DemoSearch.PARAGON);
                expectTopK(rows.get(0), qQuery[index], qGallery, galleryLabels, query.label());
                expectTopK(rows.get(1), qQuery[index], gGallery, galleryLabels, query.label());
                expectTopK(rows.get(2), gQuery[index], gGallery, galleryLabels, query.label());
            }
            DemoRow paragon = demo.search(demo.query(5), 3).get(2);
            assertThat(paragon.queryMacs()).isEqualTo(fixture.store.load(fixture.gallery).macs());
            assertThat(demo.search(demo.query(5), 3).get(1).queryMacs()).isEqualTo(fixture.store.load(fixture.compatible).macs());
        }
    }

    /** The row is the first k of the reference ranking, with its similarities and class checks. */
    private static void expectTopK(DemoRow row, float[] query, float[][] gallery, int[] labels, int queryLabel) {
        List<Integer> ranking = BruteForce.ranking(new float[][] {query}, gallery, 0);
        assertThat(row.hits()).extracting(DemoHit::galleryIndex).containsExactlyElementsOf(ranking.subList(0, 7));
        for (DemoHit hit : row.hits()) {
            assertThat((double) hit.similarity()).isCloseTo(BruteForce.dot(query, gallery[hit.galleryIndex()]),
                    org.assertj.core.api.Assertions.within(1e-5));
            assertThat(hit.label()).isEqualTo(labels[hit.galleryIndex()]);
            assertThat(hit.sameClass()).isEqualTo(labels[hit.galleryIndex()] == queryLabel);
        }
        assertThat(row.sameClassCount()).isEqualTo((int) row.hits().stream().filter(h -> h.label() == queryLabel).count());
    }

    @Test
    void anOutsideImageIsEmbeddedByBothModelsAndHasNoKnownClass() throws Exception {
        LabeledImages queries = fixture.data.query();
        BufferedImage png = new BufferedImage(queries.cols(), queries.rows(), BufferedImage.TYPE_BYTE_GRAY);
        png.getRaster().setDataElements(0, 0, queries.cols(), queries.rows(), java.util.Arrays.copyOfRange(
                queries.pixels(), queries.offsetOf(42), queries.offsetOf(43)));
        Path file = dir.resolve("shoe.png");
        ImageIO.write(png, "png", file.toFile());
        try (RetrievalDemo demo = open(fixture.compatible, fixture.gallery)) {
            DemoQuery outside = demo.embed(file);
            DemoQuery known = demo.query(42);
            assertThat(outside.isOutside()).isTrue();
            assertThat(outside.source()).isEqualTo("shoe.png");
            assertThat(outside.pixels()).isEqualTo(known.pixels());
            for (int d = 0; d < known.byQueryModel().length; d++) {
                assertThat(outside.byQueryModel()[d]).isCloseTo(known.byQueryModel()[d], org.assertj.core.api.Assertions.within(1e-4f));
                assertThat(outside.byGalleryModel()[d]).isCloseTo(known.byGalleryModel()[d], org.assertj.core.api.Assertions.within(1e-4f));
            }
            List<DemoRow> rows = demo.search(outside, 5);
            assertThat(rows.get(2).hits()).extracting(DemoHit::galleryIndex)
                    .containsExactlyElementsOf(demo.search(known, 5).get(2).hits().stream().map(DemoHit::galleryIndex).toList());
            assertThat(rows).allSatisfy(r -> assertThat(r.hits()).allSatisfy(h -> assertThat(h.sameClass()).isNull()));

            Path broken = dir.resolve("broken.png");
            Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
            assertThatThrownBy(() -> demo.embed(broken)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("broken.png").hasMessageContaining("cannot read image");
            Path text = Files.writeString(dir.resolve("notes.txt"), "not an image");
            assertThatThrownBy(() -> demo.embed(text)).isInstanceOf(BadInputException.class).hasMessageContaining("notes.txt");
        }
    }

    @Test
    void embeddingsComeFromTheRunCacheOnceComputed() throws Exception {
        try (RetrievalDemo demo = open(fixture.independent, fixture.gallery)) {
            assertThat(demo.search(demo.query(0), 1).get(0).hits()).hasSize(1);
        }
        Path cache = fixture.store.dir(fixture.independent).resolve("cache");
        List<Path> files;
        try (Stream<Path> list = Files.list(cache)) {
            files = list.filter(p -> p.getFileName().toString().matches("(query|gallery)-[0-9]+-p1-.*\\.emb")).sorted().toList();
        }
        assertThat(files).hasSize(2);
        FileTime before = Files.getLastModifiedTime(files.get(0));
        Thread.sleep(20);
        try (RetrievalDemo demo = open(fixture.independent, fixture.gallery)) {
            assertThat(demo.queryRun().id()).isEqualTo(fixture.independent);
        }
        assertThat(Files.getLastModifiedTime(files.get(0))).as("cache reused, not rewritten").isEqualTo(before);
    }

    @Test
    void anImportedTorchScriptGalleryServesAsG() throws Exception {
        RunStore store = new RunStore(dir.resolve("runs"));
        copyRun(fixture.store.dir(fixture.compatible), store.root().resolve(fixture.compatible));
        String imported = new org.cmpnas.engine.model.GalleryImport(store).run(new org.cmpnas.engine.model.GalleryImport.Request(
                Path.of(getClass().getResource("/torchscript/tiny.pt").toURI()), null, "traced", null, null));
        try (RetrievalDemo demo = RetrievalDemo.open(store, fixture.compatible, imported, name -> fixture.data,
                JobListener.NONE, new CancellationToken())) {
            List<DemoRow> rows = demo.search(demo.query(3), 4);
            assertThat(rows.get(2).galleryModel()).isEqualTo("traced");
            assertThat(rows.get(2).queryMacs()).isEqualTo(store.load(imported).macs());
            float[][] gGallery = embed(store, imported, fixture.data.gallery());
            float[][] gQuery = embed(store, imported, fixture.data.query());
            List<Integer> ranking = BruteForce.ranking(new float[][] {gQuery[3]}, gGallery, 0);
            assertThat(rows.get(2).hits()).extracting(DemoHit::galleryIndex).containsExactlyElementsOf(ranking.subList(0, 4));
            assertThat(demo.embed(demo.query(3).pixels(), "again").byGalleryModel()).containsExactly(gQuery[3],
                    org.assertj.core.api.Assertions.within(1e-5f));
        }
    }

    private static void copyRun(Path from, Path to) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(p -> !p.toString().contains("/cache")).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    @Test
    void anUnfinishedRunIsRefusedByName() {
        RunStore store = fixture.store;
        String failed = store.create("half-trained", org.cmpnas.engine.store.RunKind.gallery, "resnet-q", 1, 1,
                store.load(fixture.gallery).config(), store.load(fixture.gallery).provenance()).id();
        try {
            assertThatThrownBy(() -> open(failed, fixture.gallery)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("half-trained").hasMessageContaining("not finished");
        } finally {
            store.delete(failed);
        }
    }

    private float[][] embed(String run, LabeledImages images) {
        return embed(fixture.store, run, images);
    }

    private static float[][] embed(RunStore store, String run, LabeledImages images) {
        try (NDManager manager = NDManager.newBaseManager();
             LoadedModel model = ModelFiles.open(store.dir(run).resolve("weights"), manager)) {
            Embeddings e = new Embedder(model.block(), manager).embed(images);
            float[][] rows = new float[e.count()][];
            for (int i = 0; i < e.count(); i++) {
                rows[i] = e.row(i);
            }
            return rows;
        }
    }
}
