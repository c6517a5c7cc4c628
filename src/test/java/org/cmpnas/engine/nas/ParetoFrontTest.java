package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {
    record P(String name, long macs, double reward) implements ParetoFront.Point {
    }

    @Test
    void dominanceNeedsNoWorseInBothAndBetterInOne() {
        P a = new P("a", 100, 50);
        assertThat(ParetoFront.dominates(a, new P("cheaper-same", 90, 50))).isFalse();
        assertThat(ParetoFront.dominates(new P("cheaper-same", 90, 50), a)).isTrue();
        assertThat(ParetoFront.dominates(new P("same-better", 100, 51), a)).isTrue();
        assertThat(ParetoFront.dominates(new P("cheaper-worse", 90, 49), a)).isFalse();
        assertThat(ParetoFront.dominates(new P("tie", 100, 50), a)).isFalse();
        assertThat(ParetoFront.dominates(a, new P("tie", 100, 50))).isFalse();
        assertThat(ParetoFront.dominates(a, a)).isFalse();
    }

    @Test
    void frontOfHandMadePoints() {
        P cheap = new P("cheap", 100, 40);
        P mid = new P("mid", 200, 60);
        P midTwin = new P("midTwin", 200, 60);          // ties mid exactly: both stay
        P midWorse = new P("midWorse", 200, 55);        // same MACs as mid, lower reward
        P dearNoBetter = new P("dearNoBetter", 300, 60); // more MACs for the same reward
        P top = new P("top", 400, 70);
        P worst = new P("worst", 500, 10);
        List<P> front = ParetoFront.of(List.of(worst, top, dearNoBetter, midWorse, midTwin, mid, cheap, mid));
        assertThat(front).containsExactly(cheap, midTwin, mid, top);
    }

    @Test
    void emptyAndNaNInputs() {
        assertThat(ParetoFront.of(List.<P>of())).isEmpty();
        assertThat(ParetoFront.of(List.of(new P("nan", 1, Double.NaN), new P("x", 5, 1)))).extracting(P::name).containsExactly("x");
    }

    @Test
    void frontAgreesWithBruteForceDominance() {
        Random random = new Random(8);
        for (int trial = 0; trial < 50; trial++) {
            List<P> points = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                // Few distinct values, so ties in MACs, in reward and in both are common.
                points.add(new P("p" + i, 1 + random.nextInt(8), random.nextInt(6)));
            }
            List<P> expected = points.stream()
                    .filter(p -> points.stream().noneMatch(q -> ParetoFront.dominates(q, p)))
                    .toList();
            assertThat(ParetoFront.of(points)).containsExactlyInAnyOrderElementsOf(expected)
                    .isSortedAccordingTo((x, y) -> Long.compare(x.macs(), y.macs()));
        }
    }
}
