package org.cmpnas.views.pareto;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.cmpnas.engine.pareto.ParetoPoint;
import org.cmpnas.engine.pareto.PointKind;
import org.cmpnas.engine.pareto.RetrievalMetric;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.views.charts.ParetoChart;
import org.cmpnas.views.common.AppState;
import org.cmpnas.views.common.Fact;
import org.cmpnas.views.common.GalleryModel;
import org.cmpnas.views.common.RunCatalog;
import org.cmpnas.views.common.SameThreadLane;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParetoViewModelTest {
    @TempDir
    Path dir;
    private ParetoRuns runs;
    private AppState state;
    private RunCatalog catalog;
    private final AtomicInteger demoShown = new AtomicInteger();
    private ParetoViewModel vm;

    @BeforeEach
    void store() {
        runs = ParetoRuns.typical(dir.resolve("runs"));
        state = new AppState(runs.store);
        catalog = new RunCatalog(state, new SameThreadLane());
        vm = new ParetoViewModel(state, catalog, new SameThreadLane(), demoShown::incrementAndGet);
        catalog.refresh();
    }

    private void chooseGallery(RunRecord r) {
        state.galleryModelProperty().set(GalleryModel.of(r));
    }

    private ParetoPoint point(PointKind kind, RunRecord query) {
        return vm.dataProperty().get().points().stream().filter(p -> p.kind() == kind && p.queryId().equals(query.id()))
                .findFirst().orElseThrow();
    }

    @Test
    void withoutAGalleryModelTheChartSaysWhereToPickOne() {
        assertThat(vm.dataProperty().get()).isNull();
        assertThat(vm.chart(600, 400)).isNull();
        assertThat(vm.emptyTextProperty().get()).startsWith("No gallery model chosen: pick one in Models");
        assertThat(vm.canExportProperty().get()).isFalse();
    }

    @Test
    void aGalleryWithoutResultsSaysHowToMakeThem() {
        RunRecord unmeasured = runs.run("resnet-g again", RunKind.gallery, "resnet-g", null);
        catalog.refresh();
        chooseGallery(unmeasured);
        assertThat(vm.dataProperty().get()).isNull();
        assertThat(vm.emptyTextProperty().get()).startsWith("No evaluations against resnet-g again yet")
                .contains("cmpnas evaluate --query RUN --gallery " + unmeasured.id());
    }

    @Test
    void aDeletedGalleryModelIsExplained() {
        chooseGallery(runs.gallery);
        runs.store.delete(runs.gallery.id());
        catalog.refresh();
        assertThat(vm.dataProperty().get()).isNull();
        assertThat(vm.emptyTextProperty().get()).contains("is not in this store any more");
    }

    @Test
    void theGalleryModelsResultsBecomeSeriesWithAHeadline() {
        chooseGallery(runs.gallery);
        var data = vm.dataProperty().get();
        assertThat(data.points()).hasSize(7);
        assertThat(data.points(PointKind.SEARCHED)).extracting(ParetoPoint::queryId).containsExactly(runs.searched.id());
        assertThat(data.points(PointKind.TRAINED)).extracting(ParetoPoint::queryId).containsExactlyInAnyOrder(runs.alone.id(), runs.bct.id());
        assertThat(data.front()).extracting(ParetoPoint::queryId).containsExactly(runs.searched.id(), runs.gallery.id());
        assertThat(vm.headlineProperty().get()).isEqualTo(String.format(java.util.Locale.ROOT,
                "Closest to the paragon (mAP 88.90): cmpnas export, 2.90 points below the paragon at %.1f× less query cost. "
                        + "0 of 3 query models within 2 points.", (double) runs.gallery.macs() / runs.searched.macs()));
        assertThat(vm.noteProperty().get()).startsWith("Test protocol v" + org.cmpnas.engine.store.Provenance.PROTOCOL_VERSION + " on fashion-mnist: 1,000 queries searched in 9,000 gallery images.")
                .contains("Search rewards (NAS reward set, validation data) are not plotted");
        assertThat(vm.chart(600, 400)).isNotNull();
        assertThat(vm.canExportProperty().get()).isTrue();
    }

    @Test
    void aPairsGallerySaysWhichOfItsExportsToEvaluateUntilAllAre() {
        ParetoRuns.Pair pair = runs.pair();
        catalog.refresh();
        chooseGallery(pair.gallery());
        assertThat(vm.dataProperty().get()).isNull();
        assertThat(vm.emptyTextProperty().get()).startsWith("No evaluations against cmpnas 1M (gallery) yet")
                .endsWith("\nThe gallery subnet of pair search 20260101-000000-9a12: 2 of its 2 exports have no M(Q, G) yet, e.g. "
                        + "cmpnas evaluate --query " + pair.cheap().id() + " --gallery " + pair.gallery().id() + ".");

        runs.result(pair.cheap(), pair.gallery(), 70.0, 80.0);
        runs.result(pair.cheap(), pair.cheap(), 65.0, 78.0);
        catalog.refresh();
        var data = vm.dataProperty().get();
        assertThat(data.points(PointKind.SEARCHED)).extracting(ParetoPoint::queryId).containsExactly(pair.cheap().id());
        assertThat(data.homogeneousOf(pair.cheap().id())).isPresent();
        assertThat(vm.headlineProperty().get()).startsWith("No M(G, G) result for cmpnas 1M (gallery) yet");
        assertThat(vm.noteProperty().get()).endsWith("The gallery subnet of pair search 20260101-000000-9a12: 1 of its 2 exports have "
                + "no M(Q, G) yet, e.g. cmpnas evaluate --query " + pair.dear().id() + " --gallery " + pair.gallery().id() + ".");

        runs.result(pair.dear(), pair.gallery(), 72.0, 82.0);
        runs.result(pair.gallery(), pair.gallery(), 75.0, 85.0);
        catalog.refresh();
        assertThat(vm.dataProperty().get().paragonPoint()).map(ParetoPoint::queryId).contains(pair.gallery().id());
        assertThat(vm.headlineProperty().get()).startsWith("Closest to the paragon (mAP 75.00): cmpnas 2M, 3.00 points below");
        assertThat(vm.noteProperty().get()).endsWith("The gallery subnet of pair search 20260101-000000-9a12; its 2 exports are all evaluated against it.");
        vm.select(point(PointKind.SEARCHED, pair.cheap()));
        assertThat(vm.details()).contains(new Fact("Compatible", "yes, by 5.00 points: M(Q, G) 70.00 > M(Q, Q) 65.00 (mAP)"),
                new Fact("Pair", "exported with cmpnas 1M (gallery), the gallery subnet of the same search"));
    }

    @Test
    void anExternalGalleryHasNoPairNote() {
        runs.pair();
        catalog.refresh();
        chooseGallery(runs.gallery);
        assertThat(vm.noteProperty().get()).doesNotContain("pair search");
        vm.select(point(PointKind.SEARCHED, runs.searched));
        assertThat(vm.details()).noneMatch(f -> f.label().equals("Pair"));
    }

    @Test
    void theBandAndTheMetricChangeWhatCounts() {
        chooseGallery(runs.gallery);
        vm.bandProperty().set(3);
        assertThat(vm.headlineProperty().get()).endsWith("1 of 3 query models within 3 points.");
        vm.bandProperty().set(-1);
        assertThat(vm.bandProperty().get()).isEqualTo(3.0);
        vm.metricProperty().set(RetrievalMetric.TOP1);
        assertThat(vm.dataProperty().get().paragonPoint().orElseThrow().value()).isEqualTo(93.4);
        assertThat(vm.headlineProperty().get()).startsWith("Closest to the paragon (top-1 93.40): cmpnas export, 4.90 points below");
        vm.metricProperty().set(null);
        assertThat(vm.metricProperty().get()).isEqualTo(RetrievalMetric.TOP1);
    }

    @Test
    void hoverNamesTheModelItsCostAndNumbers() {
        chooseGallery(runs.gallery);
        String text = vm.describe(point(PointKind.TRAINED, runs.bct));
        assertThat(text).contains("resnet-q bct  ·  M(Q, G) trained models")
                .contains("resnet-q  ·  2.37M MACs  ·  34.0× less than resnet-g")
                .contains("mAP 84.80  ·  top-1 86.70  ·  4.10 points below the paragon")
                .doesNotContain("Pareto front");
        assertThat(vm.describe(point(PointKind.SEARCHED, runs.searched))).endsWith("on the Pareto front");
    }

    @Test
    void aSelectedPointShowsDetailsAndOpensInTheDemo() {
        chooseGallery(runs.gallery);
        assertThat(vm.canOpenInDemoProperty().get()).isFalse();
        vm.select(point(PointKind.SEARCHED, runs.searched));
        List<Fact> facts = vm.details();
        assertThat(facts).contains(new Fact("Run", runs.searched.id()), new Fact("Architecture", runs.searched.arch()),
                new Fact("mAP", "86.00"), new Fact("To the paragon", "2.90 points below the paragon (mAP)"),
                new Fact("Pareto front", "on it (mAP)"), new Fact("Compatible", "yes, by 6.00 points: M(Q, G) 86.00 > M(Q, Q) 80.00 (mAP)"),
                new Fact("Exported from", "search run 20260101-000000-5ea7"));

        vm.openSelectedInDemo();
        assertThat(state.demoQueryRunProperty().get()).isEqualTo(runs.searched.id());
        assertThat(demoShown).hasValue(1);
    }

    @Test
    void incompatibleModelsAreCalledSo() {
        chooseGallery(runs.gallery);
        vm.select(point(PointKind.TRAINED, runs.alone));
        assertThat(vm.details()).contains(new Fact("Compatible", "not by the criterion, 63.20 points short: M(Q, G) 19.20 ≤ M(Q, Q) 82.40 (mAP)"),
                new Fact("Pareto front", "dominated (mAP)"));
    }

    @Test
    void newResultsAppearOnRefreshAndTheSelectionStays() {
        chooseGallery(runs.gallery);
        vm.select(point(PointKind.TRAINED, runs.bct));
        RunRecord l2 = runs.run("resnet-q l2", RunKind.query, "resnet-q", null);
        runs.result(l2, runs.gallery, 87.4, 91.6);
        catalog.refresh(); // what a job's end does
        assertThat(vm.dataProperty().get().points(PointKind.TRAINED)).hasSize(3);
        assertThat(vm.selectedProperty().get().queryId()).isEqualTo(runs.bct.id());
        assertThat(vm.headlineProperty().get()).contains("resnet-q l2, 1.50 points below").endsWith("1 of 4 query models within 2 points.");
    }

    @Test
    void zoomLeavesFarPointsOutAndSaysHowMany() {
        chooseGallery(runs.gallery);
        vm.select(point(PointKind.TRAINED, runs.alone));
        assertThat(vm.plottedPoints()).hasSize(7);
        vm.zoomedProperty().set(true);
        assertThat(vm.plottedPoints()).hasSize(6).noneMatch(p -> p.queryId().equals(runs.alone.id()) && p.kind() == PointKind.TRAINED);
        assertThat(vm.selectedProperty().get()).isNull();
        assertThat(vm.noteProperty().get()).contains("Zoomed: 1 point below mAP 76.90 not shown.");
        vm.zoomedProperty().set(false);
        assertThat(vm.noteProperty().get()).doesNotContain("Zoomed");
    }

    @Test
    void exportsTheChartAndThePoints() throws Exception {
        chooseGallery(runs.gallery);
        assertThat(vm.suggestedFileName("csv")).isEqualTo("pareto-resnet-g-mAP.csv");
        vm.exportCsv(dir.resolve("points.csv"));
        vm.exportPng(dir.resolve("chart.png"));
        vm.exportSvg(dir.resolve("chart.svg"));
        assertThat(vm.statusProperty().get()).isEqualTo("Saved " + dir.resolve("chart.svg"));
        List<String> csv = Files.readAllLines(dir.resolve("points.csv"));
        assertThat(csv).hasSize(8);
        assertThat(csv.get(0)).startsWith("series,query_run,");
        BufferedImage png = ImageIO.read(dir.resolve("chart.png").toFile());
        assertThat(png.getWidth()).as("twice the points, for a projector").isEqualTo(2 * ParetoChart.SLIDE_WIDTH);
        assertThat(png.getHeight()).isEqualTo(2 * ParetoChart.SLIDE_HEIGHT);
        String svg = Files.readString(dir.resolve("chart.svg"));
        assertThat(svg).contains("<svg").contains("</svg>");
        assertThat(vm.slide().getTitle()).startsWith("mAP (test) against query cost · gallery resnet-g · fashion-mnist, protocol v");
        assertThat(vm.exportFolder()).isEqualTo(runs.store.root().resolve("reports")).isDirectory();
    }

    @Test
    void aFailedExportSaysWhy() {
        chooseGallery(runs.gallery);
        vm.exportCsv(dir.resolve("missing-folder/points.csv"));
        assertThat(vm.statusProperty().get()).startsWith("Could not save " + dir.resolve("missing-folder/points.csv"));
    }

    @Test
    void theCostIsSaidRightForAGalleryOfAnySize() {
        assertThat(ParetoViewModel.costAgainst(34.0, "resnet-g")).isEqualTo("34.0× less than resnet-g");
        assertThat(ParetoViewModel.costAgainst(1.0, "resnet-q")).isEqualTo("the same cost as resnet-q");
        assertThat(ParetoViewModel.costAgainst(0.5, "resnet-q")).isEqualTo("2.0× more than resnet-q");
        assertThat(ParetoViewModel.queryCost(1.0)).isEqualTo("the same query cost");
        assertThat(ParetoViewModel.queryCost(80.5)).isEqualTo("80.5× less query cost");
    }
}
