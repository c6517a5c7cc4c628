package org.cmpnas.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.cmpnas.app.AppContext;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.views.TestRuns;
import org.cmpnas.views.jobs.JobState;
import org.cmpnas.views.jobs.JobViewModel;
import org.cmpnas.views.jobs.RunOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A form's choice of gallery survives the store being read again when a job ends. */
@ExtendWith(ApplicationExtension.class)
class FormChoicesWindowTest {
    private AppContext context;
    private RunStore store;
    private RunRecord gallery;

    @Start
    void start(Stage stage) throws Exception {
        store = new RunStore(Files.createTempDirectory("cmpnas-gui-test"));
        TestRuns.finished(store, "other", "resnet-q", 80.0);
        gallery = TestRuns.finished(store, "paragon", "resnet-g", 88.5);
        // a training job that writes a finished run, as a real one does, and ends at once
        context = AppContext.withJobs(store, (s, config) -> Job.of("train " + config.name(),
                (listener, token) -> TestRuns.finished(s, config.name(), "resnet-q", 70.0).id()));
        context.show(stage);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void ctrlWClosesTheWindowAsItsCloseButtonDoes(FxRobot robot) throws Exception {
        Stage stage = (Stage) robot.lookup("#nav-jobs").query().getScene().getWindow();
        robot.press(javafx.scene.input.KeyCode.CONTROL).press(javafx.scene.input.KeyCode.W)
                .release(javafx.scene.input.KeyCode.W).release(javafx.scene.input.KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !stage.isShowing());
        assertThat(stage.isShowing()).isFalse();
    }

    @Test
    void theTrainFormKeepsItsGalleryWhenAJobEndsAndTheStoreIsReadAgain(FxRobot robot) throws Exception {
        robot.clickOn("#nav-jobs");
        robot.interact(() -> {
            context.jobs().form().lossProperty().set("bct");
            context.jobs().form().galleryProperty().set(context.jobs().form().galleries().stream()
                    .filter(o -> o.id().equals(gallery.id())).findFirst().orElseThrow());
        });
        @SuppressWarnings("unchecked")
        ComboBox<RunOption> box = robot.lookup("#form-gallery").queryAs(ComboBox.class);
        Button start = robot.lookup("#start-training").queryButton();
        assertThat(box.getValue().id()).isEqualTo(gallery.id());
        assertThat(start.isDisabled()).isFalse();

        JobViewModel[] job = new JobViewModel[1];
        robot.interact(() -> job[0] = context.jobs().start());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> job[0].state() == JobState.FINISHED
                && context.jobs().form().galleries().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(box.getValue()).as("the gallery box after the store was read again").isNotNull();
        assertThat(box.getValue().id()).isEqualTo(gallery.id());
        assertThat(context.jobs().form().galleryErrorProperty().get()).isNull();
        assertThat(start.isDisabled()).isFalse();
    }

    @Test
    void aGalleryChosenByClicksStaysWhenTheJobEnds(FxRobot robot) throws Exception {
        robot.clickOn("#nav-jobs");
        robot.clickOn("#form-loss");
        robot.clickOn(org.testfx.matcher.control.LabeledMatchers.hasText("bct"));
        robot.clickOn("#form-gallery");
        robot.clickOn(org.testfx.matcher.control.LabeledMatchers.hasText(org.hamcrest.Matchers.startsWith("paragon")));
        @SuppressWarnings("unchecked")
        ComboBox<RunOption> box = robot.lookup("#form-gallery").queryAs(ComboBox.class);
        assertThat(box.getValue().id()).isEqualTo(gallery.id());
        robot.clickOn("#start-training");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> context.jobs().form().galleries().size() == 3);
        WaitForAsyncUtils.sleep(1500, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(box.getValue()).as("after the job, by clicks").isNotNull();
        assertThat(robot.lookup("#start-training").queryButton().isDisabled()).isFalse();
    }
}
