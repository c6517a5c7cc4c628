package org.cmpnas.views.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.eval.DemoHit;
import org.cmpnas.engine.eval.DemoRow;
import org.cmpnas.engine.eval.DemoSearch;
import org.cmpnas.engine.eval.DemoStore;
import org.cmpnas.engine.eval.RetrievalDemo;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.views.TestRuns;
import org.cmpnas.views.common.AppState;
import org.cmpnas.views.common.GalleryModel;
import org.cmpnas.views.common.RunCatalog;
import org.cmpnas.views.common.SameThreadLane;
import org.cmpnas.views.retrieval.RetrievalViewModel.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's ViewModel without a window: background work runs on the calling thread. */
class RetrievalViewModelTest {
    @TempDir
    Path dir;

    private final List<String> opened = new ArrayList<>();

    private RetrievalViewModel viewModel(AppState state, DemoLoader loader) {
        RunCatalog catalog = new RunCatalog(state, new SameThreadLane());
        RetrievalViewModel vm = new RetrievalViewModel(state, catalog, new SameThreadLane(), new SameThreadLane(),
                (store, q, g, listener, token) -> {
                    opened.add(store.load(q).name());
                    return loader.open(store, q, g, listener, token);
                });
        catalog.refresh();
        return vm;
    }

    private static DemoLoader real(DemoStore fixture) {
        return (store, q, g, listener, token) -> RetrievalDemo.open(store, q, g, name -> fixture.data, listener, token);
    }

    @Test
    void withoutAGalleryModelThePaneSaysToPickOneInModels() {
        RunStore store = new RunStore(dir);
        TestRuns.finished(store, "paragon", "resnet-g", 88.5);
        RetrievalViewModel vm = viewModel(new AppState(store), real(DemoStore.get()));
        vm.setActive(true);
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.NO_GALLERY);
        assertThat(vm.messageProperty().get()).contains("No gallery model chosen").contains("Pick one in Models");
        assertThat(vm.shownProperty().get()).isNull();
        assertThat(opened).isEmpty();
    }

    @Test
    void withoutAnotherModelThePaneSaysThereIsNoQueryModel() {
        RunStore store = new RunStore(dir);
        RunRecord paragon = TestRuns.finished(store, "paragon", "resnet-g", 88.5);
        TestRuns.failed(store, "diverged", "resnet-q", "loss became NaN");
        AppState state = new AppState(store);
        RetrievalViewModel vm = viewModel(state, real(DemoStore.get()));
        state.galleryModelProperty().set(GalleryModel.of(paragon));
        vm.setActive(true);
        assertThat(vm.choices()).isEmpty(); // the gallery model itself and a failed run are no query models
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.NO_QUERY_MODEL);
        assertThat(vm.messageProperty().get()).contains("No query model").contains("Jobs");
    }

    @Test
    void theDefaultIsTheCheapestModelEvaluatedAgainstTheGalleryAndAnAskedForModelWins() {
        RunStore store = new RunStore(dir);
        RunRecord paragon = TestRuns.finished(store, "paragon", "resnet-g", 88.5);
        RunRecord plain = TestRuns.finished(store, "plain", "resnet-q", 80);
        RunRecord weaker = TestRuns.finished(store, "weaker", "resnet-q", 80);
        RunRecord better = TestRuns.finished(store, "better", "resnet-q", 80);
        RunRecord tiny = TestRuns.finished(store, "tiny", DemoStore.TINY, 70);
        evaluated(store, weaker, paragon, 70);
        evaluated(store, better, paragon, 75);
        evaluated(store, tiny, tiny, 60); // only alone: not evaluated against the gallery model
        AppState state = new AppState(store);
        RetrievalViewModel vm = viewModel(state, real(DemoStore.get())); // not active: opens nothing
        state.galleryModelProperty().set(GalleryModel.of(paragon));

        assertThat(vm.choices()).extracting(QueryModelChoice::name).containsExactly("tiny", "better", "plain", "weaker");
        assertThat(vm.selectedProperty().get().name()).isEqualTo("better");
        assertThat(vm.selectedProperty().get().label()).isEqualTo("better · 2.37M MACs · M(Q,G) mAP 75.00");
        assertThat(vm.choices().get(0).mapAlone()).isEqualTo(60);
        assertThat(vm.choices().get(0).label()).endsWith("not evaluated with G");
        assertThat(state.demoQueryRunProperty().get()).as("a default is not a request").isNull();

        state.demoQueryRunProperty().set(plain.id()); // "open in retrieval demo" in another view
        assertThat(vm.selectedProperty().get().name()).isEqualTo("plain");
        vm.selectedProperty().set(vm.choices().get(0)); // chosen here: the other views see it
        assertThat(state.demoQueryRunProperty().get()).isEqualTo(tiny.id());
        assertThat(opened).isEmpty();
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.LOADING);
    }

    @Test
    void stepsThroughTheQuerySetWithThreeRowsOfTopK() throws Exception {
        DemoStore fixture = DemoStore.get();
        AppState state = new AppState(fixture.store);
        RetrievalViewModel vm = viewModel(state, real(fixture));
        state.galleryModelProperty().set(GalleryModel.of(fixture.store.load(fixture.gallery)));
        state.demoQueryRunProperty().set(fixture.compatible);
        List<Double> progress = new ArrayList<>();
        vm.progressProperty().addListener((obs, old, now) -> progress.add(now.doubleValue()));
        assertThat(opened).as("nothing opens before the view is shown").isEmpty();

        vm.setActive(true);
        assertThat(opened).containsExactly("compatible");
        assertThat(progress).contains(0.0, 1.0).isSortedAccordingTo((a, b) -> a < 0 || b < 0 ? 0 : Double.compare(a, b));
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.READY);
        assertThat(vm.busyProperty().get()).isFalse();
        LabeledImages queries = fixture.data.query();
        assertShows(vm, 0, queries.label(0), RetrievalViewModel.DEFAULT_K);
        assertThat(vm.queryCaption()).isEqualTo(fixture.data.classNames().get(queries.label(0)));
        assertThat(vm.queryPosition()).isEqualTo("Query 1 of 1,000");
        List<DemoRow> rows = vm.shownProperty().get().rows();
        assertThat(rows).extracting(vm::rowTitle).containsExactly(
                "Q alone: M(Q,Q) · " + macs(fixture, fixture.compatible) + " MACs",
                "Q with G's gallery: M(Q,G) · " + macs(fixture, fixture.compatible) + " MACs",
                "Paragon: M(G,G) · " + macs(fixture, fixture.gallery) + " MACs");
        assertThat(vm.rowModels(rows.get(1))).isEqualTo("compatible embeds the query, gallery the gallery");
        assertThat(vm.rowScore(rows.get(2))).isEqualTo(rows.get(2).sameClassCount() + " of 5 right");

        vm.next();
        vm.next();
        assertShows(vm, 2, queries.label(2), 5);
        vm.previous();
        assertShows(vm, 1, queries.label(1), 5);
        vm.kProperty().set(8);
        assertShows(vm, 1, queries.label(1), 8);
        vm.kProperty().set(50);
        assertThat(vm.kProperty().get()).isEqualTo(RetrievalViewModel.MAX_K);
        vm.last();
        vm.step(10);
        assertShows(vm, 999, queries.label(999), RetrievalViewModel.MAX_K);
        vm.first();
        vm.previous();
        assertShows(vm, 0, queries.label(0), RetrievalViewModel.MAX_K);

        Path broken = Files.write(dir.resolve("broken.jpg"), new byte[] {1, 2, 3});
        vm.openImage(broken);
        assertThat(vm.noticeProperty().get()).contains("broken.jpg");
        assertShows(vm, 0, queries.label(0), RetrievalViewModel.MAX_K);

        Path png = dir.resolve("bag.png");
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, 28, 28, Arrays.copyOfRange(queries.pixels(), queries.offsetOf(7), queries.offsetOf(8)));
        ImageIO.write(image, "png", png.toFile());
        vm.openImage(png);
        assertThat(vm.noticeProperty().get()).isNull();
        RetrievalViewModel.Shown outside = vm.shownProperty().get();
        assertThat(outside.query().isOutside()).isTrue();
        assertThat(vm.queryCaption()).isEqualTo("bag.png");
        assertThat(vm.queryPosition()).isEqualTo("Your image · class unknown");
        assertThat(vm.rowScore(outside.rows().get(0))).isEmpty();
        assertThat(outside.rows()).allSatisfy(r -> assertThat(r.hits()).extracting(DemoHit::sameClass).containsOnlyNulls());
        vm.next(); // back to the query set, where it was
        assertShows(vm, 0, queries.label(0), RetrievalViewModel.MAX_K);

        vm.showQuery(7);
        vm.selectedProperty().set(vm.choices().stream().filter(c -> c.runId().equals(fixture.independent)).findFirst().orElseThrow());
        assertThat(opened).containsExactly("compatible", "independent");
        assertShows(vm, 7, queries.label(7), RetrievalViewModel.MAX_K); // the same query, searched by the other model
        assertThat(vm.shownProperty().get().rows().get(0).queryModel()).isEqualTo("independent");

        state.galleryModelProperty().set(null);
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.NO_GALLERY);
        assertThat(vm.shownProperty().get()).isNull();
    }

    @Test
    void aGalleryIndexOfTheGalleryModelIsSearchedAsAFourthRowAndKeptWhenTheQueryModelChanges() {
        DemoStore fixture = DemoStore.get();
        AppState state = new AppState(fixture.store);
        RetrievalViewModel vm = viewModel(state, real(fixture));
        state.galleryModelProperty().set(GalleryModel.of(fixture.store.load(fixture.gallery)));
        state.demoQueryRunProperty().set(fixture.compatible);
        vm.setActive(true);
        Path images = org.cmpnas.engine.index.IndexFixtures.pngFolder(dir.resolve("images"), 60);
        Path index = dir.resolve("images.index");
        new org.cmpnas.engine.index.IndexJob(fixture.store, fixture.gallery, images, index, 25,
                new org.cmpnas.engine.index.LocalShardEmbedder(1), org.cmpnas.engine.index.HnswIndex.Parameters.defaults(),
                java.time.Clock.systemUTC()).run(org.cmpnas.engine.jobs.JobListener.NONE, new org.cmpnas.engine.jobs.CancellationToken());

        vm.openIndex(index);
        assertThat(vm.noticeProperty().get()).isNull();
        assertThat(vm.indexNameProperty().get()).isEqualTo("images.index (60 images)");
        DemoRow row = vm.shownProperty().get().rows().get(3);
        assertThat(row.search()).isEqualTo(DemoSearch.INDEX);
        assertThat(row.hits()).hasSize(RetrievalViewModel.DEFAULT_K).allSatisfy(h -> {
            assertThat(h.source()).matches("(shoes|bags/large)/img-\\d{4}\\.png");
            assertThat(h.sameClass()).isNull();
        });
        assertThat(row.pictures().size()).isEqualTo(RetrievalViewModel.DEFAULT_K);
        assertThat(row.pictures().rows()).isEqualTo(fixture.data.query().rows());
        assertThat(vm.rowScore(row)).isEmpty();
        assertThat(vm.rowDetail(row)).contains("images.index (60 images), HNSW").contains("cheaper");

        vm.selectedProperty().set(vm.choices().stream().filter(c -> c.runId().equals(fixture.independent)).findFirst().orElseThrow());
        assertThat(vm.shownProperty().get().rows()).hasSize(4);
        assertThat(vm.shownProperty().get().rows().get(3).queryModel()).isEqualTo("independent");

        vm.closeIndex();
        assertThat(vm.indexNameProperty().get()).isNull();
        assertThat(vm.shownProperty().get().rows()).hasSize(3);

        Path other = dir.resolve("other.index");
        new org.cmpnas.engine.index.IndexJob(fixture.store, fixture.compatible, images, other, 25,
                new org.cmpnas.engine.index.LocalShardEmbedder(1), org.cmpnas.engine.index.HnswIndex.Parameters.defaults(),
                java.time.Clock.systemUTC()).run(org.cmpnas.engine.jobs.JobListener.NONE, new org.cmpnas.engine.jobs.CancellationToken());
        vm.openIndex(other);
        assertThat(vm.noticeProperty().get()).contains("was embedded by gallery model " + fixture.compatible).contains("use that one");
        assertThat(vm.indexNameProperty().get()).isNull();
        assertThat(vm.shownProperty().get().rows()).hasSize(3);
    }

    @Test
    void aFailedOpeningIsShownAndRetriedOnlyWhenTheStoreIsReadAgain() {
        DemoStore fixture = DemoStore.get();
        AppState state = new AppState(fixture.store);
        RunCatalog catalog = new RunCatalog(state, new SameThreadLane());
        RetrievalViewModel vm = new RetrievalViewModel(state, catalog, new SameThreadLane(), new SameThreadLane(),
                (store, q, g, listener, token) -> {
                    opened.add(q);
                    throw new BadInputException("weights of " + q + " cannot be loaded");
                });
        catalog.refresh();
        state.galleryModelProperty().set(GalleryModel.of(fixture.store.load(fixture.gallery)));
        vm.setActive(true);
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.FAILED);
        assertThat(vm.messageProperty().get()).startsWith("Cannot open the demo of").contains("cannot be loaded");
        vm.setActive(false);
        vm.setActive(true);
        assertThat(opened).hasSize(1);
        catalog.refresh();
        assertThat(opened).hasSize(2);
    }

    private static void assertShows(RetrievalViewModel vm, int index, int label, int k) {
        RetrievalViewModel.Shown shown = vm.shownProperty().get();
        assertThat(shown.query().index()).isEqualTo(index);
        assertThat(shown.query().label()).isEqualTo(label);
        assertThat(shown.rows()).extracting(DemoRow::search).containsExactly(DemoSearch.QUERY_ALONE, DemoSearch.CROSS_MODEL, DemoSearch.PARAGON);
        for (DemoRow row : shown.rows()) {
            assertThat(row.hits()).hasSize(k);
            assertThat(row.hits()).extracting(DemoHit::similarity).isSortedAccordingTo((a, b) -> Float.compare(b, a));
            assertThat(row.hits()).allSatisfy(h -> assertThat(h.sameClass()).isEqualTo(h.label() == label));
        }
    }

    private static String macs(DemoStore fixture, String run) {
        return org.cmpnas.views.common.Formats.count(fixture.store.load(run).macs());
    }

    private static void evaluated(RunStore store, RunRecord query, RunRecord gallery, double mAP) {
        store.putEvaluation(new Evaluation(query.id(), gallery.id(), Provenance.PROTOCOL_VERSION, "fashion-mnist", mAP + 5,
                mAP + 10, mAP, 40, 20, query.macs(), gallery.macs(), (double) gallery.macs() / query.macs(), 1000, 9000,
                Instant.now()));
    }
}
