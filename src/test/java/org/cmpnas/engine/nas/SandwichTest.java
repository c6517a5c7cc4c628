package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
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
        assertThat(largest).isEqualTo(Sandwich.largestWithin(HIGHEST)).isEqualTo(Sandwich.budgetAware(BUDGETS, 99, false).largest());
        assertThat(largest.macs()).isLessThanOrEqualTo(HIGHEST).isGreaterThan(HIGHEST * 9 / 10);
        // no single choice can grow without leaving the budget
        for (SubnetChoices grown : SubnetChoices.of(largest).grownByOne()) {
            assertThat(grown.toSpec().macs()).isGreaterThan(HIGHEST);
        }
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
        SupernetConfig old = new SupernetConfig("s", "g", null, 1, 8, 0.05, 0.9, 0, 3, 0, true, 0, "bct", 1, 0.1, false, null);
        assertThat(old.sampling()).isEqualTo("whole-space");
        assertThat(old.sandwich().isBudgetAware()).isFalse();
        assertThat(old.sandwich().subnets(5)).isEqualTo(Sandwich.wholeSpace(3).subnets(5));
        assertThat(old.sandwich().largest()).isEqualTo(SearchSpace.largest());
    }

    @Test
    void aBudgetBelowTheSmallestSubnetIsRefused() {
        assertThatThrownBy(() -> Sandwich.budgetAware(List.of(100_000L, 1_000_000L), 1, false))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--budgets").hasMessageContaining("smallest subnet");
        assertThatThrownBy(() -> SupernetConfig.defaults("g").withBudgets("0.1M").validated())
                .isInstanceOf(BadInputException.class).hasMessageContaining("--budgets");
    }
}
