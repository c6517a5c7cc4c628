package org.cmpnas.engine.nas;

import static org.cmpnas.engine.model.SearchSpace.MAX_DEPTH;
import static org.cmpnas.engine.model.SearchSpace.STAGES;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;

/**
 * Once-for-All's variation operators over subnets. Blocks are lined up by (stage, position in stage),
 * so parents of different depths still exchange the choices of corresponding blocks.
 */
public final class Mutations {
    private final ToLongFunction<SubnetSpec> macs;
    private final List<Integer> resolutions;

    public Mutations(ToLongFunction<SubnetSpec> macs) {
        this(macs, SearchSpace.FULL_RESOLUTION);
    }

    /** @param resolutions the input resolutions children may have; one means the resolution never changes */
    public Mutations(ToLongFunction<SubnetSpec> macs, List<Integer> resolutions) {
        this.macs = macs;
        this.resolutions = List.copyOf(resolutions);
    }

    /**
     * Each choice is resampled uniformly with probability {@code prob} (it may draw its old value, as
     * in OFA). Blocks that a deeper stage gains are drawn fresh rather than copied.
     */
    public static SubnetSpec mutate(SubnetSpec parent, double prob, Random random) {
        return mutate(parent, prob, random, SearchSpace.FULL_RESOLUTION);
    }

    /** As {@link #mutate(SubnetSpec, double, Random)}; the resolution is resampled last, and only when it is elastic. */
    public static SubnetSpec mutate(SubnetSpec parent, double prob, Random random, List<Integer> resolutions) {
        SubnetChoices c = SubnetChoices.of(parent);
        for (int s = 0; s < STAGES; s++) {
            int oldDepth = c.depths[s];
            if (random.nextDouble() < prob) {
                c.depths[s] = SubnetChoices.pick(SearchSpace.DEPTHS, random);
            }
            if (random.nextDouble() < prob) {
                c.widths[s] = SubnetChoices.pick(SearchSpace.WIDTHS.get(s), random);
            }
            for (int b = 0; b < MAX_DEPTH; b++) {
                boolean fresh = b >= oldDepth;
                if (fresh || random.nextDouble() < prob) {
                    c.kernels[s][b] = SubnetChoices.pick(SearchSpace.KERNELS, random);
                }
                if (fresh || random.nextDouble() < prob) {
                    c.expands[s][b] = SubnetChoices.pick(SearchSpace.EXPANDS, random);
                }
            }
        }
        if (resolutions.size() > 1 && random.nextDouble() < prob) {
            c.resolution = SubnetChoices.pick(resolutions, random);
        }
        return c.toSpec();
    }

    /**
     * Every choice from either parent with equal odds. A block the child has but only one parent has
     * (the other's stage is shallower) comes from that parent.
     */
    public static SubnetSpec crossover(SubnetSpec first, SubnetSpec second, Random random) {
        return crossover(first, second, random, SearchSpace.FULL_RESOLUTION);
    }

    /** As {@link #crossover(SubnetSpec, SubnetSpec, Random)}; the resolution from either parent, drawn last when elastic. */
    public static SubnetSpec crossover(SubnetSpec first, SubnetSpec second, Random random, List<Integer> resolutions) {
        SubnetChoices a = SubnetChoices.of(first);
        SubnetChoices b = SubnetChoices.of(second);
        SubnetChoices child = new SubnetChoices();
        for (int s = 0; s < STAGES; s++) {
            child.depths[s] = (random.nextBoolean() ? a : b).depths[s];
            child.widths[s] = (random.nextBoolean() ? a : b).widths[s];
            for (int i = 0; i < MAX_DEPTH; i++) {
                child.kernels[s][i] = donor(a, b, s, i, random).kernels[s][i];
                child.expands[s][i] = donor(a, b, s, i, random).expands[s][i];
            }
        }
        child.resolution = resolutions.size() > 1 ? (random.nextBoolean() ? a : b).resolution : a.resolution;
        return child.toSpec();
    }

    private static SubnetChoices donor(SubnetChoices a, SubnetChoices b, int stage, int block, Random random) {
        boolean inA = block < a.depths[stage];
        boolean inB = block < b.depths[stage];
        if (inA == inB) {
            return random.nextBoolean() ? a : b;
        }
        return inA ? a : b;
    }

    /** A mutant within {@code maxMacs}, or empty when {@code attempts} tries all went over. */
    public Optional<SubnetSpec> mutateWithin(SubnetSpec parent, double prob, long maxMacs, Random random, int attempts) {
        return within(() -> mutate(parent, prob, random, resolutions), maxMacs, attempts);
    }

    /** A child within {@code maxMacs}, or empty when {@code attempts} tries all went over. */
    public Optional<SubnetSpec> crossoverWithin(SubnetSpec first, SubnetSpec second, long maxMacs, Random random, int attempts) {
        return within(() -> crossover(first, second, random, resolutions), maxMacs, attempts);
    }

    private Optional<SubnetSpec> within(Supplier<SubnetSpec> draw, long maxMacs, int attempts) {
        for (int attempt = 0; attempt < attempts; attempt++) {
            SubnetSpec spec = draw.get();
            if (macs.applyAsLong(spec) <= maxMacs) {
                return Optional.of(spec);
            }
        }
        return Optional.empty();
    }
}
