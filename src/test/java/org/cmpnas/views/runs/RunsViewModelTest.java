package org.cmpnas.views.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cmpnas.engine.catalogue.RunConfig;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.views.TestRuns;
import org.cmpnas.views.common.AppState;
import org.cmpnas.views.common.Fact;
import org.cmpnas.views.common.RunCatalog;
import org.cmpnas.views.common.SameThreadLane;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsViewModelTest {
    @TempDir
    Path dir;
    private RunStore store;
    private RunCatalog catalog;
    private RunsViewModel vm;
    private RunRecord run;
    private final List<RunConfig> repeated = new ArrayList<>();
    private final List<String> resumed = new ArrayList<>();
    private final List<Path> opened = new ArrayList<>();
    /** Stands in for the file manager; fails when told to, like a desktop without one. */
    private boolean noFileManager;

    /** Stands in for the app's JSON reader: the views never parse JSON. */
    private final RunConfigs configs = new RunConfigs() {
        @Override
        public List<Fact> describe(RunRecord r) {
            return List.of(new Fact("arch", r.arch()));
        }

        @Override
        public Optional<RunConfig> repeatable(RunRecord r) {
            return Optional.of(new RunConfig.Training(TestRuns.config(r.name(), r.arch())));
        }
    };

    @BeforeEach
    void store() {
        store = new RunStore(dir);
        run = TestRuns.finished(store, "paragon", "resnet-g", 88.5);
        TestRuns.damaged(store, "20200101-000000-beef");
        AppState state = new AppState(store);
        SameThreadLane background = new SameThreadLane();
        catalog = new RunCatalog(state, background);
        vm = new RunsViewModel(state, catalog, background, configs, repeated::add, (id, config) -> resumed.add(id), folder -> {
            if (noFileManager) {
                throw new UnsupportedOperationException("no file manager");
            }
            opened.add(folder);
        });
        catalog.refresh();
    }

    private void select(String id) {
        vm.selectedProperty().set(vm.runs().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow());
    }

    @Test
    void detailsShowWhatTheRunIsItsMetricsConfigAndProvenance() {
        select(run.id());
        RunDetails d = vm.detailsProperty().get();
        assertThat(d.overview()).contains(new Fact("MACs", "80.52M  (80,523,776)"), new Fact("Kind", "gallery"));
        assertThat(d.metrics()).contains(new Fact("val.top1", "88.50 %"), new Fact("train.loss", "0.5000"));
        assertThat(d.config()).containsExactly(new Fact("arch", "resnet-g"));
        assertThat(d.provenance()).contains(new Fact("Seed", "7"), new Fact("Protocol", "v" + org.cmpnas.engine.store.Provenance.PROTOCOL_VERSION));
    }

    @Test
    void curvesAreReadFromTheRunsMetrics() {
        select(run.id());
        assertThat(vm.curvesProperty().get()).isNotNull();
        assertThat(vm.curvesProperty().get().latestValTop1()).isEqualTo(88.5);
        assertThat(vm.curvesProperty().get().latestLoss()).isEqualTo(0.5);
    }

    @Test
    void aDamagedRunHasNoDetailsAndCannotBeRepeated() {
        select("20200101-000000-beef");
        assertThat(vm.detailsProperty().get()).isNull();
        assertThat(vm.canRepeatProperty().get()).isFalse();
        assertThat(vm.canDeleteProperty().get()).isTrue();
    }

    @Test
    void repeatHandsTheConfigOn() {
        select(run.id());
        assertThat(vm.canRepeatProperty().get()).isTrue();
        vm.repeatSelected();
        assertThat(repeated).singleElement().satisfies(c ->
                assertThat(((RunConfig.Training) c).config().arch()).isEqualTo("resnet-g"));
    }

    @Test
    void onlyARunThatStoppedPartWayCanBeResumed() {
        RunRecord cancelled = TestRuns.cancelled(store, "stopped", "resnet-q");
        RunRecord failed = TestRuns.failed(store, "diverged", "resnet-q", "training diverged");
        catalog.refresh();
        select(run.id());
        assertThat(vm.canResumeProperty().get()).as("finished").isFalse();
        select(failed.id());
        assertThat(vm.canResumeProperty().get()).as("failed: it would fail again").isFalse();
        select(cancelled.id());
        assertThat(vm.canResumeProperty().get()).isTrue();
        vm.resumeSelected();
        assertThat(resumed).containsExactly(cancelled.id());
    }

    @Test
    void deleteHidesTheRunAndReloads() {
        select(run.id());
        vm.deleteSelected();
        assertThat(vm.runs()).extracting(RunListing::id).doesNotContain(run.id());
        assertThat(store.load(run.id()).deleted()).isTrue(); // soft: still on disk
        assertThat(vm.problemProperty().get()).isNull();
        assertThat(vm.lastDeletedProperty().get()).isEqualTo(run.id());

        vm.undoDelete(); // the promise of the dialog: nothing is lost
        assertThat(vm.runs()).extracting(RunListing::id).contains(run.id());
        assertThat(store.load(run.id()).deleted()).isFalse();
        assertThat(vm.lastDeletedProperty().get()).isNull();
    }

    @Test
    void renameWritesTheRecordAndReloadsTheCatalog() {
        select(run.id());
        assertThat(vm.nameDraftProperty().get()).isEqualTo("paragon");
        assertThat(vm.canRenameProperty().get()).as("nothing changed yet").isFalse();
        vm.nameDraftProperty().set("  resnet-g paragon, 3 epochs ");
        assertThat(vm.canRenameProperty().get()).isTrue();
        vm.renameSelected();

        assertThat(store.load(run.id()).name()).isEqualTo("resnet-g paragon, 3 epochs");
        assertThat(vm.runs()).filteredOn(l -> l.id().equals(run.id())).singleElement()
                .satisfies(l -> assertThat(l.record().orElseThrow().name()).isEqualTo("resnet-g paragon, 3 epochs"));
        assertThat(vm.problemProperty().get()).isNull();
    }

    @Test
    void aBadNameIsExplainedNextToTheFieldAndNotWritten() {
        select(run.id());
        vm.nameDraftProperty().set("   ");
        assertThat(vm.nameProblemProperty().get()).contains("empty");
        assertThat(vm.canRenameProperty().get()).isFalse();
        vm.nameDraftProperty().set("x".repeat(200));
        assertThat(vm.nameProblemProperty().get()).contains("at most");
        vm.renameSelected();
        assertThat(store.load(run.id()).name()).isEqualTo("paragon");
    }

    @Test
    void theNoteIsKeptShownForItsRunAndCanBeCleared() {
        select(run.id());
        assertThat(vm.noteDraftProperty().get()).isEmpty();
        assertThat(vm.canSaveNoteProperty().get()).isFalse();
        vm.noteDraftProperty().set("the paragon for every BCT run\nlr 0.05 was too high");
        vm.saveNote();
        assertThat(store.load(run.id()).note()).isEqualTo("the paragon for every BCT run\nlr 0.05 was too high");

        select("20200101-000000-beef"); // another run shows its own (empty) note
        assertThat(vm.noteDraftProperty().get()).isEmpty();
        select(run.id());
        assertThat(vm.noteDraftProperty().get()).startsWith("the paragon");

        vm.noteDraftProperty().set("");
        vm.saveNote();
        assertThat(store.load(run.id()).note()).isNull();
    }

    @Test
    void aReloadOfTheSameRunKeepsWhatIsBeingTyped() {
        select(run.id());
        vm.noteDraftProperty().set("half a tho");
        select(run.id()); // the catalog reloaded (e.g. a job ended) and the view selected the run again
        assertThat(vm.noteDraftProperty().get()).isEqualTo("half a tho");
    }

    @Test
    void aRunAnotherWindowIsTrainingCannotBeRenamedAndSaysWhy() {
        RunHandle live = new RunStore(dir).open(run.id()); // a second store over the folder, as another window has
        live.setStatus(RunStatus.running, null);
        try {
            select(run.id());
            vm.nameDraftProperty().set("mine");
            vm.renameSelected();
            assertThat(vm.problemProperty().get()).contains("could not rename", run.id(), "being written");
            assertThat(store.load(run.id()).name()).isEqualTo("paragon");
            assertThat(vm.canRenameProperty().get()).as("can try again once the job ended").isTrue();
        } finally {
            live.setStatus(RunStatus.finished, null);
        }
    }

    @Test
    void openFolderHandsTheRunsFolderToTheFileManagerAndShowsThePath() {
        select(run.id());
        vm.openFolder();
        Path folder = store.dir(run.id()).toAbsolutePath();
        assertThat(opened).containsExactly(folder);
        assertThat(vm.folderProperty().get()).isEqualTo(folder.toString());
    }

    @Test
    void withoutAFileManagerThePathIsShownToCopy() {
        noFileManager = true;
        select(run.id());
        vm.openFolder();
        assertThat(opened).isEmpty();
        assertThat(vm.folderProperty().get()).isEqualTo(store.dir(run.id()).toAbsolutePath().toString());
        assertThat(vm.folderMessageProperty().get()).contains("no file manager", "copy the path");
    }
}
