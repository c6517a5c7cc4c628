package org.cmpnas.engine.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cmpnas.engine.BadInputException;
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

/** Every config shape a version wrote reads into its typed config, by the run's kind; the catalogue says what resumes. */
class RunConfigTest {

    private static List<RunRecord> runs(Path store) {
        return new RunStore(store).list().stream().flatMap(l -> l.record().stream()).toList();
    }

    private static String caseOf(Optional<RunConfig> config) {
        return config.map(c -> c.getClass().getSimpleName()).orElse("none");
    }

    @Test
    void schemaOneRunsOfEveryKindReadIntoTheirTypedConfigs() {
        Map<String, String> read = new TreeMap<>();
        for (RunRecord run : runs(Path.of("src", "test", "resources", "golden-store"))) {
            read.put("golden " + run.kind(), caseOf(RunConfig.of(run)));
            // the first stores wrote the loss as an object, {"type": "independent"}
            assertThat(RunConfig.of(run)).get().extracting(c -> ((RunConfig.Training) c).config().loss()).isEqualTo(new LossSpec.Independent());
            assertThat(run.configAs(TrainConfig.class).loss()).as("as resume reads it").isEqualTo(new LossSpec.Independent());
        }
        for (RunRecord run : runs(Path.of("src", "test", "resources", "shipped-v1"))) {
            read.put("v1 " + run.kind(), caseOf(RunConfig.of(run)));
            if (RunConfig.of(run).orElseThrow() instanceof RunConfig.Export export) {
                // the first exports named the fine-tuning's epochs finetuneEpochs
                assertThat(export.config().finetune().epochs()).as(run.id()).isEqualTo(run.config().path("finetuneEpochs").asInt()).isEqualTo(8);
                assertThat(export.config().finetune().lr()).isEqualTo(run.config().path("lr").asDouble());
                assertThat(export.config().loss().text()).isEqualTo(run.config().path("loss").asText());
            }
        }
        assertThat(read).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "golden gallery", "Training", "v1 supernet", "Supernet", "v1 search", "Search", "v1 query", "Export")));
    }

    @Test
    void theShippedRunsReadByKindAndEachConfigNamesItsRun() {
        for (RunRecord run : runs(Path.of("sample-data", "runs"))) {
            Optional<RunConfig> config = RunConfig.of(run);
            switch (run.kind()) {
                case gallery -> assertThat(caseOf(config)).as(run.id()).isEqualTo("Training");
                case query -> assertThat(caseOf(config)).as(run.id()).isIn("Training", "Export");
                case supernet -> assertThat(caseOf(config)).as(run.id()).isEqualTo("Supernet");
                case search -> assertThat(caseOf(config)).as(run.id()).isEqualTo("Search");
                case imported -> assertThat(config).as(run.id()).isEmpty();
            }
            config.ifPresent(c -> assertThat(c.name()).isNotBlank());
        }
    }

    @Test
    void aConfigRoundTripsThroughRunJsonWithItsTypeMarker(@TempDir Path dir) {
        RunStore store = new RunStore(dir);
        Map<RunConfig, RunKind> configs = new LinkedHashMap<>();
        configs.put(new RunConfig.Training(TrainConfig.defaults("resnet-q").withLoss(LossSpec.of("bct+l2", 0.5, 0.1), "20260101-000000-0000")), RunKind.query);
        configs.put(new RunConfig.Supernet(SupernetConfig.defaults("20260101-000000-0000").withLoss(LossSpec.of("contrastive", 2, 0.05))), RunKind.supernet);
        configs.put(new RunConfig.Search(SearchRunConfig.defaults("20260101-000000-0001", "0.5M,1M").withSeed(3)), RunKind.search);
        configs.put(new RunConfig.Export(ExportConfig.of("20260101-000000-0002", "1M", 2).withName("cmpnas 1.00M ft2")), RunKind.query);
        List<String> markers = new ArrayList<>();
        configs.forEach((config, kind) -> {
            RunHandle run = store.create(config.name(), kind, "x", 0, 0, Json.mapper().valueToTree(config.config()),
                    Provenance.capture(1, "fashion-mnist", "abc", 10, null, "0", "0"));
            RunRecord stored = store.load(run.id());
            markers.add(stored.config().path("type").asText());
            assertThat(RunConfig.of(stored)).contains(config);
            if (!(config instanceof RunConfig.Search)) { // the parts are written flat, a field per option, as every earlier version did
                assertThat(stored.config().path("batch").asInt()).isEqualTo(64);
                assertThat(stored.config().has("schedule")).isFalse();
            }
        });
        assertThat(markers).containsExactly("training", "supernet", "search", "export");
        RunRecord supernet = store.list().stream().flatMap(l -> l.record().stream()).filter(r -> r.kind() == RunKind.supernet).findFirst().orElseThrow();
        assertThat(supernet.config().path("loss").asText()).isEqualTo("contrastive");
        assertThat(supernet.config().path("temperature").asDouble()).isEqualTo(0.05);
    }

    @Test
    void aTrainingConfigWritesTheFieldsOfEarlierVersionsAndNoOthers() {
        List<String> fields = new ArrayList<>();
        Json.mapper().valueToTree(TrainConfig.defaults("resnet-q")).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("type", "name", "arch", "epochs", "batch", "lr", "momentum", "weightDecay", "seed",
                "data", "limit", "subset", "images", "flip", "padCrop", "loss", "lambda", "temperature", "gallery", "galleryArch");
    }

    @Test
    void trainingSupernetAndSearchRunsResumeAJointPairOrAnExportStartsAgain() {
        TrainConfig single = TrainConfig.defaults("resnet-q");
        assertThat(new RunConfig.Training(single).resumable()).isTrue();
        assertThat(new RunConfig.Training(single.joint("resnet-g")).resumable()).isFalse();
        RunConfig export = new RunConfig.Export(ExportConfig.of("x-1", "1M", 0));
        assertThat(export.resumable()).isFalse();
        assertThatThrownBy(() -> export.resume(null, "20260101-000000-0000"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("cannot be resumed");
    }
}
