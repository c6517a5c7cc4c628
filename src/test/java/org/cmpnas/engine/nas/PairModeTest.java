package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.util.List;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.eval.Evaluator;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.EmbeddingNet;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.junit.jupiter.api.Test;

/** Pair mode end to end on the tiny pipeline: the gallery is a subnet of the same supernet. */
class PairModeTest {

    @Test
    void pairSupernetTrainsAgainstItsLargestSubnetAndRecordsPairMode() {
        PairPipelineFixture f = PairPipelineFixture.get();
        RunRecord run = f.store.load(f.supernet);
        assertThat(run.kind()).isEqualTo(RunKind.supernet);
        assertThat(run.status()).isEqualTo(RunStatus.finished);
        assertThat(run.links()).doesNotContainKey("gallery");
        assertThat(run.config().path("pair").asBoolean()).isTrue();
        assertThat(run.config().path("mode").asText()).isEqualTo("pair");
        assertThat(run.config().path("gallery").isNull()).isTrue();
        assertThat(run.config().path("loss").asText()).isEqualTo("bct+l2");
        assertThat(run.config().path("data").asText()).isEqualTo("fashion-mnist");
        assertThat(SearchJob.supernetConfig(run).pair()).as("the config reads back").isTrue();
        assertThat(run.metrics().get("supernet.loss")).isFinite().isPositive();
        // M(largest, largest) is homogeneous retrieval; one tiny epoch beats chance (about 10% mAP).
        assertThat(run.metrics().get("val.largest.mAP")).isGreaterThan(10.0).isLessThanOrEqualTo(100.0);
        assertThat(run.metrics().get("val.smallest.mAP")).isBetween(0.0, 100.0);
        assertThat(Files.exists(f.store.dir(f.supernet).resolve("weights").resolve(SupernetFiles.PARAMS))).isTrue();
    }

    @Test
    void withoutAGalleryBudgetTheGalleryIsTheLargestSubnet() {
        PairPipelineFixture f = PairPipelineFixture.get();
        RunRecord run = f.store.load(f.search);
        assertThat(run.status()).isEqualTo(RunStatus.finished);
        assertThat(run.links()).containsEntry("supernet", f.supernet).doesNotContainKey("gallery");
        SearchRecord result = SearchRecord.read(f.store.dir(f.search));
        assertThat(result.isPair()).isTrue();
        assertThat(result.gallery()).isNull();
        assertThat(result.galleryBudget()).isNull();
        SubnetSpec largest = SearchSpace.largest();
        assertThat(result.budgets()).hasSize(2).allSatisfy(b -> {
            assertThat(b.macs()).isLessThanOrEqualTo(b.budget()).isEqualTo(SubnetSpec.parse(b.subnet()).macs());
            assertThat(b.gallerySubnet()).isEqualTo(largest.text());
            assertThat(b.galleryMacs()).isEqualTo(largest.macs());
        });
    }

    @Test
    void aPairSearchNeverReturnsAQueryOrGalleryOverItsBudget() throws Exception {
        PairPipelineFixture f = PairPipelineFixture.get();
        RunRecord run = f.store.load(f.pairSearch);
        assertThat(run.status()).isEqualTo(RunStatus.finished);
        assertThat(run.config().path("galleryBudget").asText()).isEqualTo(Long.toString(PairPipelineFixture.GALLERY_BUDGET));
        SearchRecord result = SearchRecord.read(f.store.dir(f.pairSearch));
        assertThat(result.mode()).isEqualTo("pair");
        assertThat(result.galleryBudget()).isEqualTo(PairPipelineFixture.GALLERY_BUDGET);
        assertThat(result.budgets()).extracting(SearchRecord.Budget::budget)
                .containsExactly(NasPipelineFixture.SMALL_BUDGET, NasPipelineFixture.LARGE_BUDGET);
        for (SearchRecord.Budget b : result.budgets()) {
            assertThat(SubnetSpec.parse(b.subnet()).macs()).as(b.subnet()).isEqualTo(b.macs()).isLessThanOrEqualTo(b.budget());
            assertThat(SubnetSpec.parse(b.gallerySubnet()).macs()).as(b.gallerySubnet()).isEqualTo(b.galleryMacs())
                    .isLessThanOrEqualTo(PairPipelineFixture.GALLERY_BUDGET);
            assertThat(b.reward()).isBetween(0.0, 100.0);
            assertThat(run.metrics()).containsEntry(SearchJob.bestName(b.budget()), b.reward());
        }
        assertThat(result.pareto()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.gallerySubnet()).isNotNull();
            assertThat(p.galleryMacs()).isLessThanOrEqualTo(PairPipelineFixture.GALLERY_BUDGET);
        });
        // Every scored pair, not just the winners, kept both budgets.
        List<String> rows = Files.readAllLines(f.store.dir(f.pairSearch).resolve("artifacts").resolve("evaluated.csv"));
        assertThat(rows.get(0)).isEqualTo("subnet,macs,reward,gallery,galleryMacs");
        assertThat(rows.subList(1, rows.size())).hasSize(result.rewardEvaluations()).allSatisfy(row -> {
            String[] cells = row.split(",");
            assertThat(Long.parseLong(cells[1])).isLessThanOrEqualTo(NasPipelineFixture.LARGE_BUDGET);
            assertThat(SubnetSpec.parse(cells[3]).macs()).isEqualTo(Long.parseLong(cells[4])).isLessThanOrEqualTo(PairPipelineFixture.GALLERY_BUDGET);
        });
        assertThat(rows.stream().skip(1).map(r -> r.split(",")[3]).distinct().count()).as("the gallery is searched, not fixed")
                .isGreaterThan(1);
    }

    @Test
    void theSameSeedGivesTheSamePairSearch() {
        PairPipelineFixture f = PairPipelineFixture.get();
        String again = new SearchJob(f.store, JobListener.NONE, new CancellationToken())
                .start(PairPipelineFixture.pairSearchConfig(f.supernet), NasPipelineFixture.DATA);
        SearchRecord first = SearchRecord.read(f.store.dir(f.pairSearch));
        SearchRecord second = SearchRecord.read(f.store.dir(again));
        assertThat(second.budgets()).isEqualTo(first.budgets());
        assertThat(second.pareto()).isEqualTo(first.pareto());
        assertThat(second.rewardEvaluations()).isEqualTo(first.rewardEvaluations());
    }

    @Test
    void anImpossibleGalleryBudgetNamesTheSmallestSubnetAndCreatesNoRun() {
        PairPipelineFixture f = PairPipelineFixture.get();
        int runs = f.store.list().size();
        SubnetSpec smallest = SearchSpace.smallest();
        SearchRunConfig impossible = PairPipelineFixture.pairSearchConfig(f.supernet).withGalleryBudget("1K");
        assertThatThrownBy(() -> new SearchJob(f.store, JobListener.NONE, new CancellationToken()).start(impossible, NasPipelineFixture.DATA))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("--gallery-budget")
                .hasMessageContaining(smallest.text())
                .hasMessageContaining(MacsBudgets.format(smallest.macs()));
        assertThat(f.store.list()).hasSize(runs);
    }

    @Test
    void exportingAPairGivesTwoLinkedRunsThatComputeTheSupernetsSubnets() {
        PairPipelineFixture f = PairPipelineFixture.get();
        SearchRecord.Budget best = SearchRecord.read(f.store.dir(f.pairSearch)).budget(NasPipelineFixture.LARGE_BUDGET).orElseThrow();
        String queryId = new ExportJob(f.store, JobListener.NONE, new CancellationToken())
                .start(ExportConfig.of(f.pairSearch, Long.toString(NasPipelineFixture.LARGE_BUDGET), 0), NasPipelineFixture.DATA);

        RunRecord query = f.store.load(queryId);
        assertThat(query.kind()).isEqualTo(RunKind.query);
        assertThat(query.status()).isEqualTo(RunStatus.finished);
        assertThat(query.arch()).isEqualTo(best.subnet());
        assertThat(query.links()).containsEntry("search", f.pairSearch).containsEntry("supernet", f.supernet).containsKey("gallery");
        assertThat(query.config().path("gallerySubnet").asText()).isEqualTo(best.gallerySubnet());
        String galleryId = query.links().get("gallery");
        RunRecord gallery = f.store.load(galleryId);
        assertThat(gallery.kind()).isEqualTo(RunKind.gallery);
        assertThat(gallery.status()).isEqualTo(RunStatus.finished);
        assertThat(gallery.arch()).isEqualTo(best.gallerySubnet());
        assertThat(gallery.macs()).isEqualTo(best.galleryMacs());
        assertThat(gallery.links()).containsEntry("query", queryId).containsEntry("search", f.pairSearch).containsEntry("supernet", f.supernet);
        assertThat(gallery.config().path("role").asText()).isEqualTo("gallery");
        assertThat(gallery.metrics()).containsKeys("val.top1", "val.mAP");
        // The pair the search scored: M(Q, G) on the NAS reward set is the search's reward.
        assertThat(query.metrics().get("val.hetero.mAP")).isCloseTo(best.reward(), within(0.05));

        SearchRunConfig searched = PairPipelineFixture.pairSearchConfig(f.supernet);
        List<BatchSource.Batch> calibration = SubnetReward.calibrationBatches(NasPipelineFixture.DATA.train(), searched.calibrationBatches(),
                searched.calibrationBatchSize(), searched.seed());
        BatchSource.Batch probe = SupernetFixtures.batch(77);
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet net = SupernetFiles.load(f.store.dir(f.supernet).resolve("weights"), manager);
            for (String[] exported : new String[][] {{queryId, best.subnet()}, {galleryId, best.gallerySubnet()}}) {
                EmbeddingNet model = ModelFiles.load(f.store.dir(exported[0]).resolve("weights"), manager);
                net.recalibrate(SubnetSpec.parse(exported[1]), calibration);
                try (NDManager scope = manager.newSubManager()) {
                    NDList expected = net.forward(new ParameterStore(scope, false), new NDList(SupernetFixtures.images(probe, scope)), false);
                    NDList actual = model.forward(new ParameterStore(scope, false), new NDList(SupernetFixtures.images(probe, scope)), false);
                    for (int i = 0; i < 2; i++) {
                        NDArray difference = expected.get(i).sub(actual.get(i)).abs().max();
                        assertThat(difference.getFloat()).as("%s output %d", exported[1], i).isLessThan(1e-4f);
                    }
                }
            }
            // And the pair evaluates like any query and gallery model.
            Evaluation e = new Evaluator(f.store, manager).evaluate(queryId, galleryId, NasPipelineFixture.DATA);
            assertThat(e.mAP()).isBetween(0.0, 100.0);
            assertThat(e.queryMacs()).isEqualTo(query.macs());
            assertThat(e.galleryMacs()).isEqualTo(gallery.macs());
        }
    }

    @Test
    void theQueriesOfOnePairShareTheGalleryRunExportedFirst() {
        PairPipelineFixture f = PairPipelineFixture.get();
        String small = export(f, ExportConfig.of(f.search, Long.toString(NasPipelineFixture.SMALL_BUDGET), 0).withName("pair small"), null);
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        String large = export(f, ExportConfig.of(f.search, Long.toString(NasPipelineFixture.LARGE_BUDGET), 0).withName("pair large"), log);

        String galleryId = f.store.load(small).links().get("gallery");
        assertThat(f.store.load(large).links()).containsEntry("gallery", galleryId);
        assertThat(log).anySatisfy(l -> assertThat(l).contains("is run " + galleryId + ", exported earlier from this search"));
        List<RunRecord> galleries = pairGalleries(f);
        assertThat(galleries).as("one gallery run for every export of the search so far").extracting(RunRecord::id).containsExactly(galleryId);
        RunRecord gallery = galleries.get(0);
        assertThat(gallery.arch()).isEqualTo(SearchSpace.largest().text());
        // links.query names the first query exported with it, which links back to it.
        assertThat(f.store.load(gallery.links().get("query")).links()).containsEntry("gallery", galleryId);
        // Both queries are the pairs the search scored, and both evaluate against the one gallery run.
        SearchRecord result = SearchRecord.read(f.store.dir(f.search));
        try (NDManager manager = NDManager.newBaseManager()) {
            Evaluator evaluator = new Evaluator(f.store, manager);
            for (java.util.Map.Entry<String, Long> exported : java.util.Map.of(small, NasPipelineFixture.SMALL_BUDGET,
                    large, NasPipelineFixture.LARGE_BUDGET).entrySet()) {
                String query = exported.getKey();
                double reward = result.budget(exported.getValue()).orElseThrow().reward();
                assertThat(f.store.load(query).metrics().get("val.hetero.mAP")).as(query).isCloseTo(reward, within(0.05));
                Evaluation e = evaluator.evaluate(query, galleryId, NasPipelineFixture.DATA);
                assertThat(e.gallery()).isEqualTo(galleryId);
                assertThat(e.galleryMacs()).isEqualTo(SearchSpace.largest().macs());
            }
        }

        // Fine-tuning the query on fewer images leaves the gallery as it was (recalibrated on the supernet's images): shared.
        String fewer = export(f, ExportConfig.of(f.search, Long.toString(NasPipelineFixture.LARGE_BUDGET), 0).withName("pair fewer")
                .withFinetuneLimit(NasPipelineFixture.IMAGES / 2), null);
        assertThat(f.store.load(fewer).links()).containsEntry("gallery", galleryId);
        // A deleted gallery run is not linked to: the next export makes its own.
        f.store.delete(galleryId);
        String again = export(f, ExportConfig.of(f.search, Long.toString(NasPipelineFixture.SMALL_BUDGET), 0).withName("pair again"), null);
        String other = f.store.load(again).links().get("gallery");
        assertThat(other).isNotEqualTo(galleryId);
        assertThat(f.store.load(other).links()).containsEntry("query", again);
        f.store.restore(galleryId);
    }

    private static String export(PairPipelineFixture f, ExportConfig config, List<String> log) {
        JobListener listener = log == null ? JobListener.NONE : new JobListener() {
            @Override
            public void log(String line) {
                log.add(line);
            }
        };
        return new ExportJob(f.store, listener, new CancellationToken()).start(config, NasPipelineFixture.DATA);
    }

    /** The gallery runs exported from the fixture's search without a gallery budget, recalibrated on every image. */
    private static List<RunRecord> pairGalleries(PairPipelineFixture f) {
        return f.store.list().stream().flatMap(l -> l.record().stream())
                .filter(r -> r.kind() == RunKind.gallery && f.search.equals(r.links().get("search")) && r.config().path("limit").asInt() == 0)
                .toList();
    }

    @Test
    void fineTuningAPairTrainsTheQueryAgainstTheExportedGallery() {
        PairPipelineFixture f = PairPipelineFixture.get();
        String queryId = new ExportJob(f.store, JobListener.NONE, new CancellationToken())
                .start(ExportConfig.of(f.search, Long.toString(NasPipelineFixture.SMALL_BUDGET), 1).withName("pair tuned"), NasPipelineFixture.DATA);
        RunRecord query = f.store.load(queryId);
        assertThat(query.status()).isEqualTo(RunStatus.finished);
        assertThat(query.metrics().get("finetune.loss")).isFinite().isPositive();
        RunRecord gallery = f.store.load(query.links().get("gallery"));
        // Exported with this query, or earlier with another query of the search and shared: named after its own subnet.
        assertThat(gallery.name()).isEqualTo("cmpnas gallery " + MacsBudgets.format(gallery.macs()));
        assertThat(gallery.arch()).as("the largest subnet, the default gallery").isEqualTo(SearchSpace.largest().text());
        assertThat(gallery.config().path("finetuneEpochs").asInt()).as("the gallery is never fine-tuned").isZero();
    }
}
