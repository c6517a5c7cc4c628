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

    /** Counts MACs the way PROTOCOL.md does ({@link SubnetSpec#macs()}). */
    public SubnetSampler() {
        this(SubnetSpec::macs);
    }

    public SubnetSampler(ToLongFunction<SubnetSpec> macs) {
        this.macs = macs;
    }

    /** Depth and width per stage, kernel and expand ratio per active block, each uniform over its options. */
    public SubnetSpec sample(Random random) {
        return SubnetChoices.random(random).toSpec();
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
        SubnetSpec smallest = SearchSpace.smallest();
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
        SubnetChoices choices = SubnetChoices.of(SearchSpace.smallest());
        SubnetSpec current = choices.toSpec();
        List<Slot> slots = Slot.all();
        boolean grew = true;
        while (grew) {
            grew = false;
            Collections.shuffle(slots, random);
            for (Slot slot : slots) {
                int old = slot.get(choices);
                List<Integer> options = slot.options();
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
        enum Kind { DEPTH, WIDTH, KERNEL, EXPAND }

        static List<Slot> all() {
            List<Slot> slots = new ArrayList<>();
            for (int s = 0; s < STAGES; s++) {
                slots.add(new Slot(Kind.DEPTH, s, 0));
                slots.add(new Slot(Kind.WIDTH, s, 0));
                for (int b = 0; b < MAX_DEPTH; b++) {
                    slots.add(new Slot(Kind.KERNEL, s, b));
                    slots.add(new Slot(Kind.EXPAND, s, b));
                }
            }
            return slots;
        }

        List<Integer> options() {
            return switch (kind) {
                case DEPTH -> SearchSpace.DEPTHS;
                case WIDTH -> SearchSpace.WIDTHS.get(stage);
                case KERNEL -> SearchSpace.KERNELS;
                case EXPAND -> SearchSpace.EXPANDS;
            };
        }

        int get(SubnetChoices c) {
            return switch (kind) {
                case DEPTH -> c.depths[stage];
                case WIDTH -> c.widths[stage];
                case KERNEL -> c.kernels[stage][block];
                case EXPAND -> c.expands[stage][block];
            };
        }

        void set(SubnetChoices c, int value) {
            switch (kind) {
                case DEPTH -> c.depths[stage] = value;
                case WIDTH -> c.widths[stage] = value;
                case KERNEL -> c.kernels[stage][block] = value;
                case EXPAND -> c.expands[stage][block] = value;
            }
        }
    }
}
