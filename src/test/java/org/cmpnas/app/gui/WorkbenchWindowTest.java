package org.cmpnas.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.cmpnas.app.AppContext;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.views.TestRuns;
import org.cmpnas.views.jobs.JobState;
import org.cmpnas.views.jobs.JobViewModel;
import org.cmpnas.views.shell.ViewId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window's main flows, headless: models listed, gallery chosen, a job started and cancelled, runs repeated. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchWindowTest {
    private AppContext context;
    private RunRecord paragon;
    private RunStore store;
    private final List<Path> openedFolders = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        store = new RunStore(Files.createTempDirectory("cmpnas-gui-test"));
        paragon = TestRuns.finished(store, "paragon", "resnet-g", 88.5);
        TestRuns.finished(store, "tiny", "resnet-q", 79.25);
        context = AppContext.withJobs(store, (s, config) -> slowJob(config), openedFolders::add);
        context.show(stage);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void modelsAreListedAndOneBecomesTheGalleryModel(FxRobot robot) throws Exception {
        TableView<?> table = robot.lookup("#models-table").queryAs(TableView.class);
        waitFor(() -> table.getItems().size() == 2);
        assertThat(robot.lookup("#gallery-status").queryLabeled().getText()).isEqualTo("none chosen");
        assertThat(robot.lookup("#use-as-gallery").queryButton().isDisabled()).isTrue();

        robot.clickOn(robot.lookup(".table-cell").lookup(hasText("paragon")).queryAs(Node.class));
        robot.clickOn("#use-as-gallery");

        assertThat(context.state().galleryModel().runId()).isEqualTo(paragon.id());
        assertThat(robot.lookup("#gallery-status").queryLabeled().getText()).isEqualTo("paragon · 80.52M MACs");
        assertThat(robot.lookup(".badge.gallery").tryQuery()).isPresent();
    }

    @Test
    void theFormValidatesAsYouTypeAndARunningJobCanBeCancelled(FxRobot robot) throws Exception {
        robot.clickOn("#nav-jobs");
        assertThat(context.shell().currentProperty().get()).isEqualTo(ViewId.JOBS);
        Button start = robot.lookup("#start-training").queryButton();
        assertThat(start.isDisabled()).isFalse();

        robot.doubleClickOn("#form-epochs").write("many");
        assertThat(start.isDisabled()).isTrue();
        assertThat(robot.lookup(".field-error").queryAll()).extracting(n -> ((Label) n).getText())
                .contains("not a whole number, e.g. 8");

        robot.doubleClickOn("#form-epochs").write("3");
        assertThat(start.isDisabled()).isFalse();
        robot.clickOn(start);

        JobViewModel job = context.jobs().jobs().get(0);
        waitFor(() -> job.state() == JobState.RUNNING && job.progressProperty().get() > 0);
        assertThat(robot.lookup("#engine-status").queryLabeled().getText()).startsWith("training resnet-q · epoch 1/3");
        robot.clickOn("#cancel-job");
        waitFor(() -> job.state() == JobState.CANCELLED);
        Label outcome = robot.lookup("#job-outcome").queryAs(Label.class);
        assertThat(outcome.isVisible()).isTrue();
        assertThat(outcome.getText()).startsWith("Cancelled during epoch 1/3");
        assertThat(robot.lookup("#engine-status").queryLabeled().getText()).isEqualTo("idle");
    }

    @Test
    void runHistoryShowsTheNewestRunAndRepeatFillsTheForm(FxRobot robot) throws Exception {
        robot.clickOn("#nav-runs");
        waitFor(() -> robot.lookup("#run-title").tryQuery().isPresent());
        assertThat(robot.lookup("#run-title").queryLabeled().getText()).isEqualTo("tiny");
        robot.clickOn("#repeat-run");
        assertThat(context.shell().currentProperty().get()).isEqualTo(ViewId.JOBS);
        assertThat(context.jobs().form().archProperty().get()).isEqualTo("resnet-q");
        assertThat(context.jobs().form().epochsProperty().get()).isEqualTo("3");
        assertThat(context.jobs().form().seedProperty().get()).isEqualTo("7");
    }

    @Test
    void aStoppedRunIsResumedFromTheRunHistory(FxRobot robot) throws Exception {
        RunRecord stopped = TestRuns.cancelled(store, "stopped", "resnet-q");
        robot.clickOn("#nav-runs");
        robot.interact(() -> context.shell().refresh());
        waitFor(() -> robot.lookup(".table-cell").lookup(hasText("stopped")).tryQuery().isPresent());
        assertThat(robot.lookup("#resume-run").queryButton().isDisabled()).as("the finished run shown first").isTrue();
        robot.clickOn(robot.lookup(".table-cell").lookup(hasText("stopped")).queryAs(Node.class));
        waitFor(() -> !robot.lookup("#resume-run").queryButton().isDisabled());
        robot.clickOn("#resume-run");

        assertThat(context.shell().currentProperty().get()).isEqualTo(ViewId.JOBS);
        JobViewModel job = context.jobs().jobs().get(0);
        assertThat(job.activity()).isEqualTo("resuming stopped");
        waitFor(() -> job.state() == JobState.RUNNING);
        robot.interact(() -> context.jobs().cancelAll());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !job.state().isActive());
        assertThat(store.load(stopped.id()).status()).as("the same run was continued, then cancelled again").isEqualTo(org.cmpnas.engine.store.RunStatus.cancelled);
    }

    @Test
    void aRunIsRenamedAnnotatedAndItsFolderOpenedFromItsRecord(FxRobot robot) throws Exception {
        robot.clickOn("#nav-runs");
        waitFor(() -> robot.lookup("#run-title").tryQuery().isPresent());
        String id = store.list().get(0).id();
        robot.clickOn("#run-name-field").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                .write(" ");
        assertThat(robot.lookup("#run-name-problem").queryLabeled().getText()).contains("empty");
        assertThat(robot.lookup("#rename-run").queryButton().isDisabled()).isTrue();
        robot.write("tiny q, 3 epochs");
        robot.clickOn("#rename-run");
        waitFor(() -> robot.lookup("#run-title").queryLabeled().getText().equals("tiny q, 3 epochs"));
        assertThat(store.load(id).name()).isEqualTo("tiny q, 3 epochs");

        robot.clickOn("#run-note").write("first try with 3 epochs");
        robot.clickOn("#save-note");
        waitFor(() -> "first try with 3 epochs".equals(store.load(id).note()));

        robot.clickOn("#open-folder");
        waitFor(() -> !openedFolders.isEmpty());
        assertThat(openedFolders).containsExactly(store.dir(id).toAbsolutePath());
        waitFor(() -> robot.lookup("#run-folder").queryTextInputControl().getText().endsWith(id));

        robot.clickOn("#nav-models"); // the other views read the new name from the reloaded catalog
        waitFor(() -> robot.lookup(".table-cell").lookup(hasText("tiny q, 3 epochs")).tryQuery().isPresent());
    }

    @Test
    void closingWithARunningJobAsksFirst(FxRobot robot) throws Exception {
        robot.interact(() -> context.jobs().start());
        JobViewModel job = context.jobs().jobs().get(0);
        waitFor(() -> job.state() == JobState.RUNNING);
        Stage stage = (Stage) context.root().getScene().getWindow();
        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        waitFor(() -> robot.lookup("Keep working").tryQuery().isPresent());
        robot.clickOn("Keep working");
        assertThat(stage.isShowing()).isTrue();
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void shortcutsSwitchViews(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        assertThat(context.shell().currentProperty().get()).isEqualTo(ViewId.RUNS);
        assertThat(robot.lookup("#runs-view").tryQuery()).isPresent();
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        assertThat(robot.lookup("#models-view").tryQuery()).isPresent();
    }

    /** Reports a step every 10 ms until cancelled (or 20 s pass). */
    private static Job slowJob(TrainConfig config) {
        return new Job() {
            @Override
            public String title() {
                return "train " + config.name();
            }

            @Override
            public String run(JobListener listener, CancellationToken token) {
                int total = 2000 * config.schedule().epochs();
                for (int step = 1; step <= total; step++) {
                    token.check();
                    listener.progress(step, total, "step " + step);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return "run";
            }
        };
    }

    private static java.util.function.Predicate<Node> hasText(String text) {
        return n -> n instanceof javafx.scene.control.Labeled l && text.equals(l.getText());
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
