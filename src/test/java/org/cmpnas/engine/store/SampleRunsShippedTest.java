package org.cmpnas.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.train.TrainConfig;
import org.junit.jupiter.api.Test;

/**
 * The runs shipped in sample-data/runs (see tools/ship_sample_runs.py) still load with this version:
 * records, results and weights. When this fails, regenerate them with a full {@code cmpnas reproduce}.
 */
class SampleRunsShippedTest {

    @Test
    void everyShippedRunLoadsAndItsModelEmbeds() throws Exception {
        SampleRuns samples = SampleRuns.locate().orElseThrow(() -> new AssertionError("sample-data/runs is missing"));
        List<RunListing> runs = samples.store().list();
        assertThat(runs).hasSizeGreaterThanOrEqualTo(6).noneMatch(RunListing::isDamaged);
        LabeledImages images = Datasets.load(TrainConfig.FASHION_MNIST).query().first(4);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (RunListing listing : runs) {
                RunRecord run = listing.record().orElseThrow();
                assertThat(run.status()).as(run.id()).isEqualTo(RunStatus.finished);
                samples.store().evaluations(run.id());
                Path weights = samples.store().dir(run.id()).resolve("weights");
                if (run.kind() == RunKind.gallery || run.kind() == RunKind.query) {
                    try (LoadedModel model = ModelFiles.open(weights, manager)) {
                        Embeddings e = new Embedder(model.block(), manager).embed(images);
                        assertThat(e.count()).as(run.id()).isEqualTo(4);
                    }
                }
            }
        }
        assertThat(samples.store().reportDir("reproduce").resolve("report.md")).exists();
        assertThat(Files.readString(samples.store().reportDir("reproduce").resolve("report.json"))).contains("\"rows\"");
    }
}
