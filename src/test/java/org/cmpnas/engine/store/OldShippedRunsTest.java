package org.cmpnas.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.data.Subset;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.nas.SearchRunConfig;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.train.TrainConfig;
import org.junit.jupiter.api.Test;

/**
 * The CMP-NAS runs shipped before budget-aware sampling and elastic resolution (protocol 1: a
 * whole-space supernet, its search and three exports) still load, read as what they were, and their
 * models still embed. They were the sample runs until the shipped set was regenerated.
 */
class OldShippedRunsTest {
    private static final Path STORE = Path.of("src", "test", "resources", "shipped-v1");

    @Test
    void protocolOneCmpNasRunsLoadAsWhatTheyWere() throws Exception {
        RunStore store = new RunStore(STORE);
        List<RunListing> runs = store.list();
        assertThat(runs).hasSize(5).noneMatch(RunListing::isDamaged);
        RunRecord supernet = store.load("20261126-175938-eb45");
        SupernetConfig trained = supernet.configAs(SupernetConfig.class);
        assertThat(trained.sampling()).isEqualTo("whole-space");
        assertThat(trained.sandwich().largest()).isEqualTo(SearchSpace.largest());
        assertThat(trained.resolutionList()).containsExactly(28);
        assertThat(trained.loss().text()).isEqualTo("bct");
        assertThat(trained.data().limit()).isEqualTo(8000);
        assertThat(trained.data().subset()).as("a limit recorded before balanced subsets keeps the first images").isEqualTo(Subset.first);
        assertThat(supernet.provenance().trainImagesHash()).isNull();
        assertThat(supernet.provenance().protocolVersion()).isEqualTo(1);
        assertThat(store.load("20261126-181345-f6cb").configAs(SearchRunConfig.class).budgetList()).hasSize(5);
        LabeledImages images = Datasets.load(TrainConfig.FASHION_MNIST).query().first(4);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (String export : List.of("20261126-181959-c6a0", "20261126-182634-a854", "20261126-183538-3477")) {
                assertThat(store.evaluations(export)).isNotEmpty().allSatisfy(e -> assertThat(Provenance.comparable(e.protocol())).isTrue());
                try (LoadedModel model = ModelFiles.open(store.dir(export).resolve("weights"), manager)) {
                    assertThat(new Embedder(model.block(), manager).embed(images).count()).isEqualTo(4);
                }
            }
        }
    }
}
