package org.cmpnas.views.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.cmpnas.engine.nas.GenerationEvent;
import org.cmpnas.engine.nas.SearchJob;
import org.cmpnas.engine.nas.SearchPoint;
import org.cmpnas.engine.nas.SearchRunConfig;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.catalogue.RunConfig;
import org.cmpnas.views.common.SameThreadJobRunner;
import org.junit.jupiter.api.Test;

/** A search launched from the window: its generations reach the job's view model through the job listener. */
class SearchJobViewTest {
    private static final long ONE_M = 1_000_000L;
    private static final long TWO_M = 2_000_000L;
    private final RunOption supernet = new RunOption("s-1", "supernet bct", "today");
    private final RunChoices choices = new RunChoices(FXCollections.observableArrayList(), new SimpleObjectProperty<>(), r -> List.of(), r -> java.util.Optional.empty());
    private final List<Object> configs = new ArrayList<>();

    private JobsViewModel jobs(java.util.function.Function<Object, Job> make) {
        choices.supernets().add(supernet);
        return new JobsViewModel(new SameThreadJobRunner(), new FakeJobs.Factory(c -> {
            configs.add(c);
            return make.apply(c);
        }), choices, System::nanoTime, () -> { });
    }

    @Test
    void generationsDrawBestRewardsAndThePopulation() {
        JobsViewModel vm = jobs(c -> search(2, 3, false));
        vm.shownFormProperty().set(JobsViewModel.Form.SEARCH);
        vm.searchForm().budgetsProperty().set("1M,2M");
        JobViewModel job = vm.startShown();

        assertThat(configs).singleElement().isInstanceOf(SearchRunConfig.class);
        assertThat(job.kind()).isEqualTo(JobKind.SEARCH);
        assertThat(job.state()).isEqualTo(JobState.FINISHED);
        assertThat(job.generationProperty().get()).isEqualTo("3/3 · budget 2/2 (2.00M)");
        assertThat(job.search().latest().budget()).isEqualTo(TWO_M);
        assertThat(job.search().latestBest()).isEqualTo(60.0 + 3 + 10);
        assertThat(job.search().bestRewardChart(400, 300).getSeriesCollection()).extracting(s -> s.getName())
                .containsExactly("≤ 1.00M", "≤ 2.00M");
        assertThat(job.search().populationChart(400, 300).getSeriesCollection()).extracting(s -> s.getName())
                .containsExactly("population", "best", "budget");
        assertThat(job.search().populationChart(400, 300).getStyler().isXAxisLogarithmic()).isTrue();
        assertThat(job.curvesVersionProperty().get()).isPositive();
    }

    @Test
    void aCancelledSearchSaysWhereItStoppedAndWhatIsKept() {
        JobsViewModel vm = jobs(c -> search(1, 5, true));
        vm.searchForm().budgetsProperty().set("1M");
        JobViewModel job = vm.startSearch();
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
        assertThat(job.outcomeProperty().get())
                .isEqualTo("cancelled after generation 1/5 · budget 1/1 (1.00M); the subnets scored so far are kept in the run's evaluated.csv and the search can be resumed");
    }

    @Test
    void repeatShowsTheFormOfTheRunsKind() {
        JobsViewModel vm = jobs(c -> search(1, 1, false));
        vm.repeat(new RunConfig.Search(SearchRunConfig.defaults("s-1", "0.75M")));
        assertThat(vm.shownFormProperty().get()).isEqualTo(JobsViewModel.Form.SEARCH);
        assertThat(vm.searchForm().budgetsProperty().get()).isEqualTo("0.75M");
        vm.repeat(new RunConfig.Supernet(SupernetConfig.defaults("g-1")));
        assertThat(vm.shownFormProperty().get()).isEqualTo(JobsViewModel.Form.SUPERNET);
        assertThat(vm.canStartProperty().get()).isFalse(); // g-1 is not in this store
        assertThat(vm.supernetForm().galleryErrorProperty().get()).contains("g-1");
    }

    /**
     * Reports like {@link SearchJob}: per generation the best reward as a metric and the whole
     * generation as an event; optionally cancels itself at generation 2.
     */
    private static Job search(int budgets, int generations, boolean cancelAtTwo) {
        return Job.of("search", (JobListener listener, CancellationToken token) -> {
            SubnetSpec smallest = SearchSpace.smallest();
            for (int b = 1; b <= budgets; b++) {
                long budget = b * ONE_M;
                for (int g = 0; g <= generations; g++) {
                    if (cancelAtTwo && g == 2) {
                        token.cancel();
                    }
                    token.check();
                    double best = 60 + g + (b - 1) * 10;
                    SearchPoint top = new SearchPoint(smallest, budget / 2, best);
                    List<SearchPoint> population = List.of(top, new SearchPoint(smallest, budget / 3, best - 5));
                    listener.metric(SearchJob.bestName(budget), best, g, b);
                    listener.event(new GenerationEvent(budget, g, generations, top, population, g * 10));
                }
            }
            return "search-run";
        });
    }
}
