package org.cmpnas.engine.nas;

import static org.cmpnas.engine.model.SearchSpace.MAX_DEPTH;
import static org.cmpnas.engine.model.SearchSpace.STAGES;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;

/**
 * Draws subnets of the search space: uniformly, or within a MACs budget. Deterministic for a given
 * {@link Random}, so a seeded caller can repeat its samples.
 */
public final class SubnetSampler {
    private final ToLongFunction<SubnetSpec> macs;
    private final List<Integer> resolutions;

    /** Counts MACs the protocol's way ({@link SubnetSpec#macs()}); full resolution only. */
    public SubnetSampler() {
        this(SubnetSpec::macs);
    }

    public SubnetSampler(ToLongFunction<SubnetSpec> macs) {
        this(macs, SearchSpace.FULL_RESOLUTION);
    }

    /** @param resolutions the input resolutions subnets may have, ascending */
    public SubnetSampler(ToLongFunction<SubnetSpec> macs, List<Integer> resolutions) {
        this.macs = macs;
        this.resolutions = List.copyOf(resolutions);
    }

    /**
     * Depth and width per stage, kernel and expand ratio per active block and the resolution, each
     * uniform over its options (a single resolution draws nothing: full-resolution samples are what they
     * were before resolution was elastic).
     */
    public SubnetSpec sample(Random random) {
        return SubnetChoices.random(random, resolutions).toSpec();
    }

    /**
     * A subnet of at most {@code maxMacs}: uniform rejection sampling for up to {@code maxAttempts}
     * draws, then (tight budgets, where uniform draws almost never fit) a random growth from the smallest
     * subnet, so every feasible budget gets a subnet in bounded time.
     *
     * @throws BadInputException when even the smallest subnet is over the budget
     */
    public SubnetSpec sampleWithin(long maxMacs, Random random, int maxAttempts) {
        requireFeasible(maxMacs);
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            SubnetSpec spec = sample(random);
            if (macs.applyAsLong(spec) <= maxMacs) {
                return spec;
            }
        }
        return growWithin(maxMacs, random);
    }

    /** @throws BadInputException naming the smallest subnet and its MACs when the budget is below it */
    public void requireFeasible(long maxMacs) {
        requireFeasible(maxMacs, "budget");
    }

    /** As {@link #requireFeasible(long)}, the message starting with {@code what}, e.g. {@code --gallery-budget}. */
    public void requireFeasible(long maxMacs, String what) {
        SubnetSpec smallest = SearchSpace.smallest(resolutions);
        long smallestMacs = macs.applyAsLong(smallest);
        if (maxMacs < smallestMacs) {
            throw new BadInputException(what + " " + MacsBudgets.format(maxMacs) + " MACs is below the smallest subnet of the search space ("
                    + smallest.text() + ", " + MacsBudgets.format(smallestMacs) + " MACs)");
        }
    }

    /**
     * Starts from the smallest subnet and, in random order, moves single choices to a random larger
     * option, keeping each move that stays within the budget. Every kept move raises an option index,
     * so the passes end; the subnet never leaves the budget.
     */
    SubnetSpec growWithin(long maxMacs, Random random) {
        SubnetChoices choices = SubnetChoices.of(SearchSpace.smallest(resolutions));
        SubnetSpec current = choices.toSpec();
        List<Slot> slots = Slot.all(resolutions.size() > 1);
        boolean grew = true;
        while (grew) {
            grew = false;
            Collections.shuffle(slots, random);
            for (Slot slot : slots) {
                int old = slot.get(choices);
                List<Integer> options = slot.options(resolutions);
                int index = options.indexOf(old);
                if (index == options.size() - 1) {
                    continue;
                }
                slot.set(choices, options.get(index + 1 + random.nextInt(options.size() - index - 1)));
                SubnetSpec candidate = choices.toSpec();
                if (macs.applyAsLong(candidate) <= maxMacs) {
                    current = candidate;
                    grew = true;
                } else {
                    slot.set(choices, old);
                }
            }
        }
        return current;
    }

    /** One choice of a subnet: a stage's depth or width, or a block slot's kernel or expand ratio. */
    private record Slot(Kind kind, int stage, int block) {
        enum Kind { DEPTH, WIDTH, KERNEL, EXPAND, RESOLUTION }

        /** Every choice; the resolution last and only when elastic, so full-resolution growth draws as before. */
        static List<Slot> all(boolean elasticResolution) {
            List<Slot> slots = new ArrayList<>();
            for (int s = 0; s < STAGES; s++) {
                slots.add(new Slot(Kind.DEPTH, s, 0));
                slots.add(new Slot(Kind.WIDTH, s, 0));
                for (int b = 0; b < MAX_DEPTH; b++) {
                    slots.add(new Slot(Kind.KERNEL, s, b));
                    slots.add(new Slot(Kind.EXPAND, s, b));
                }
            }
            if (elasticResolution) {
                slots.add(new Slot(Kind.RESOLUTION, 0, 0));
            }
            return slots;
        }

        List<Integer> options(List<Integer> resolutions) {
            return switch (kind) {
                case DEPTH -> SearchSpace.DEPTHS;
                case WIDTH -> SearchSpace.WIDTHS.get(stage);
                case KERNEL -> SearchSpace.KERNELS;
                case EXPAND -> SearchSpace.EXPANDS;
                case RESOLUTION -> resolutions;
            };
        }

        int get(SubnetChoices c) {
            return switch (kind) {
                case DEPTH -> c.depths[stage];
                case WIDTH -> c.widths[stage];
                case KERNEL -> c.kernels[stage][block];
                case EXPAND -> c.expands[stage][block];
                case RESOLUTION -> c.resolution;
            };
        }

        void set(SubnetChoices c, int value) {
            switch (kind) {
                case DEPTH -> c.depths[stage] = value;
                case WIDTH -> c.widths[stage] = value;
                case KERNEL -> c.kernels[stage][block] = value;
                case EXPAND -> c.expands[stage][block] = value;
                case RESOLUTION -> c.resolution = value;
            }
        }
    }
}
