package org.cmpnas.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.cmpnas.engine.catalogue.RunConfig;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.nas.ExportConfig;
import org.cmpnas.engine.nas.SearchRunConfig;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repeat reads every kind of job's config back from the run record, as the job stored it. */
class JsonRunConfigsTest {
    @TempDir
    Path dir;
    private final JsonRunConfigs configs = new JsonRunConfigs();

    private RunRecord run(RunKind kind, Object config) {
        RunHandle h = new RunStore(dir).create("r", kind, "x", 0, 0, Json.mapper().valueToTree(config),
                Provenance.capture(1, "fashion-mnist", "sha256:00", 10, null, "0.36.0", "2.7.1"));
        return h.record();
    }

    @Test
    void compatibilityTrainingSupernetSearchAndExportAreRepeatable() {
        TrainConfig compat = TrainConfig.defaults("resnet-q").withLoss(LossSpec.of("bct+l2", 0.5, 0.1), "g-1");
        assertThat(configs.repeatable(run(RunKind.query, compat))).contains(new RunConfig.Training(compat));

        SupernetConfig supernet = SupernetConfig.defaults("g-1").resolved("g-1", "fashion-mnist", null);
        assertThat(configs.repeatable(run(RunKind.supernet, supernet))).contains(new RunConfig.Supernet(supernet));

        SearchRunConfig search = SearchRunConfig.defaults("s-1", "0.5M, 1M").withSeed(3);
        RunRecord searchRun = run(RunKind.search, search);
        assertThat(configs.repeatable(searchRun)).contains(new RunConfig.Search(search));
        assertThat(configs.searchBudgets(searchRun)).containsExactly("0.5M", "1M");

        ExportConfig export = ExportConfig.of("x-1", "1M", 2).withName("cmpnas 1.00M ft2");
        assertThat(configs.repeatable(run(RunKind.query, export))).contains(new RunConfig.Export(export));
    }

    @Test
    void aPairModeSupernetIsToldApartAndAPairSearchRepeatsWithItsGalleryBudget() {
        assertThat(configs.supernetConfig(run(RunKind.supernet, SupernetConfig.pairDefaults()))).hasValueSatisfying(c -> assertThat(c.pair()).isTrue());
        assertThat(configs.supernetConfig(run(RunKind.supernet, SupernetConfig.defaults("g-1")))).hasValueSatisfying(c -> assertThat(c.pair()).isFalse());
        assertThat(configs.supernetConfig(run(RunKind.supernet, java.util.Map.of("epochs", "many")))).isEmpty();
        assertThat(configs.supernetConfig(run(RunKind.search, SearchRunConfig.defaults("s-1", "1M")))).isEmpty();

        SearchRunConfig pairSearch = SearchRunConfig.defaults("s-1", "1M").withGalleryBudget("20M");
        assertThat(configs.repeatable(run(RunKind.search, pairSearch))).contains(new RunConfig.Search(pairSearch));
    }

    @Test
    void importsAndUnreadableConfigsAreNot() {
        assertThat(configs.repeatable(run(RunKind.imported, java.util.Map.of("format", "torchscript")))).isEmpty();
        assertThat(configs.repeatable(run(RunKind.supernet, java.util.Map.of("epochs", "many")))).isEmpty();
    }
}
