package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.cmpnas.engine.store.MetricEvent;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.junit.jupiter.api.Test;

/** The search run of the tiny pipeline: a valid record, repeatable, and clear refusals. */
class SearchJobTest {

    @Test
    void searchWritesAValidRecordWithinBudgetsAndANonDominatedFront() {
        NasPipelineFixture f = NasPipelineFixture.get();
        RunRecord run = f.store.load(f.search);
        assertThat(run.kind()).isEqualTo(RunKind.search);
        assertThat(run.status()).isEqualTo(RunStatus.finished);
        assertThat(run.links()).containsEntry("supernet", f.supernet).containsEntry("gallery", f.gallery);
        assertThat(Files.exists(f.store.dir(f.search).resolve("artifacts").resolve(SearchRecord.FILE))).isTrue();
        assertThat(Files.exists(f.store.dir(f.search).resolve("artifacts").resolve("evaluated.csv"))).isTrue();

        SearchRecord result = SearchRecord.read(f.store.dir(f.search));
        assertThat(result.search()).isEqualTo(f.search);
        assertThat(result.metric()).isEqualTo("mAP");
        assertThat(result.budgets()).extracting(SearchRecord.Budget::budget)
                .containsExactly(NasPipelineFixture.SMALL_BUDGET, NasPipelineFixture.LARGE_BUDGET);
        for (SearchRecord.Budget b : result.budgets()) {
            SubnetSpec spec = SubnetSpec.parse(b.subnet());
            assertThat(spec.macs()).as(b.subnet()).isEqualTo(b.macs()).isLessThanOrEqualTo(b.budget());
            assertThat(b.reward()).isBetween(0.0, 100.0);
            assertThat(run.metrics()).containsEntry(SearchJob.bestName(b.budget()), b.reward());
        }
        assertThat(result.budgets().get(1).reward()).as("a larger budget never does worse: it may take the smaller one's subnet")
                .isGreaterThanOrEqualTo(result.budgets().get(0).reward());

        List<SearchRecord.Point> pareto = result.pareto();
        assertThat(pareto).isNotEmpty();
        for (SearchRecord.Point a : pareto) {
            assertThat(SubnetSpec.parse(a.subnet()).macs()).isEqualTo(a.macs());
            for (SearchRecord.Point b : pareto) {
                assertThat(ParetoFront.dominates(a, b)).as("%s dominates %s", a, b).isFalse();
            }
        }
        assertThat(pareto).extracting(SearchRecord.Point::macs).isSorted();
        assertThat(result.rewardEvaluations()).isPositive()
                .isLessThanOrEqualTo(2 * NasPipelineFixture.searchConfig(f.supernet).evolution().maxEvaluationsPerBudget());

        // One best-reward event per generation (initial population + 1) and budget.
        List<MetricEvent> events = f.store.metrics(f.search);
        assertThat(events.stream().filter(e -> e.name().equals(SearchJob.bestName(NasPipelineFixture.SMALL_BUDGET))).map(MetricEvent::step))
                .containsExactly(0L, 1L);
        assertThat(events.stream().filter(e -> e.name().startsWith("search.best@"))).hasSize(4);
    }

    @Test
    void theSameSeedGivesTheSameSearchResult() {
        NasPipelineFixture f = NasPipelineFixture.get();
        List<GenerationEvent> generations = new java.util.ArrayList<>();
        JobListener listener = new JobListener() {
            @Override
            public void event(org.cmpnas.engine.jobs.JobEvent event) {
                generations.add((GenerationEvent) event);
            }
        };
        String again = new SearchJob(f.store, listener, new CancellationToken())
                .start(NasPipelineFixture.searchConfig(f.supernet), NasPipelineFixture.DATA);
        // Every generation of every budget reaches the job listener with its population, for the window's live chart.
        assertThat(generations).hasSize(4).allSatisfy(g -> {
            assertThat(g.population()).isNotEmpty().allSatisfy(p -> assertThat(p.macs()).isLessThanOrEqualTo(g.budget()));
            assertThat(g.best().macs()).isLessThanOrEqualTo(g.budget());
        });
        SearchRecord first = SearchRecord.read(f.store.dir(f.search));
        SearchRecord second = SearchRecord.read(f.store.dir(again));
        assertThat(second.budgets()).isEqualTo(first.budgets());
        assertThat(second.pareto()).isEqualTo(first.pareto());
        assertThat(second.rewardEvaluations()).isEqualTo(first.rewardEvaluations());
    }

    @Test
    void aCancelledSearchResumesToTheResultOfAnUninterruptedOne() throws Exception {
        NasPipelineFixture f = NasPipelineFixture.get();
        CancellationToken token = new CancellationToken();
        JobListener cancelAfterFiveRewards = new JobListener() {
            @Override
            public void progress(long done, long total, String status) {
                if (done == 5) {
                    token.cancel();
                }
            }
        };
        SearchRunConfig config = NasPipelineFixture.searchConfig(f.supernet);
        assertThatThrownBy(() -> new SearchJob(f.store, cancelAfterFiveRewards, token).start(config, NasPipelineFixture.DATA))
                .isInstanceOf(CancellationToken.CancelledException.class);
        RunRecord cancelled = f.store.list().stream().map(l -> l.record().orElseThrow())
                .filter(r -> r.kind() == RunKind.search && r.status() == RunStatus.cancelled).findFirst().orElseThrow();
        assertThat(cancelled.message()).contains("search --resume " + cancelled.id());
        assertThat(Files.readAllLines(f.store.dir(cancelled.id()).resolve("artifacts/evaluated.csv"))).hasSize(1 + 5);

        List<String> log = new java.util.ArrayList<>();
        JobListener logged = new JobListener() {
            @Override
            public void log(String line) {
                log.add(line);
            }
        };
        assertThat(new SearchJob(f.store, logged, new CancellationToken()).resume(cancelled.id(), NasPipelineFixture.DATA)).isEqualTo(cancelled.id());
        assertThat(log).anyMatch(line -> line.contains("5 rewards already scored are replayed"));
        assertThat(f.store.load(cancelled.id()).status()).isEqualTo(RunStatus.finished);
        SearchRecord uninterrupted = SearchRecord.read(f.store.dir(f.search));
        SearchRecord resumed = SearchRecord.read(f.store.dir(cancelled.id()));
        assertThat(resumed.budgets()).isEqualTo(uninterrupted.budgets());
        assertThat(resumed.pareto()).isEqualTo(uninterrupted.pareto());
        assertThat(resumed.rewardEvaluations()).isEqualTo(uninterrupted.rewardEvaluations());
        assertThat(f.store.metrics(cancelled.id()).stream().filter(e -> e.name().startsWith("search.best@")))
                .as("no generation recorded twice").hasSize(4);
        assertThatThrownBy(() -> new SearchJob(f.store, JobListener.NONE, new CancellationToken()).resume(cancelled.id(), NasPipelineFixture.DATA))
                .isInstanceOf(BadInputException.class).hasMessageContaining("already finished");
        assertThatThrownBy(() -> new SearchJob(f.store, JobListener.NONE, new CancellationToken()).resume(f.supernet, NasPipelineFixture.DATA))
                .isInstanceOf(BadInputException.class).hasMessageContaining("search --resume continues search runs");
    }

    @Test
    void anImpossibleBudgetNamesTheSmallestSubnetAndCreatesNoRun() {
        NasPipelineFixture f = NasPipelineFixture.get();
        int runs = f.store.list().size();
        SearchRunConfig config = NasPipelineFixture.searchConfig(f.supernet);
        SearchRunConfig impossible = new SearchRunConfig("x", f.supernet, "1K," + NasPipelineFixture.LARGE_BUDGET, config.evolution(),
                1, "mAP", 1, 8);
        SubnetSpec smallest = SearchSpace.smallest(f.supernetConfig().resolutionList()); // at its lowest resolution
        assertThatThrownBy(() -> new SearchJob(f.store, JobListener.NONE, new CancellationToken()).start(impossible, NasPipelineFixture.DATA))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(smallest.text())
                .hasMessageContaining(MacsBudgets.format(smallest.macs()));
        assertThat(f.store.list()).hasSize(runs);
    }

    @Test
    void aGalleryBudgetOnAnExternalGallerySupernetIsRefusedNamingItsGallery() {
        NasPipelineFixture f = NasPipelineFixture.get();
        int runs = f.store.list().size();
        SearchRunConfig pairSearch = NasPipelineFixture.searchConfig(f.supernet).withGalleryBudget("20M");
        assertThatThrownBy(() -> new SearchJob(f.store, JobListener.NONE, new CancellationToken()).start(pairSearch, NasPipelineFixture.DATA))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--gallery-budget").hasMessageContaining("--pair")
                .hasMessageContaining(f.gallery);
        assertThat(f.store.list()).hasSize(runs);
    }

    @Test
    void aRunThatIsNoSupernetIsRefused() {
        NasPipelineFixture f = NasPipelineFixture.get();
        SearchRunConfig onGallery = NasPipelineFixture.searchConfig(f.gallery);
        assertThatThrownBy(() -> new SearchJob(f.store, JobListener.NONE, new CancellationToken()).start(onGallery, NasPipelineFixture.DATA))
                .isInstanceOf(BadInputException.class).hasMessageContaining(f.gallery).hasMessageContaining("not a supernet run");
        assertThatThrownBy(() -> NasPipelineFixture.searchConfig(f.supernet).withMetric("recall").validated())
                .isInstanceOf(BadInputException.class).hasMessageContaining("--metric");
    }
}
