package org.cmpnas.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.cmpnas.app.AppContext;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.Schedule;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.engine.train.TrainingJob;
import org.cmpnas.views.common.GalleryModel;
import org.cmpnas.views.jobs.JobKind;
import org.cmpnas.views.jobs.JobState;
import org.cmpnas.views.jobs.JobViewModel;
import org.cmpnas.views.jobs.RunOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** In the window, with the real engine: a model trained on tiny data is evaluated when it finishes and appears on the Pareto chart. */
@ExtendWith(ApplicationExtension.class)
class TrainedModelReachesParetoTest {
    private static RunStore store;
    private static RunRecord gallery;
    private AppContext context;

    /** On the test's own thread, as the engine's other tests train (libtorch's grad mode is per thread). */
    @BeforeAll
    static void gallery() throws Exception {
        store = new RunStore(Files.createTempDirectory("cmpnas-gui-test"));
        gallery = store.load(new TrainingJob(store, JobListener.NONE, new CancellationToken())
                .start(TrainConfig.of("resnet-q", TrainConfig.FASHION_MNIST).withName("gallery").withSchedule(new Schedule(1, 64, 0.05, 0.9, 5e-4, 1)).withData(DataSpec.all(TrainConfig.FASHION_MNIST).withLimit(256))));
    }

    @Start
    void start(Stage stage) {
        context = AppContext.withJobs(store, TrainingJob::of);
        context.show(stage);
        context.state().galleryModelProperty().set(GalleryModel.of(gallery));
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void aModelTrainedInTheJobsViewIsOnTheParetoChartWithoutATerminal(FxRobot robot) throws Exception {
        robot.clickOn("#nav-jobs");
        JobViewModel[] training = new JobViewModel[1];
        robot.interact(() -> {
            context.jobs().form().limitProperty().set("256");
            context.jobs().form().epochsProperty().set("1");
            context.jobs().form().nameProperty().set("tiny");
            training[0] = context.jobs().start();
        });
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> context.jobs().jobs().stream()
                .anyMatch(j -> j.kind() == JobKind.EVALUATION && !j.state().isActive()) || training[0].state() == JobState.FAILED);
        assertThat(training[0].state()).as(training[0].outcomeProperty().get() + "\n" + String.join("\n", training[0].log()))
                .isEqualTo(JobState.FINISHED);
        JobViewModel evaluation = context.jobs().jobs().stream().filter(j -> j.kind() == JobKind.EVALUATION).findFirst().orElseThrow();
        assertThat(evaluation.state()).as(String.join("\n", evaluation.log()) + evaluation.outcomeProperty().get()).isEqualTo(JobState.FINISHED);
        String model = training[0].runIdProperty().get();
        robot.clickOn("#nav-pareto");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> context.pareto().plottedPoints().stream()
                .anyMatch(p -> p.queryId().equals(model)));
        assertThat(context.pareto().plottedPoints()).anySatisfy(p -> assertThat(p.queryId()).isEqualTo(model));
    }

    /** As a user reported it: bct against the status bar's gallery, a real job and its evaluation, then the form again. */
    @Test
    void aCompatibilityTrainingLeavesTheFormsGalleryAsItWasWhenItsJobsEnd(FxRobot robot) throws Exception {
        robot.clickOn("#nav-jobs");
        robot.clickOn("#form-loss");
        robot.clickOn(org.testfx.matcher.control.LabeledMatchers.hasText("bct"));
        @SuppressWarnings("unchecked")
        ComboBox<RunOption> box = robot.lookup("#form-gallery").queryAs(ComboBox.class);
        assertThat(box.getValue()).as("the status bar's gallery, proposed").isNotNull();
        assertThat(box.getValue().id()).isEqualTo(gallery.id());
        JobViewModel[] training = new JobViewModel[1];
        robot.interact(() -> {
            context.jobs().form().limitProperty().set("256");
            context.jobs().form().epochsProperty().set("1");
            training[0] = context.jobs().start();
        });
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> context.jobs().jobs().stream().noneMatch(j -> j.state().isActive()));
        assertThat(training[0].state()).as(String.join("\n", training[0].log())).isEqualTo(JobState.FINISHED);
        String model = training[0].runIdProperty().get();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> context.jobs().form().galleries().stream()
                .anyMatch(o -> o.id().equals(model))); // the store was read again
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(box.getValue()).as("the gallery box after the job and its evaluation").isNotNull();
        assertThat(box.getValue().id()).isEqualTo(gallery.id());
        assertThat(context.jobs().form().galleryErrorProperty().get()).isNull();
        assertThat(robot.lookup("#start-training").queryButton().isDisabled()).isFalse();
    }
}
