package org.cmpnas.engine.nas;

import java.util.Random;

/**
 * A {@link Random} for one step of a seeded run (e.g. seed, budget, generation), so that a step draws
 * the same numbers however many draws earlier steps made, and nearby steps are not correlated.
 */
public final class StepRandom {
    private StepRandom() {
    }

    public static Random of(long seed, long... step) {
        long h = mix(seed);
        for (long part : step) {
            h = mix(h ^ mix(part + 0x9E3779B97F4A7C15L));
        }
        return new Random(h);
    }

    /** SplitMix64's finaliser: spreads every input bit over the whole word. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
