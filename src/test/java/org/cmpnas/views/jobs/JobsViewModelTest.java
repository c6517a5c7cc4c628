package org.cmpnas.views.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import org.cmpnas.engine.catalogue.RunConfig;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.Schedule;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.views.common.AppState;
import org.cmpnas.views.common.RunCatalog;
import org.cmpnas.views.common.SameThreadJobRunner;
import org.cmpnas.views.common.SameThreadLane;
import org.cmpnas.views.shell.ShellViewModel;
import org.junit.jupiter.api.Test;

class JobsViewModelTest {
    private final List<TrainConfig> started = new ArrayList<>();
    private final AtomicInteger storeChanges = new AtomicInteger();

    private JobsViewModel jobs(org.cmpnas.views.common.JobRunner runner, Function<TrainConfig, Job> factory) {
        RunChoices choices = new RunChoices(FXCollections.observableArrayList(), new SimpleObjectProperty<>(), r -> List.of(), r -> java.util.Optional.empty());
        return new JobsViewModel(runner, new FakeJobs.Factory(c -> {
            started.add((TrainConfig) c);
            return factory.apply((TrainConfig) c);
        }), choices, System::nanoTime, storeChanges::incrementAndGet);
    }

    @Test
    void startRunsTheFormsConfigAndFollowsTheJobToItsEnd() {
        JobsViewModel vm = jobs(new SameThreadJobRunner(), c -> FakeJobs.training(c.name()));
        vm.form().epochsProperty().set("2");
        JobViewModel job = vm.start();

        assertThat(started).singleElement().satisfies(c -> assertThat(c.schedule().epochs()).isEqualTo(2));
        assertThat(vm.jobs()).containsExactly(job);
        assertThat(vm.selectedProperty().get()).isSameAs(job);
        assertThat(job.state()).isEqualTo(JobState.FINISHED);
        assertThat(job.runIdProperty().get()).isEqualTo("run-resnet-q");
        assertThat(job.progressProperty().get()).isEqualTo(1.0);
        assertThat(job.currentEpochProperty().get()).isEqualTo(2);
        assertThat(job.log()).containsExactly("epoch 1/2 done", "epoch 2/2 done");
        assertThat(job.curves().latestValTop1()).isEqualTo(70.0);
        assertThat(storeChanges.get()).isGreaterThanOrEqualTo(3); // started, two epochs, ended
        assertThat(vm.isBusy()).isFalse();
    }

    @Test
    void resumeQueuesTheStoppedRunAsItsKindOfJob() {
        List<Object> asked = new ArrayList<>();
        RunChoices choices = new RunChoices(FXCollections.observableArrayList(), new SimpleObjectProperty<>(), r -> List.of(), r -> java.util.Optional.empty());
        JobsViewModel vm = new JobsViewModel(new SameThreadJobRunner(), new FakeJobs.Factory(c -> {
            asked.add(c);
            return FakeJobs.training("stopped");
        }), choices, System::nanoTime, storeChanges::incrementAndGet);
        RunConfig config = new RunConfig.Training(org.cmpnas.views.TestRuns.config("stopped", "resnet-q"));
        JobViewModel job = vm.resume("20261127-000000-abcd", config);
        assertThat(asked).containsExactly(config);
        assertThat(vm.jobs()).containsExactly(job);
        assertThat(job.state()).isEqualTo(JobState.FINISHED);
        assertThat(job.runIdProperty().get()).isEqualTo("run-stopped");
    }

    @Test
    void anInvalidFormStartsNothing() {
        JobsViewModel vm = jobs(new SameThreadJobRunner(), c -> FakeJobs.training(c.name()));
        vm.form().batchProperty().set("lots");
        assertThat(vm.canStartProperty().get()).isFalse();
        assertThat(vm.start()).isNull();
        assertThat(started).isEmpty();
        assertThat(vm.jobs()).isEmpty();
    }

    @Test
    void failedAndCancelledJobsSayWhy() {
        JobsViewModel failing = jobs(new SameThreadJobRunner(), c -> FakeJobs.failing("--data /nope: no such folder"));
        JobViewModel f = failing.start();
        assertThat(f.state()).isEqualTo(JobState.FAILED);
        assertThat(f.outcomeProperty().get()).isEqualTo("--data /nope: no such folder");

        JobsViewModel cancelling = jobs(new SameThreadJobRunner(), c -> FakeJobs.cancelledWhileRunning());
        JobViewModel c = cancelling.start();
        assertThat(c.state()).isEqualTo(JobState.CANCELLED);
        assertThat(c.outcomeProperty().get()).startsWith("cancelled during epoch 1/");
    }

    @Test
    void jobsQueueAndTheStatusBarFollowsTheRunningOne() {
        FakeJobs.ManualRunner engine = new FakeJobs.ManualRunner();
        JobsViewModel vm = jobs(engine, c -> FakeJobs.training(c.name()));
        ShellViewModel shell = new ShellViewModel(new AppState(new RunStore(java.nio.file.Path.of("/tmp/none"))), vm,
                new RunCatalog(new AppState(new RunStore(java.nio.file.Path.of("/tmp/none"))), new SameThreadLane()));
        vm.form().epochsProperty().set("8");
        JobViewModel first = vm.start();
        JobViewModel second = vm.start();
        assertThat(vm.jobs()).containsExactly(second, first); // newest first
        assertThat(vm.isBusy()).isTrue();
        assertThat(shell.engineTextProperty().get()).isEqualTo("starting · 2 queued");

        engine.observers.get(0).started();
        engine.observers.get(0).progress(360, 800, "epoch 4/8  loss 0.8");
        assertThat(vm.runningProperty().get()).isSameAs(first);
        assertThat(shell.engineTextProperty().get()).isEqualTo("training resnet-q · epoch 4/8 · 45% · 1 queued");

        second.cancel();
        assertThat(second.state()).isEqualTo(JobState.CANCELLED);
        assertThat(second.statusProperty().get()).contains("before it started");
        engine.observers.get(0).succeeded("run-1");
        assertThat(shell.engineTextProperty().get()).isEqualTo("idle");
        assertThat(vm.isBusy()).isFalse();

        vm.clearEnded();
        assertThat(vm.jobs()).isEmpty();
    }

    @Test
    void repeatFillsTheFormWithoutStarting() {
        JobsViewModel vm = jobs(new SameThreadJobRunner(), c -> FakeJobs.training(c.name()));
        TrainConfig run = TrainConfig.of("resnet-g", "fashion-mnist").withName("again").withSchedule(new Schedule(3, 32, 0.02, 0.9, 5e-4, 9)).withData(DataSpec.all("fashion-mnist").withLimit(100));
        vm.repeat(run);
        assertThat(vm.form().config()).isEqualTo(run);
        assertThat(vm.jobs()).isEmpty();
    }

    @Test
    void repeatingAPairSearchChoosesItsPairSupernetAndFillsItsGalleryBudget() {
        java.time.Instant t = java.time.Instant.parse("2026-11-27T02:35:00Z");
        org.cmpnas.engine.store.RunRecord pair = org.cmpnas.engine.store.RunRecord.newRun("p-1", "supernet pair bct+l2",
                org.cmpnas.engine.store.RunKind.supernet, "supernet", 0, 0, t, null, null)
                .withStatus(org.cmpnas.engine.store.RunStatus.finished, null);
        RunChoices choices = new RunChoices(FXCollections.observableArrayList(org.cmpnas.engine.store.RunListing.ok(pair)),
                new SimpleObjectProperty<>(), r -> List.of(),
                r -> java.util.Optional.of(org.cmpnas.engine.nas.SupernetConfig.pairDefaults()).filter(c -> r.id().equals("p-1")));
        assertThat(choices.isPairSupernet("p-1")).isTrue();
        assertThat(choices.supernets()).singleElement().satisfies(o -> assertThat(o.label()).endsWith(" · pair mode"));
        JobsViewModel vm = new JobsViewModel(new SameThreadJobRunner(), new FakeJobs.Factory(c -> FakeJobs.training("x")),
                choices, System::nanoTime, () -> { });
        vm.repeat(org.cmpnas.engine.nas.SearchRunConfig.defaults("p-1", "1M").withGalleryBudget("30M"));
        assertThat(vm.shownFormProperty().get()).isEqualTo(JobsViewModel.Form.SEARCH);
        assertThat(vm.searchForm().pairModeProperty().get()).isTrue();
        assertThat(vm.searchForm().galleryBudgetProperty().get()).isEqualTo("30M");
        assertThat(vm.searchForm().config().galleryBudget()).isEqualTo("30M");
        assertThat(vm.jobs()).isEmpty();
    }

    @Test
    void theGalleryChosenInModelsIsTheFormsGallery() {
        javafx.beans.property.ObjectProperty<org.cmpnas.views.common.GalleryModel> chosen = new SimpleObjectProperty<>();
        RunChoices choices = new RunChoices(FXCollections.observableArrayList(), chosen, r -> List.of(), r -> java.util.Optional.empty());
        JobsViewModel vm = new JobsViewModel(new SameThreadJobRunner(), new FakeJobs.Factory(c -> FakeJobs.training("x")),
                choices, System::nanoTime, () -> { });
        vm.form().lossProperty().set("bct");
        assertThat(vm.form().galleryProperty().get()).isNull();
        chosen.set(new org.cmpnas.views.common.GalleryModel("g-1", "paragon", "resnet-g", 80_520_000L));
        assertThat(vm.form().galleryProperty().get().label()).isEqualTo("paragon · 80.52M MACs");
        assertThat(vm.supernetForm().galleryProperty().get().id()).isEqualTo("g-1");
    }
}
