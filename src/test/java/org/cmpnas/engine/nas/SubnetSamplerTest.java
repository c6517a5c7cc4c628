package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.junit.jupiter.api.Test;

class SubnetSamplerTest {
    private final SubnetSampler sampler = new SubnetSampler();
    private final long smallest = SearchSpace.smallest().macs();

    @Test
    void samplesStayInsideTheSpaceAndReachEveryOption() {
        Random random = new Random(1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            SubnetSpec spec = sampler.sample(random);
            assertInsideSpace(spec);
            for (int s = 0; s < SearchSpace.STAGES; s++) {
                seen.add("d" + s + "=" + spec.depths().get(s));
                seen.add("w" + s + "=" + spec.widths().get(s));
            }
            spec.kernels().forEach(k -> seen.add("k=" + k));
            spec.expands().forEach(e -> seen.add("e=" + e));
        }
        // 3 stages × (3 depths + 3 widths) + 2 kernels + 3 expands
        assertThat(seen).hasSize(3 * 6 + 2 + 3);
    }

    static void assertInsideSpace(SubnetSpec spec) {
        for (int s = 0; s < SearchSpace.STAGES; s++) {
            assertThat(spec.depths().get(s)).isIn(SearchSpace.DEPTHS);
            assertThat(spec.widths().get(s)).isIn(SearchSpace.WIDTHS.get(s));
        }
        int blocks = spec.depths().stream().mapToInt(Integer::intValue).sum();
        assertThat(spec.kernels()).hasSize(blocks).allMatch(SearchSpace.KERNELS::contains);
        assertThat(spec.expands()).hasSize(blocks).allMatch(SearchSpace.EXPANDS::contains);
        assertThat(SubnetSpec.parse(spec.text())).isEqualTo(spec);
    }

    @Test
    void sampleWithinNeverExceedsTheBudget() {
        Random random = new Random(2);
        for (long budget : List.of(smallest, smallest + 1, smallest + 30_000, 600_000L, 1_000_000L, 3_000_000L, SearchSpace.largest().macs())) {
            for (int i = 0; i < 50; i++) {
                SubnetSpec spec = sampler.sampleWithin(budget, random, 20);
                assertInsideSpace(spec);
                assertThat(spec.macs()).as("budget %d", budget).isLessThanOrEqualTo(budget);
            }
        }
    }

    @Test
    void tightBudgetFallsBackToGrowingTheSmallestSubnet() {
        // With no rejection draws at all, growth alone must still fit, and use most of a roomy budget.
        Random random = new Random(3);
        long budget = 1_000_000;
        for (int i = 0; i < 20; i++) {
            SubnetSpec spec = sampler.sampleWithin(budget, random, 0);
            assertInsideSpace(spec);
            assertThat(spec.macs()).isLessThanOrEqualTo(budget).isGreaterThan(smallest);
        }
        assertThat(sampler.sampleWithin(smallest, random, 0)).isEqualTo(SearchSpace.smallest());
        assertThat(sampler.sampleWithin(Long.MAX_VALUE, random, 0)).isEqualTo(SearchSpace.largest());
    }

    @Test
    void sameRandomGivesSameSamples() {
        assertThat(sampler.sampleWithin(700_000, new Random(9), 5)).isEqualTo(sampler.sampleWithin(700_000, new Random(9), 5));
    }

    @Test
    void impossibleBudgetNamesTheSmallestSubnet() {
        assertThat(smallest).isEqualTo(401_584L);
        assertThatThrownBy(() -> sampler.sampleWithin(300_000, new Random(1), 10))
                .isInstanceOf(BadInputException.class)
                .hasMessage("budget 0.30M MACs is below the smallest subnet of the search space (d1-1-1_w8-16-32_k3-3-3_e1-1-1, 0.40M MACs)");
        assertThatThrownBy(() -> sampler.requireFeasible(smallest - 1)).isInstanceOf(BadInputException.class);
    }
}
