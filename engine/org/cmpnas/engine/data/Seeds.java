package org.cmpnas.engine.data;

/**
 * The one rule that derives a run's per-epoch (and per-step) seeds from its seed: {@code s · 1,000,003 + i}.
 * Batch order, augmentation and the sandwich's subnets all follow it, and resuming a run reproduces the
 * uninterrupted one only because every job derives its seeds here.
 */
public final class Seeds {
    private static final long STRIDE = 1_000_003L;

    private Seeds() {
    }

    /** The seed of epoch (or step) {@code index} of a run seeded {@code runSeed}. */
    public static long of(long runSeed, long index) {
        return runSeed * STRIDE + index;
    }
}
