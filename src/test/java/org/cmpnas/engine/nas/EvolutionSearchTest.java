package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.junit.jupiter.api.Test;

class EvolutionSearchTest {
    private static final SearchConfig SMALL = new SearchConfig(12, 4, 0.25, 0.5, 0.1, 50);
    private static final long SMALLEST = SearchSpace.smallest().macs();

    private static EvolutionSearch search(SyntheticReward reward, long seed) {
        return new EvolutionSearch(SubnetSpec::macs, reward, SMALL, seed);
    }

    @Test
    void searchNeverExceedsTheBudget() {
        List<Long> budgets = List.of(SMALLEST, SMALLEST + 1, SMALLEST + 20_000, 500_000L, 800_000L, 1_000_000L, 2_500_000L, 6_000_000L);
        EvolutionSearch search = search(new SyntheticReward(), 1);
        List<GenerationEvent> events = new ArrayList<>();
        SearchListener listener = new SearchListener() {
            @Override
            public void generation(GenerationEvent event) {
                events.add(event);
            }
        };
        List<SearchResult> results = search.searchAll(budgets, listener, new CancellationToken());
        assertThat(results).extracting(SearchResult::budget).containsExactlyElementsOf(budgets);
        for (SearchResult r : results) {
            assertThat(r.macs()).isEqualTo(r.subnet().macs()).isLessThanOrEqualTo(r.budget());
        }
        assertThat(results.get(0).subnet()).isEqualTo(SearchSpace.smallest());
        assertThat(events).hasSize(budgets.size() * (SMALL.generations() + 1));
        for (GenerationEvent e : events) {
            assertThat(e.best().macs()).isLessThanOrEqualTo(e.budget());
            // Fewer parents (so a smaller population) only when the budget admits few different subnets.
            assertThat(e.population()).hasSizeBetween(1 + SMALL.population() - SMALL.parentCount(), SMALL.population())
                    .allMatch(p -> p.macs() <= e.budget());
        }
    }

    @Test
    void knownRewardsAreReplayedNotComputedAndLeadToTheSameResult() {
        List<Long> budgets = List.of(700_000L, 1_500_000L);
        SyntheticReward straightReward = new SyntheticReward();
        EvolutionSearch straight = search(straightReward, 4);
        List<SearchResult> expected = straight.searchAll(budgets, SearchListener.NONE, new CancellationToken());
        java.util.Map<String, Double> firstTen = new java.util.HashMap<>();
        straight.evaluated().stream().limit(10).forEach(p -> firstTen.put(p.key(), p.reward()));

        SyntheticReward resumedReward = new SyntheticReward();
        EvolutionSearch resumed = search(resumedReward, 4).withKnownRewards(firstTen);
        assertThat(resumed.searchAll(budgets, SearchListener.NONE, new CancellationToken())).isEqualTo(expected);
        assertThat(resumed.evaluated()).isEqualTo(straight.evaluated());
        assertThat(resumed.rewardEvaluations()).isEqualTo(straight.rewardEvaluations());
        assertThat(resumedReward.calls).isEqualTo(straightReward.calls - 10);
    }

    @Test
    void resultIsTheBestEvaluatedSubnetWithinEachBudget() {
        EvolutionSearch search = search(new SyntheticReward(), 2);
        List<Long> budgets = List.of(700_000L, 1_500_000L, 3_000_000L);
        List<SearchResult> results = search.searchAll(budgets, SearchListener.NONE, new CancellationToken());
        for (SearchResult r : results) {
            double bestFeasible = search.evaluated().stream().filter(p -> p.macs() <= r.budget())
                    .mapToDouble(SearchPoint::reward).max().orElseThrow();
            assertThat(r.reward()).isEqualTo(bestFeasible).isEqualTo(SyntheticReward.of(r.subnet()));
        }
        // Evolution should beat its own random start.
        EvolutionSearch randomOnly = new EvolutionSearch(SubnetSpec::macs, new SyntheticReward(), SMALL.withGenerations(0), 2);
        assertThat(results.get(1).reward()).isGreaterThanOrEqualTo(randomOnly.search(1_500_000L, SearchListener.NONE, new CancellationToken()).reward());
    }

    @Test
    void paretoFrontComesFromEverythingEvaluatedAndAgreesWithResults() {
        EvolutionSearch search = search(new SyntheticReward(), 3);
        List<SearchResult> results = search.searchAll(List.of(600_000L, 2_000_000L), SearchListener.NONE, new CancellationToken());
        List<SearchPoint> front = search.paretoFront();
        assertThat(search.evaluated()).containsAll(front);
        for (SearchResult r : results) {
            SearchPoint best = new SearchPoint(r.subnet(), r.macs(), r.reward());
            assertThat(front).contains(best);
        }
    }

    @Test
    void aSubnetIsRewardedOnlyOnce() {
        SyntheticReward reward = new SyntheticReward();
        Set<String> rewarded = new HashSet<>();
        ToDoubleCounting counting = new ToDoubleCounting(reward, rewarded);
        EvolutionSearch search = new EvolutionSearch(SubnetSpec::macs, counting, SMALL, 4);
        search.searchAll(List.of(SMALLEST + 20_000, 900_000L, 900_001L), SearchListener.NONE, new CancellationToken());
        assertThat(reward.calls).isEqualTo(rewarded.size()).isEqualTo(search.rewardEvaluations()).isEqualTo(search.evaluated().size());
        // A tight budget has few subnets, so the cache must have saved work there.
        assertThat(reward.calls).isLessThan(3 * SMALL.maxEvaluationsPerBudget());
    }

    /** Fails the test on a second reward of the same subnet. */
    private record ToDoubleCounting(SyntheticReward reward, Set<String> rewarded) implements java.util.function.ToDoubleFunction<SubnetSpec> {
        @Override
        public double applyAsDouble(SubnetSpec subnet) {
            assertThat(rewarded.add(subnet.text())).as("rewarded twice: %s", subnet.text()).isTrue();
            return reward.applyAsDouble(subnet);
        }
    }

    @Test
    void sameSeedSameResultDifferentSeedDifferentPath() {
        List<Long> budgets = List.of(800_000L, 2_000_000L);
        EvolutionSearch a = search(new SyntheticReward(), 7);
        EvolutionSearch b = search(new SyntheticReward(), 7);
        EvolutionSearch c = search(new SyntheticReward(), 8);
        List<SearchResult> ra = a.searchAll(budgets, SearchListener.NONE, new CancellationToken());
        assertThat(b.searchAll(budgets, SearchListener.NONE, new CancellationToken())).isEqualTo(ra);
        assertThat(b.evaluated()).isEqualTo(a.evaluated());
        c.searchAll(budgets, SearchListener.NONE, new CancellationToken());
        assertThat(c.evaluated()).isNotEqualTo(a.evaluated());
    }

    @Test
    void budgetOrderDoesNotChangeResults() {
        List<SearchResult> forward = search(new SyntheticReward(), 9)
                .searchAll(List.of(700_000L, 2_000_000L), SearchListener.NONE, new CancellationToken());
        List<SearchResult> backward = search(new SyntheticReward(), 9)
                .searchAll(List.of(2_000_000L, 700_000L), SearchListener.NONE, new CancellationToken());
        assertThat(backward).containsExactly(forward.get(1), forward.get(0));
    }

    @Test
    void impossibleBudgetFailsBeforeAnyReward() {
        SyntheticReward reward = new SyntheticReward();
        EvolutionSearch search = search(reward, 1);
        assertThatThrownBy(() -> search.searchAll(List.of(1_000_000L, 300_000L), SearchListener.NONE, new CancellationToken()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("budget 0.30M MACs is below the smallest subnet of the search space (d1-1-1_w8-16-32_k3-3-3_e1-1-1, 0.40M MACs)");
        assertThat(reward.calls).isZero();
    }

    @Test
    void cancellationStopsBeforeTheNextReward() {
        CancellationToken token = new CancellationToken();
        SyntheticReward reward = new SyntheticReward();
        EvolutionSearch search = new EvolutionSearch(SubnetSpec::macs, subnet -> {
            double value = reward.applyAsDouble(subnet);
            if (reward.calls == 5) {
                token.cancel();
            }
            return value;
        }, SMALL, 1);
        assertThatThrownBy(() -> search.search(2_000_000L, SearchListener.NONE, token))
                .isInstanceOf(CancellationToken.CancelledException.class);
        assertThat(reward.calls).isEqualTo(5);
        assertThat(search.evaluated()).hasSize(5);
    }

    @Test
    void nanRewardIsReportedWithTheSubnet() {
        EvolutionSearch search = new EvolutionSearch(SubnetSpec::macs, subnet -> Double.NaN, SMALL, 1);
        assertThatThrownBy(() -> search.search(1_000_000L, SearchListener.NONE, new CancellationToken()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is NaN");
    }

    /** A synthetic pair reward: mostly the query's, a fifth the gallery's. Counts its calls and fails on a second reward of a pair. */
    private static final class PairSyntheticReward implements java.util.function.ToDoubleBiFunction<SubnetSpec, SubnetSpec> {
        final Set<String> rewarded = new HashSet<>();

        @Override
        public double applyAsDouble(SubnetSpec query, SubnetSpec gallery) {
            assertThat(rewarded.add(query.text() + " " + gallery.text())).as("pair rewarded twice").isTrue();
            return 0.8 * SyntheticReward.of(query) + 0.2 * SyntheticReward.of(gallery);
        }
    }

    @Test
    void aPairSearchKeepsQueriesAndGalleriesWithinTheirBudgetsAndScoresEachPairOnce() {
        long galleryBudget = 3_000_000L;
        List<Long> budgets = List.of(SMALLEST, 700_000L, 1_500_000L);
        PairSyntheticReward reward = new PairSyntheticReward();
        EvolutionSearch search = EvolutionSearch.pairs(SubnetSpec::macs, reward, galleryBudget, SMALL, 5);
        List<GenerationEvent> events = new ArrayList<>();
        List<SearchResult> results = search.searchAll(budgets, new SearchListener() {
            @Override
            public void generation(GenerationEvent event) {
                events.add(event);
            }
        }, new CancellationToken());
        assertThat(search.searchesPairs()).isTrue();
        for (SearchResult r : results) {
            assertThat(r.macs()).isEqualTo(r.subnet().macs()).isLessThanOrEqualTo(r.budget());
            assertThat(r.galleryMacs()).isEqualTo(r.gallery().macs()).isLessThanOrEqualTo(galleryBudget);
            double bestFeasible = search.evaluated().stream().filter(p -> p.macs() <= r.budget()).mapToDouble(SearchPoint::reward).max().orElseThrow();
            assertThat(r.reward()).isEqualTo(bestFeasible);
        }
        assertThat(search.evaluated()).hasSize(reward.rewarded.size()).hasSize(search.rewardEvaluations())
                .allSatisfy(p -> assertThat(p.gallery().macs()).isEqualTo(p.galleryMacs()).isLessThanOrEqualTo(galleryBudget));
        assertThat(events).allSatisfy(e -> assertThat(e.population())
                .allMatch(p -> p.macs() <= e.budget() && p.galleryMacs() <= galleryBudget));
        assertThat(search.evaluated().stream().map(p -> p.gallery().text()).distinct().count()).as("galleries vary").isGreaterThan(10);
        assertThat(search.paretoFront()).isNotEmpty().allMatch(p -> p.gallery() != null);
    }

    @Test
    void aPairSearchIsRepeatableAndEvolvesTheGalleryToo() {
        long galleryBudget = 3_000_000L;
        List<Long> budgets = List.of(800_000L);
        EvolutionSearch a = EvolutionSearch.pairs(SubnetSpec::macs, new PairSyntheticReward(), galleryBudget, SMALL, 7);
        EvolutionSearch b = EvolutionSearch.pairs(SubnetSpec::macs, new PairSyntheticReward(), galleryBudget, SMALL, 7);
        List<SearchResult> ra = a.searchAll(budgets, SearchListener.NONE, new CancellationToken());
        assertThat(b.searchAll(budgets, SearchListener.NONE, new CancellationToken())).isEqualTo(ra);
        assertThat(b.evaluated()).isEqualTo(a.evaluated());
        // The gallery term rewards larger galleries: evolution should beat the best gallery of its random start.
        EvolutionSearch randomOnly = EvolutionSearch.pairs(SubnetSpec::macs, new PairSyntheticReward(), galleryBudget, SMALL.withGenerations(0), 7);
        assertThat(ra.get(0).reward()).isGreaterThanOrEqualTo(randomOnly.search(800_000L, SearchListener.NONE, new CancellationToken()).reward());
    }

    @Test
    void anImpossibleGalleryBudgetIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> EvolutionSearch.pairs(SubnetSpec::macs, new PairSyntheticReward(), 300_000L, SMALL, 1))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--gallery-budget 0.30M MACs is below the smallest subnet of the search space (d1-1-1_w8-16-32_k3-3-3_e1-1-1, 0.40M MACs)");
    }
}
