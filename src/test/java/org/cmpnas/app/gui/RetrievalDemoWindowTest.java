package org.cmpnas.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.cmpnas.app.AppContext;
import org.cmpnas.engine.eval.DemoRow;
import org.cmpnas.engine.eval.DemoStore;
import org.cmpnas.views.retrieval.RetrievalViewModel;
import org.cmpnas.views.retrieval.RetrievalViewModel.Phase;
import org.cmpnas.views.shell.ViewId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The retrieval demo in the window, headless: asks for a gallery model, then steps through queries by keyboard. */
@ExtendWith(ApplicationExtension.class)
class RetrievalDemoWindowTest {
    private final DemoStore fixture = DemoStore.get();
    private AppContext context;

    @Start
    void start(Stage stage) {
        context = AppContext.withJobs(fixture.store, (s, config) -> {
            throw new UnsupportedOperationException("no training in this test");
        });
        context.show(stage);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void asksForAGalleryModelThenStepsThroughQueriesWithTheArrowKeys(FxRobot robot) throws Exception {
        robot.clickOn("#nav-retrieval");
        assertThat(robot.lookup("#demo-message").queryLabeled().getText()).contains("Pick one in Models");
        robot.clickOn("#demo-go-to-models");
        assertThat(context.shell().currentProperty().get()).isEqualTo(ViewId.MODELS);

        waitFor(() -> robot.lookup(".table-cell").lookup(hasText("gallery")).tryQuery().isPresent());
        robot.clickOn(robot.lookup(".table-cell").lookup(hasText("gallery")).queryAs(Node.class));
        robot.clickOn("#use-as-gallery");
        robot.clickOn("#nav-retrieval");
        RetrievalViewModel vm = context.retrieval();
        waitFor(60, () -> vm.phaseProperty().get() == Phase.READY);
        assertThat(vm.selectedProperty().get().runId()).isIn(fixture.compatible, fixture.independent);
        assertThat(robot.lookup("#demo-query-position").queryLabeled().getText()).isEqualTo("Query 1 of 1,000");
        assertRowsShowTheResults(robot, vm);

        robot.type(KeyCode.RIGHT);
        assertThat(robot.lookup("#demo-query-position").queryLabeled().getText()).isEqualTo("Query 2 of 1,000");
        assertThat(robot.lookup("#demo-query-caption").queryLabeled().getText())
                .isEqualTo(fixture.data.classNames().get(fixture.data.query().label(1)));
        assertRowsShowTheResults(robot, vm);

        robot.type(KeyCode.RIGHT, 12);
        robot.type(KeyCode.LEFT, 2);
        assertThat(robot.lookup("#demo-query-position").queryLabeled().getText()).isEqualTo("Query 12 of 1,000");
        assertRowsShowTheResults(robot, vm);

        robot.clickOn("#demo-next");
        assertThat(robot.lookup("#demo-query-position").queryLabeled().getText()).isEqualTo("Query 13 of 1,000");
        robot.interact(() -> vm.kProperty().set(3));
        assertThat(robot.lookup("#demo-row-paragon .demo-tile").queryAll()).hasSize(3);
        assertRowsShowTheResults(robot, vm);
        robot.interact(() -> vm.kProperty().set(RetrievalViewModel.MAX_K));
        assertRowsShowTheResults(robot, vm);
        for (Label name : robot.lookup(".tile-class").queryAllAs(Label.class)) { // drawn whole, not cut short with an ellipsis
            assertThat(((javafx.scene.text.Text) name.lookup(".text")).getText()).isEqualTo(name.getText());
        }

        // Results per row takes a typed value (Enter, or leaving the field), and End there stays in the field.
        robot.doubleClickOn("#demo-k .text-field");
        robot.eraseText(3).write("7");
        robot.type(KeyCode.END);
        robot.type(KeyCode.ENTER);
        assertThat(vm.kProperty().get()).isEqualTo(7);
        assertThat(robot.lookup("#demo-query-position").queryLabeled().getText()).as("End in the field moves no query")
                .isEqualTo("Query 13 of 1,000");
        robot.doubleClickOn("#demo-k .text-field");
        robot.eraseText(3).write("4");
        robot.type(KeyCode.TAB); // focus leaves the field
        assertThat(vm.kProperty().get()).isEqualTo(4);

        // Reading the store again (F5, a job ended) keeps the open demo and the place in the query set.
        List<Phase> phases = new CopyOnWriteArrayList<>();
        vm.phaseProperty().addListener((obs, old, now) -> phases.add(now));
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
        waitFor(() -> !vm.busyProperty().get());
        assertThat(phases).isEmpty();
        assertThat(robot.lookup("#demo-query-position").queryLabeled().getText()).isEqualTo("Query 13 of 1,000");
        assertThat(robot.lookup("#demo-query-model").queryAs(ComboBox.class).getValue()).isEqualTo(vm.selectedProperty().get());
    }

    /** Each row's tiles show its hits: class names with a mark, similarities, and a frame coloured by class. */
    private static void assertRowsShowTheResults(FxRobot robot, RetrievalViewModel vm) {
        WaitForAsyncUtils.waitForFxEvents();
        List<DemoRow> rows = vm.shownProperty().get().rows();
        for (DemoRow row : rows) {
            String id = "#demo-row-" + row.search().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            assertThat(robot.lookup(id + " .demo-row-title").queryLabeled().getText()).isEqualTo(vm.rowTitle(row));
            assertThat(robot.lookup(id + " .demo-row-score").queryLabeled().getText())
                    .isEqualTo(row.sameClassCount() + " of " + row.hits().size() + " right");
            List<String> names = robot.lookup(id + " .tile-class").queryAllAs(Label.class).stream().map(Label::getText).toList();
            List<String> expected = row.hits().stream()
                    .map(h -> (h.sameClass() ? "✓ " : "✗ ") + vm.className(h.label())).toList();
            assertThat(names).containsExactlyElementsOf(expected);
            long right = robot.lookup(id + " .tile-frame.right").queryAll().size();
            long wrong = robot.lookup(id + " .tile-frame.wrong").queryAll().size();
            assertThat(right).isEqualTo(row.sameClassCount());
            assertThat(wrong).isEqualTo(row.hits().size() - row.sameClassCount());
        }
    }

    private static java.util.function.Predicate<Node> hasText(String text) {
        return n -> n instanceof javafx.scene.control.Labeled l && text.equals(l.getText());
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        waitFor(10, condition);
    }

    private static void waitFor(int seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
