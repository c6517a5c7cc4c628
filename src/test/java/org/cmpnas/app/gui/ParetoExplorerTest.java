package org.cmpnas.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.cmpnas.app.AppContext;
import org.cmpnas.views.charts.ChartView;
import org.cmpnas.views.common.GalleryModel;
import org.cmpnas.views.pareto.ParetoRuns;
import org.cmpnas.views.shell.ViewId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.knowm.xchart.XYChart;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.robot.Motion;
import org.testfx.util.WaitForAsyncUtils;

/** The Pareto explorer's main flow, headless: the empty pane, the chart, hovering and selecting a point, the demo. */
@ExtendWith(ApplicationExtension.class)
class ParetoExplorerTest {
    private AppContext context;
    private ParetoRuns runs;

    @Start
    void start(Stage stage) throws Exception {
        runs = ParetoRuns.typical(Files.createTempDirectory("cmpnas-pareto-test"));
        context = AppContext.withJobs(runs.store, (s, config) -> {
            throw new IllegalStateException("no training in this test");
        });
        context.show(stage);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void hoverAndSelectAPointThenOpenItInTheRetrievalDemo(FxRobot robot) throws Exception {
        robot.clickOn("#nav-pareto");
        assertThat(context.shell().currentProperty().get()).isEqualTo(ViewId.PARETO);
        ChartView chart = robot.lookup("#pareto-chart").queryAs(ChartView.class);
        Label placeholder = robot.from(chart).lookup(".placeholder").queryAs(Label.class);
        waitFor(placeholder::isVisible);
        assertThat(placeholder.getText()).startsWith("No gallery model chosen: pick one in Models");

        robot.interact(() -> context.state().galleryModelProperty().set(GalleryModel.of(runs.gallery)));
        waitFor(() -> chart.shownChartProperty().get() != null);
        assertThat(robot.lookup("#pareto-headline").queryLabeled().getText()).startsWith("Closest to the paragon (mAP 88.90): cmpnas export");

        // Where the painted chart put the exported model's M(Q, G): 86.0 mAP at its MACs.
        XYChart shown = chart.shownChartProperty().get();
        Point2D at = new Point2D(shown.getScreenXFromChart(runs.searched.macs()), shown.getScreenYFromChart(86.0));
        robot.moveTo(chart, Pos.TOP_LEFT, at.add(2, 1), Motion.DIRECT);
        Label hover = robot.lookup("#pareto-hover").queryAs(Label.class);
        waitFor(hover::isVisible);
        assertThat(hover.getText()).startsWith("cmpnas export  ·  M(Q, G) CMP-NAS exports").contains("mAP 86.00").endsWith("on the Pareto front");

        robot.moveTo(chart, Pos.TOP_LEFT, at.add(-60, 0), Motion.DIRECT); // empty plot area
        waitFor(() -> !hover.isVisible());
        robot.moveTo(chart, Pos.TOP_LEFT, at, Motion.DIRECT).clickOn(MouseButton.PRIMARY);
        waitFor(() -> robot.lookup("#pareto-selected-title").tryQuery().isPresent());
        assertThat(robot.lookup("#pareto-selected-title").queryLabeled().getText()).isEqualTo("cmpnas export");

        robot.clickOn("#open-in-demo");
        assertThat(context.state().demoQueryRunProperty().get()).isEqualTo(runs.searched.id());
    }

    @Test
    void aPairsGalleryShowsItsExportAndSaysWhatIsLeftToEvaluate(FxRobot robot) throws Exception {
        ParetoRuns.Pair pair = runs.pair();
        runs.result(pair.gallery(), pair.gallery(), 75.0, 85.0);
        runs.result(pair.cheap(), pair.gallery(), 70.0, 80.0);
        robot.clickOn("#nav-pareto");
        robot.clickOn("Refresh"); // the store changed outside the window
        robot.interact(() -> context.state().galleryModelProperty().set(GalleryModel.of(pair.gallery())));
        ChartView chart = robot.lookup("#pareto-chart").queryAs(ChartView.class);
        waitFor(() -> chart.shownChartProperty().get() != null
                && robot.lookup("#pareto-headline").queryLabeled().getText().startsWith("Closest to the paragon (mAP 75.00): cmpnas 1M,"));
        Label note = robot.lookup("#pareto-note").queryAs(Label.class);
        assertThat(note.isVisible()).isTrue();
        assertThat(note.getText()).endsWith("1 of its 2 exports have no M(Q, G) yet, e.g. cmpnas evaluate --query " + pair.dear().id()
                + " --gallery " + pair.gallery().id() + ".");
        assertThat(chart.shownChartProperty().get().getSeriesCollection()).extracting(s -> s.getName())
                .contains(org.cmpnas.engine.pareto.PointKind.SEARCHED.label());
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
