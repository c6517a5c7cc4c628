package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.junit.jupiter.api.Test;

class MutationsTest {
    private final SubnetSampler sampler = new SubnetSampler();

    @Test
    void mutantsAndChildrenAreValidSubnets() {
        Random random = new Random(4);
        for (int i = 0; i < 500; i++) {
            SubnetSpec a = sampler.sample(random);
            SubnetSpec b = sampler.sample(random);
            SubnetSamplerTest.assertInsideSpace(Mutations.mutate(a, 0.3, random));
            SubnetSamplerTest.assertInsideSpace(Mutations.crossover(a, b, random));
        }
    }

    @Test
    void mutationRateControlsChange() {
        Random random = new Random(5);
        SubnetSpec parent = SubnetSpec.parse("d2-1-3_w16-32-64_k3-5-3-3-5-3_e6-1-3-3-6-1");
        int unchangedLow = 0;
        int unchangedHigh = 0;
        for (int i = 0; i < 200; i++) {
            unchangedLow += Mutations.mutate(parent, 0.01, random).equals(parent) ? 1 : 0;
            unchangedHigh += Mutations.mutate(parent, 1.0, random).equals(parent) ? 1 : 0;
        }
        assertThat(unchangedLow).isGreaterThan(150);
        assertThat(unchangedHigh).isLessThan(10);
    }

    @Test
    void crossoverTakesEachBlockFromAParentThatHasIt() {
        // Stage 1: first parent has 3 blocks (kernel 5, expand 6), second 1 block (kernel 3, expand 1).
        SubnetSpec deep = SubnetSpec.parse("d3-1-1_w24-48-96_k5-5-5-5-5_e6-6-6-6-6");
        SubnetSpec shallow = SubnetSpec.parse("d1-1-1_w8-16-32_k3-3-3_e1-1-1");
        Random random = new Random(6);
        for (int i = 0; i < 200; i++) {
            SubnetSpec child = Mutations.crossover(deep, shallow, random);
            SubnetSamplerTest.assertInsideSpace(child);
            int depth1 = child.depths().get(0);
            // Blocks 2 and 3 of stage 1 exist only in the deep parent, so they come from it.
            for (int b = 1; b < depth1; b++) {
                assertThat(child.kernels().get(b)).isEqualTo(5);
                assertThat(child.expands().get(b)).isEqualTo(6);
            }
        }
        assertThat(Mutations.crossover(deep, deep, random)).isEqualTo(deep);
    }

    @Test
    void withinBudgetVariantsRespectTheBudgetOrGiveUp() {
        Mutations mutations = new Mutations(SubnetSpec::macs);
        Random random = new Random(7);
        long budget = 900_000;
        SubnetSpec a = sampler.sampleWithin(budget, random, 100);
        SubnetSpec b = sampler.sampleWithin(budget, random, 100);
        for (int i = 0; i < 100; i++) {
            mutations.mutateWithin(a, 0.5, budget, random, 5).ifPresent(s -> assertThat(s.macs()).isLessThanOrEqualTo(budget));
            mutations.crossoverWithin(a, b, budget, random, 5).ifPresent(s -> assertThat(s.macs()).isLessThanOrEqualTo(budget));
        }
        // A barely mutated largest subnet cannot fit the smallest budget: after three tries it gives up.
        long smallest = SearchSpace.smallest().macs();
        assertThat(mutations.mutateWithin(SearchSpace.largest(), 0.01, smallest, random, 3)).isEmpty();
    }
}
