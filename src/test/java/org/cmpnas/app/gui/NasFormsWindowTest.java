package org.cmpnas.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.cmpnas.app.AppContext;
import org.cmpnas.engine.catalogue.RunConfig;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.GalleryImport;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.nas.ExportConfig;
import org.cmpnas.engine.nas.GenerationEvent;
import org.cmpnas.engine.nas.SearchJob;
import org.cmpnas.engine.nas.SearchPoint;
import org.cmpnas.engine.nas.SearchRunConfig;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.views.TestRuns;
import org.cmpnas.views.common.GalleryModel;
import org.cmpnas.views.jobs.JobFactory;
import org.cmpnas.views.jobs.JobState;
import org.cmpnas.views.jobs.JobViewModel;
import org.cmpnas.views.jobs.JobsViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The CMP-NAS forms in the window, headless: validated as typed, started with Enter, followed live, cancelled. */
@ExtendWith(ApplicationExtension.class)
class NasFormsWindowTest {
    private AppContext context;
    private SlowJobs factory;
    private RunRecord paragon;
    private RunRecord supernet;
    private RunRecord pairSupernet;

    @Start
    void start(Stage stage) throws Exception {
        RunStore store = new RunStore(Files.createTempDirectory("cmpnas-gui-test"));
        paragon = TestRuns.finished(store, "paragon", "resnet-g", 88.5);
        supernet = TestRuns.finishedSupernet(store, paragon.id());
        pairSupernet = TestRuns.finishedPairSupernet(store);
        factory = new SlowJobs();
        context = AppContext.withJobFactory(store, factory);
        context.show(stage);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void aSupernetStartsWithEnterOnceItsGalleryIsChosenAndCanBeCancelled(FxRobot robot) throws Exception {
        robot.clickOn("#nav-jobs");
        robot.clickOn("#form-supernet");
        Button start = robot.lookup("#start-supernet").queryButton();
        waitFor(() -> robot.lookup("#supernet-form").query().isVisible());
        assertThat(start.isDisabled()).isTrue();
        assertThat(errors(robot)).contains("choose the gallery model every subnet is made compatible with");
        robot.clickOn("#supernet-pair"); // pair mode needs no gallery model
        assertThat(start.isDisabled()).isFalse();
        assertThat(robot.lookup("#supernet-gallery").query().isDisabled()).isTrue();
        robot.clickOn("#supernet-pair");
        assertThat(start.isDisabled()).isTrue();

        robot.interact(() -> context.state().galleryModelProperty().set(GalleryModel.of(paragon))); // chosen in Models
        assertThat(start.isDisabled()).isFalse();
        robot.doubleClickOn("#supernet-epochs").write("two");
        assertThat(start.isDisabled()).isTrue();
        assertThat(errors(robot)).contains("not a whole number, e.g. " + SupernetConfig.DEFAULT_EPOCHS);
        robot.doubleClickOn("#supernet-epochs").write("2");
        robot.type(KeyCode.ENTER);

        JobViewModel job = context.jobs().jobs().get(0);
        assertThat(job.title()).isEqualTo("supernet supernet " + SupernetConfig.DEFAULT_LOSS);
        waitFor(() -> job.state() == JobState.RUNNING && job.progressProperty().get() > 0);
        assertThat(robot.lookup("#engine-status").queryLabeled().getText()).startsWith("training supernet " + SupernetConfig.DEFAULT_LOSS + " · epoch 1/2");
        robot.clickOn("#cancel-job");
        waitFor(() -> job.state() == JobState.CANCELLED);
        assertThat(robot.lookup("#job-outcome").queryAs(Label.class).getText())
                .isEqualTo("Cancelled during epoch 1/2, before its first checkpoint");
    }

    @Test
    void aSearchShowsItsGenerationsLive(FxRobot robot) throws Exception {
        robot.clickOn("#nav-jobs");
        robot.clickOn("#form-search");
        Button start = robot.lookup("#start-search").queryButton();
        assertThat(start.isDisabled()).isFalse(); // the store's supernet and the default budgets
        replaceText(robot, "#search-budgets", "0.1M,1M");
        assertThat(start.isDisabled()).isTrue();
        assertThat(errors(robot)).anySatisfy(e -> assertThat(e).contains("below the smallest subnet of the search space"));
        replaceText(robot, "#search-budgets", "1M,2M");
        assertThat(start.isDisabled()).isFalse();
        robot.clickOn(start);

        JobViewModel job = context.jobs().jobs().get(0);
        waitFor(() -> job.search().latest() != null);
        waitFor(() -> robot.lookup("#job-generation").queryAs(Label.class).getText().contains("budget 1/2 (1.00M)"));
        robot.clickOn("#cancel-job");
        waitFor(() -> job.state() == JobState.CANCELLED);
        assertThat(job.outcomeProperty().get()).startsWith("cancelled after generation");
        assertThat(context.jobs().shownFormProperty().get()).isEqualTo(JobsViewModel.Form.SEARCH);
    }

    @Test
    void theGalleryBudgetIsOpenOnlyForAPairModeSupernet(FxRobot robot) throws Exception {
        robot.clickOn("#nav-jobs");
        robot.clickOn("#form-search");
        Button start = robot.lookup("#start-search").queryButton();
        Node galleryBudget = robot.lookup("#search-gallery-budget").query();
        robot.interact(() -> context.jobs().searchForm().supernetProperty().set(option(supernet)));
        assertThat(galleryBudget.isDisabled()).isTrue();
        assertThat(hints(robot)).contains("pair-mode supernets only: this one searches against its gallery model");

        robot.interact(() -> context.jobs().searchForm().supernetProperty().set(option(pairSupernet)));
        assertThat(galleryBudget.isDisabled()).isFalse();
        assertThat(hints(robot)).anySatisfy(h -> assertThat(h).startsWith("empty: the largest subnet"));
        replaceText(robot, "#search-gallery-budget", "0.1M");
        assertThat(start.isDisabled()).isTrue();
        assertThat(errors(robot)).anySatisfy(e -> assertThat(e).contains("below the smallest subnet of the search space"));
        replaceText(robot, "#search-gallery-budget", "20M");
        assertThat(start.isDisabled()).isFalse();
        robot.clickOn(start);
        waitFor(() -> !context.jobs().jobs().isEmpty());
        assertThat(factory.searches).singleElement()
                .satisfies(c -> assertThat(c.galleryBudget()).isEqualTo("20M"))
                .satisfies(c -> assertThat(c.supernet()).isEqualTo(pairSupernet.id()));
        robot.clickOn("#cancel-job");
        waitFor(() -> context.jobs().jobs().get(0).state() == JobState.CANCELLED);
    }

    private org.cmpnas.views.jobs.RunOption option(RunRecord run) {
        return context.jobs().searchForm().supernets().stream().filter(o -> o.id().equals(run.id())).findFirst().orElseThrow();
    }

    private static List<String> hints(FxRobot robot) {
        return robot.lookup(".field-hint").queryAll().stream().filter(Node::isVisible).filter(n -> n instanceof Label)
                .map(n -> ((Label) n).getText()).toList();
    }

    private static void replaceText(FxRobot robot, String field, String text) {
        robot.clickOn(field).press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write(text);
    }

    private static List<String> errors(FxRobot robot) {
        return robot.lookup(".field-error").queryAll().stream().filter(Node::isVisible).map(n -> ((Label) n).getText()).toList();
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Jobs that report every 10 ms until cancelled; the search reports a generation every 20 steps. */
    private static final class SlowJobs implements JobFactory {
        private final List<SearchRunConfig> searches = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Job training(TrainConfig config) {
            return steps("train " + config.name(), 2000 * config.schedule().epochs(), null);
        }

        @Override
        public Job supernet(SupernetConfig config) {
            return steps("supernet " + config.name(), 2000 * config.schedule().epochs(), null);
        }

        @Override
        public Job search(SearchRunConfig config) {
            searches.add(config);
            return steps("search " + config.budgets(), 4000, config);
        }

        @Override
        public Job export(ExportConfig config) {
            return steps("export " + config.budget(), 2000, null);
        }

        @Override
        public Job importGallery(GalleryImport.Request request) {
            return steps("import " + request.name(), 2000, null);
        }

        @Override
        public Job resume(String runId, RunConfig config) {
            return steps("resume " + config.name(), 2000, null);
        }

        private static Job steps(String title, int total, SearchRunConfig search) {
            return Job.of(title, (JobListener listener, CancellationToken token) -> {
                for (int step = 1; step <= total; step++) {
                    token.check();
                    listener.progress(step, total, "step " + step);
                    if (search != null && step % 20 == 0) {
                        long budget = search.budgetList().get(0);
                        int generation = step / 20;
                        SearchPoint best = new SearchPoint(SearchSpace.smallest(), SearchSpace.smallest().macs(), 50 + generation * 0.1);
                        listener.metric(SearchJob.bestName(budget), best.reward(), generation, 1);
                        listener.event(new GenerationEvent(budget, generation, 200, best, List.of(best), generation * 5));
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return "run";
            });
        }
    }
}
