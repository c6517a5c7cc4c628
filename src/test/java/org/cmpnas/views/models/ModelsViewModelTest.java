package org.cmpnas.views.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.views.TestRuns;
import org.cmpnas.views.common.AppState;
import org.cmpnas.views.common.RunCatalog;
import org.cmpnas.views.common.SameThreadLane;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsViewModelTest {
    @TempDir
    Path dir;
    private RunStore store;
    private AppState state;
    private RunCatalog catalog;
    private RunRecord big;
    private RunRecord small;

    @BeforeEach
    void store() {
        store = new RunStore(dir.resolve("runs"));
        big = TestRuns.finished(store, "paragon", "resnet-g", 88.5);
        small = TestRuns.finished(store, "tiny", "resnet-q", 79.25);
        TestRuns.failed(store, "diverged", "resnet-q", "training diverged at epoch 2");
        TestRuns.damaged(store, "20200101-000000-beef");
        state = new AppState(store);
        catalog = new RunCatalog(state, new SameThreadLane());
    }

    private ModelsViewModel loaded() {
        ModelsViewModel vm = new ModelsViewModel(state, catalog);
        catalog.refresh();
        return vm;
    }

    @Test
    void everyRunIsARowDamagedOnesIncluded() {
        ModelsViewModel vm = loaded();
        assertThat(vm.rows()).extracting(ModelRow::name).containsExactlyInAnyOrder("paragon", "tiny", "diverged",
                "20200101-000000-beef");
        ModelRow damaged = vm.rows().stream().filter(ModelRow::isDamaged).findFirst().orElseThrow();
        assertThat(damaged.problem()).isNotBlank();
        assertThat(damaged.canBeGallery()).isFalse();
        ModelRow paragon = row(vm, "paragon");
        assertThat(paragon.macs()).isEqualTo(big.macs());
        assertThat(paragon.valTop1()).isEqualTo(88.5);
        assertThat(vm.countTextProperty().get()).isEqualTo("4 models");
    }

    @Test
    void filterMatchesEveryWordInNameArchKindOrStatus() {
        ModelsViewModel vm = loaded();
        vm.filterProperty().set("resnet-q");
        assertThat(vm.rows()).extracting(ModelRow::name).containsExactlyInAnyOrder("tiny", "diverged");
        vm.filterProperty().set("RESNET-Q finished");
        assertThat(vm.rows()).extracting(ModelRow::name).containsExactly("tiny");
        assertThat(vm.countTextProperty().get()).isEqualTo("1 of 4 models");
        vm.filterProperty().set("nothing-like-this");
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.emptyTextProperty().get()).contains("No run matches “nothing-like-this”");
        vm.filterProperty().set("");
        assertThat(vm.rows()).hasSize(4);
    }

    @Test
    void sortsByNumbersNotByTheirText() {
        ModelsViewModel vm = loaded();
        vm.filterProperty().set("finished");
        vm.rows().setComparator(Comparator.comparing(ModelRow::macs));
        assertThat(vm.rows()).extracting(ModelRow::name).containsExactly("tiny", "paragon");
        vm.rows().setComparator(Comparator.comparing(ModelRow::valTop1).reversed());
        assertThat(vm.rows()).extracting(ModelRow::name).containsExactly("paragon", "tiny");
    }

    @Test
    void theChosenGalleryModelIsSharedAppWide() {
        ModelsViewModel vm = loaded();
        vm.selectedProperty().set(row(vm, "diverged"));
        assertThat(vm.canUseAsGalleryProperty().get()).isFalse(); // failed runs hold no usable model
        vm.selectedProperty().set(row(vm, "paragon"));
        assertThat(vm.canUseAsGalleryProperty().get()).isTrue();
        vm.useSelectedAsGallery();
        assertThat(state.galleryModel().runId()).isEqualTo(big.id());
        assertThat(state.galleryModel().summary()).isEqualTo("paragon · 80.52M MACs");
        assertThat(vm.isGallery(row(vm, "paragon"))).isTrue();
        assertThat(vm.canUseAsGalleryProperty().get()).isFalse(); // already it
        vm.selectedProperty().set(row(vm, "tiny"));
        vm.useSelectedAsGallery();
        assertThat(state.galleryModel().runId()).isEqualTo(small.id());
    }

    @Test
    void testResultsOfTheModelOnBothSidesAreShownWhenEvaluated() {
        store.putEvaluation(new Evaluation(small.id(), small.id(), Provenance.PROTOCOL_VERSION, "fashion-mnist", 91.2,
                98.0, 64.75, 40, 20, small.macs(), small.macs(), 1, 1000, 9000, Instant.now()));
        store.putEvaluation(new Evaluation(small.id(), big.id(), Provenance.PROTOCOL_VERSION, "fashion-mnist", 92,
                98.5, 70, 41, 21, small.macs(), big.macs(), 34, 1000, 9000, Instant.now()));
        ModelsViewModel vm = loaded();
        assertThat(row(vm, "tiny").testMap()).isEqualTo(64.75); // M(Q,Q), not M(Q,G)
        assertThat(row(vm, "tiny").testTop1()).isEqualTo(91.2);
        assertThat(row(vm, "paragon").testMap()).isNull();
    }

    @Test
    void anEmptyStoreSaysWhatToDo() {
        state.switchStore(new RunStore(dir.resolve("empty")));
        ModelsViewModel vm = loaded();
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.emptyTextProperty().get()).contains("No runs in").contains("Train a model in Jobs");
    }

    @Test
    void newRunsAppearOnRefresh() {
        ModelsViewModel vm = loaded();
        TestRuns.finished(store, "later", "resnet-q", 80);
        vm.refresh();
        assertThat(vm.rows()).extracting(ModelRow::name).contains("later");
    }

    private static ModelRow row(ModelsViewModel vm, String name) {
        return vm.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
