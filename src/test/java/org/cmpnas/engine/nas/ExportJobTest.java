package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.eval.Evaluator;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.model.SubnetSpec;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.MetricEvent;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.junit.jupiter.api.Test;

/** A searched subnet as a standalone query model that loads and evaluates like a trained one. */
class ExportJobTest {

    @Test
    void exportedSubnetIsTheModelTheSearchScoredAndEvaluatesAgainstTheGallery() {
        NasPipelineFixture f = NasPipelineFixture.get();
        SearchRecord.Budget best = SearchRecord.read(f.store.dir(f.search)).budget(NasPipelineFixture.LARGE_BUDGET).orElseThrow();
        String id = new ExportJob(f.store, JobListener.NONE, new CancellationToken())
                .start(ExportConfig.of(f.search, Long.toString(NasPipelineFixture.LARGE_BUDGET), 0), NasPipelineFixture.DATA);

        RunRecord run = f.store.load(id);
        SubnetSpec spec = SubnetSpec.parse(best.subnet());
        assertThat(run.kind()).isEqualTo(RunKind.query);
        assertThat(run.status()).isEqualTo(RunStatus.finished);
        assertThat(run.arch()).isEqualTo(best.subnet());
        assertThat(run.macs()).isEqualTo(spec.macs());
        assertThat(run.params()).isEqualTo(spec.params());
        assertThat(run.links()).containsEntry("search", f.search).containsEntry("supernet", f.supernet).containsEntry("gallery", f.gallery);
        // Recalibrated on the search's batches: the very model the search scored.
        assertThat(run.metrics().get("val.hetero.mAP")).isCloseTo(best.reward(), within(0.05));
        assertThat(run.metrics()).containsKeys("val.top1", "val.mAP", "val.hetero.top1", "search.reward");

        try (NDManager manager = NDManager.newBaseManager()) {
            assertThat(ModelFiles.load(f.store.dir(id).resolve("weights"), manager)).isNotNull();
            Evaluation e = new Evaluator(f.store, manager).evaluate(id, f.gallery, NasPipelineFixture.DATA);
            // One tiny epoch of supernet training: the numbers are valid, not yet good.
            assertThat(e.mAP()).isBetween(0.0, 100.0);
            assertThat(e.top1()).isBetween(0.0, 100.0);
            assertThat(e.queries()).isEqualTo(NasPipelineFixture.DATA.query().size());
            assertThat(e.queryMacs()).isEqualTo(spec.macs());
            assertThat(e.costReduction()).isCloseTo((double) f.store.load(f.gallery).macs() / spec.macs(), within(1e-9));
        }
    }

    @Test
    void fineTuningTrainsTheExportedModelWithTheCompatibilityLoss() {
        NasPipelineFixture f = NasPipelineFixture.get();
        String id = new ExportJob(f.store, JobListener.NONE, new CancellationToken())
                .start(ExportConfig.of(f.search, Long.toString(NasPipelineFixture.SMALL_BUDGET), 1).withName("tuned"), NasPipelineFixture.DATA);
        RunRecord run = f.store.load(id);
        assertThat(run.status()).isEqualTo(RunStatus.finished);
        assertThat(run.name()).isEqualTo("tuned");
        assertThat(run.config().path("epochs").asInt()).as("the fine-tuning schedule's epochs").isEqualTo(1);
        assertThat(run.config().path("loss").asText()).isEqualTo(SupernetConfig.DEFAULT_LOSS); // the supernet's
        assertThat(run.metrics().get("finetune.loss")).isFinite().isPositive();
        assertThat(f.store.metrics(id).stream().map(MetricEvent::name)).contains("finetune.loss", "finetune.step_loss");
        try (NDManager manager = NDManager.newBaseManager()) {
            Evaluation e = new Evaluator(f.store, manager).evaluate(id, f.gallery, NasPipelineFixture.DATA);
            assertThat(e.mAP()).isBetween(0.0, 100.0);
            assertThat(e.query()).isEqualTo(id);
        }
    }

    @Test
    void aBudgetTheSearchDidNotCoverIsNamedWithTheOnesItDid() {
        NasPipelineFixture f = NasPipelineFixture.get();
        int runs = f.store.list().size();
        assertThatThrownBy(() -> new ExportJob(f.store, JobListener.NONE, new CancellationToken())
                .start(ExportConfig.of(f.search, "77M", 0), NasPipelineFixture.DATA))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("77M")
                .hasMessageContaining(MacsBudgets.format(NasPipelineFixture.SMALL_BUDGET));
        assertThatThrownBy(() -> new ExportJob(f.store, JobListener.NONE, new CancellationToken())
                .start(ExportConfig.of(f.supernet, "1M", 0), NasPipelineFixture.DATA))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not a search run");
        assertThat(f.store.list()).hasSize(runs);
    }
}
