package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.model.InputShape;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.cmpnas.engine.train.Schedule;
import org.junit.jupiter.api.Test;

class SandwichTest {
    private static final List<Long> BUDGETS = MacsBudgets.parse(SupernetConfig.DEFAULT_BUDGETS);
    private static final long HIGHEST = 2_400_000;

    @Test
    void budgetAwareSandwichNeverLeavesItsRange() {
        Sandwich sandwich = Sandwich.budgetAware(BUDGETS, 7, false);
        long smallest = SearchSpace.smallest().macs();
        for (long step = 0; step < 300; step++) {
            for (SubnetSpec subnet : sandwich.subnets(step)) {
                assertThat(subnet.macs()).as("step %d: %s", step, subnet.text()).isBetween(smallest, HIGHEST);
            }
        }
    }

    @Test
    void budgetAwareSandwichRepeatsForASeedAndDiffersForAnother() {
        Sandwich a = Sandwich.budgetAware(BUDGETS, 7, false);
        Sandwich b = Sandwich.budgetAware(BUDGETS, 7, false);
        for (long step = 40; step >= 0; step--) { // another order than a's: a step depends on its number only
            assertThat(b.subnets(step)).isEqualTo(a.subnets(step));
        }
        assertThat(Sandwich.budgetAware(BUDGETS, 8, false).subnets(3)).isNotEqualTo(a.subnets(3));
    }

    @Test
    void everyBudgetBandIsTrainedAndItsSubnetsComeNearTheBudget() {
        Sandwich sandwich = Sandwich.budgetAware(BUDGETS, 1, false);
        int[] perBand = new int[BUDGETS.size()];
        long[] largestInBand = new long[BUDGETS.size()];
        for (long step = 0; step < 500; step++) {
            List<SubnetSpec> subnets = sandwich.subnets(step);
            for (SubnetSpec random : subnets.subList(2, subnets.size())) {
                int band = 0;
                while (random.macs() > BUDGETS.get(band)) {
                    band++;
                }
                perBand[band]++;
                largestInBand[band] = Math.max(largestInBand[band], random.macs());
            }
        }
        // 1,000 random subnets over five bands: the rotation gives each band 200 targets; growth stops below
        // a target, so a few land one band lower, none higher.
        for (int band = 0; band < BUDGETS.size(); band++) {
            assertThat(perBand[band]).as("band %d", band).isGreaterThan(100);
            assertThat(largestInBand[band]).as("band %d reaches near its budget", band).isGreaterThan(BUDGETS.get(band) * 9 / 10);
        }
    }

    @Test
    void largestIsTheGreedyLargestWithinTheHighestBudget() {
        Sandwich sandwich = Sandwich.budgetAware(BUDGETS, 1, false);
        SubnetSpec largest = sandwich.largest();
        assertThat(largest).isEqualTo(Sandwich.largestWithin(HIGHEST, SearchSpace.FULL_RESOLUTION))
                .isEqualTo(Sandwich.budgetAware(BUDGETS, 99, false).largest());
        assertThat(largest.macs()).isLessThanOrEqualTo(HIGHEST).isGreaterThan(HIGHEST * 9 / 10);
        // no single choice can grow without leaving the budget
        for (SubnetChoices grown : SubnetChoices.of(largest).grownByOne(SearchSpace.FULL_RESOLUTION)) {
            assertThat(grown.toSpec().macs()).isGreaterThan(HIGHEST);
        }
        // largest by parameters: it reaches into the last stage rather than spending the budget at 28×28
        assertThat(largest.params()).isGreaterThan(40_000);
        assertThat(largest.widths().get(2)).isGreaterThan(SearchSpace.WIDTHS.get(2).get(0));
        assertThat(sandwich.subnets(0).get(0)).isEqualTo(largest);
        assertThat(sandwich.subnets(0).get(1)).isEqualTo(SearchSpace.smallest());
    }

    @Test
    void pairModeKeepsTheWholeSpacesLargestAsItsGallery() {
        Sandwich pair = Sandwich.budgetAware(BUDGETS, 1, true);
        assertThat(pair.largest()).isEqualTo(SearchSpace.largest());
        for (long step = 0; step < 50; step++) {
            List<SubnetSpec> subnets = pair.subnets(step);
            assertThat(subnets.get(0)).isEqualTo(SearchSpace.largest());
            subnets.subList(1, subnets.size()).forEach(s -> assertThat(s.macs()).isLessThanOrEqualTo(HIGHEST));
        }
    }

    @Test
    void wholeSpaceSamplingIsTheRecordedDefaultOfOldSupernetRuns() {
        SupernetConfig old = SupernetConfig.defaults("g").withSchedule(new Schedule(1, 8, 0.05, 0.9, 0, 3)).withBudgets(null).withResolutions(null);
        assertThat(old.sampling()).isEqualTo("whole-space");
        assertThat(old.sandwich().isBudgetAware()).isFalse();
        assertThat(old.sandwich().subnets(5)).isEqualTo(Sandwich.wholeSpace(3).subnets(5));
        assertThat(old.sandwich().largest()).isEqualTo(SearchSpace.largest());
    }

    @Test
    void elasticResolutionSamplesEveryResolutionWithinTheBudgets() {
        List<Integer> resolutions = SearchSpace.RESOLUTIONS;
        Sandwich sandwich = Sandwich.budgetAware(BUDGETS, 2, false, resolutions, InputShape.GREY_28);
        assertThat(sandwich.subnets(0).get(1)).isEqualTo(SearchSpace.smallest().withResolution(16));
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (long step = 0; step < 200; step++) {
            for (SubnetSpec subnet : sandwich.subnets(step)) {
                assertThat(subnet.macs()).isLessThanOrEqualTo(HIGHEST);
                seen.add(subnet.resolution());
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(resolutions);
        // a lower resolution buys capacity: the largest within the budget has more parameters than at 28 px alone
        assertThat(sandwich.largest().params()).isGreaterThan(Sandwich.largestWithin(HIGHEST, SearchSpace.FULL_RESOLUTION).params());
    }

    @Test
    void aFullResolutionSpaceDrawsWhatItDrewBeforeResolutionWasElastic() {
        // the draws of the protocol-1 space: one generator, every choice in order, no resolution draw
        java.util.Random a = new java.util.Random(11);
        java.util.Random b = new java.util.Random(11);
        SubnetSampler sampler = new SubnetSampler();
        for (int i = 0; i < 20; i++) {
            SubnetSpec sampled = sampler.sample(a);
            assertThat(sampled).isEqualTo(SubnetChoices.random(b).toSpec());
            assertThat(sampled.resolution()).isEqualTo(28);
            assertThat(sampled.text()).doesNotContain("_r");
        }
    }

    @Test
    void theDefaultSupernetIsBudgetAwareWithEveryResolutionAndPairModeIsFullResolution() {
        assertThat(SupernetConfig.defaults("g").validated().resolutionList()).isEqualTo(SearchSpace.RESOLUTIONS);
        assertThat(SupernetConfig.pairDefaults().validated().resolutionList()).containsExactly(28);
        assertThat(SupernetConfig.defaults("g").withResolutions("28").validated().sandwich().subnets(3))
                .isEqualTo(SupernetConfig.defaults("g").withResolutions(null).sandwich().subnets(3));
    }

    @Test
    void aSearchIsHeldToTheRangeItsSupernetWasTrainedFor() {
        SupernetConfig fullResolution = SupernetConfig.defaults("g").withResolutions(null);
        SupernetConfig elastic = SupernetConfig.defaults("g").validated();
        assertThatThrownBy(() -> fullResolution.requireTrainedFor(List.of(300_000L), "s-1"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("0.40M MACs");
        elastic.requireTrainedFor(List.of(300_000L, 2_400_000L), "s-1"); // a 0.3M subnet exists at 16–24 px
        assertThatThrownBy(() -> elastic.requireTrainedFor(List.of(1_000_000L, 2_500_000L), "s-1"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--budgets: 2.50M is above 2.40M, the highest budget supernet run s-1 was trained for (supernet --budgets "
                        + SupernetConfig.DEFAULT_BUDGETS + "); search budgets up to 2.40M, or train a supernet whose --budgets reach 2.50M (or --whole-space)");
        fullResolution.withBudgets(null).requireTrainedFor(List.of(50_000_000L), "s-1"); // whole space: any budget it holds
    }

    @Test
    void aBudgetBelowTheSmallestSubnetIsRefused() {
        assertThatThrownBy(() -> Sandwich.budgetAware(List.of(100_000L, 1_000_000L), 1, false))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--budgets").hasMessageContaining("smallest subnet");
        assertThatThrownBy(() -> SupernetConfig.defaults("g").withBudgets("0.1M").validated())
                .isInstanceOf(BadInputException.class).hasMessageContaining("--budgets");
    }
}
