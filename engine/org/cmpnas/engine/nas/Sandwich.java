package org.cmpnas.engine.nas;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.Seeds;
import org.cmpnas.engine.model.InputShape;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;

/**
 * Which subnets one supernet step trains: the sandwich rule's largest, smallest and
 * {@value #RANDOM_SUBNETS} random subnets. Deterministic per (seed, step), so a resumed run samples
 * what an uninterrupted one does.
 *
 * <p>Two samplings. <b>Whole space</b> (Once-for-All): the largest subnet of the space, random subnets
 * uniform over the choices. Uniform draws fall within 1 M MACs 0.33 % of the time (median 9.1 M), so
 * almost all of a step goes to subnets a search for small budgets never returns. <b>Budget-aware</b>:
 * the largest is the largest subnet within the highest budget ({@link #largestWithin}); random
 * subnet {@code i} of step {@code s} targets budget band {@code (s·R + i) mod n} (the bands between
 * consecutive budgets, the first starting at the smallest subnet), at a MACs target drawn uniformly
 * in the band, and grows from the smallest subnet up to it. So every budget's neighbourhood is trained
 * equally often and nothing above the highest budget is trained.
 *
 * <p>In pair mode the first subnet stays the whole space's largest: it is the gallery. Budgets are MACs of the
 * subnets as models of the supernet's input ({@link SubnetSpec#withInput}).
 */
public final class Sandwich {
    public static final int RANDOM_SUBNETS = 2;

    private final List<Long> budgets;
    private final long seed;
    private final SubnetSpec largest;
    private final SubnetSpec smallest;
    private final SubnetSampler sampler;
    private final ToLongFunction<SubnetSpec> macs;

    private Sandwich(List<Long> budgets, long seed, SubnetSpec largest, List<Integer> resolutions, InputShape input) {
        this.budgets = budgets;
        this.seed = seed;
        this.largest = largest;
        this.smallest = SearchSpace.smallest(resolutions);
        this.macs = macsAt(input);
        this.sampler = new SubnetSampler(macs, resolutions);
    }

    /** MACs of a subnet as a model of {@code input}. */
    static ToLongFunction<SubnetSpec> macsAt(InputShape input) {
        return spec -> spec.withInput(input).macs();
    }

    /** Once-for-All's sampling over the whole (full-resolution) space, and the whole space's largest subnet. */
    public static Sandwich wholeSpace(long seed) {
        return new Sandwich(List.of(), seed, SearchSpace.largest(), SearchSpace.FULL_RESOLUTION, InputShape.GREY_28);
    }

    /** Budget-aware sampling at full resolution; see {@link #budgetAware(List, long, boolean, List)}. */
    public static Sandwich budgetAware(List<Long> budgets, long seed, boolean pair) {
        return budgetAware(budgets, seed, pair, SearchSpace.FULL_RESOLUTION, InputShape.GREY_28);
    }

    /**
     * Budget-aware sampling for {@code budgets} (each at least the smallest subnet's MACs) over subnets
     * of the given input {@code resolutions} (ascending); {@code pair} keeps the whole space's largest
     * subnet first, as the gallery. The budgets are MACs at {@code input}.
     */
    public static Sandwich budgetAware(List<Long> budgets, long seed, boolean pair, List<Integer> resolutions, InputShape input) {
        if (budgets.isEmpty()) {
            throw new IllegalArgumentException("budget-aware sampling needs at least one budget");
        }
        List<Long> sorted = budgets.stream().sorted().distinct().toList();
        new SubnetSampler(macsAt(input), resolutions).requireFeasible(sorted.get(0), "--budgets");
        return new Sandwich(sorted, seed, pair ? SearchSpace.largest() : largestWithin(sorted.get(sorted.size() - 1), resolutions, input),
                resolutions, input);
    }

    public boolean isBudgetAware() {
        return !budgets.isEmpty();
    }

    /** The sandwich's first subnet. */
    public SubnetSpec largest() {
        return largest;
    }

    /** The subnets of step {@code step}: largest, smallest, then the random ones. */
    public List<SubnetSpec> subnets(long step) {
        Random random = new Random(Seeds.of(seed, step));
        List<SubnetSpec> subnets = new ArrayList<>(List.of(largest, smallest));
        for (int i = 0; i < RANDOM_SUBNETS; i++) {
            subnets.add(budgets.isEmpty() ? sampler.sample(random) : inBand((int) Math.floorMod(step * RANDOM_SUBNETS + i, (long) budgets.size()), random));
        }
        return subnets;
    }

    private SubnetSpec inBand(int band, Random random) {
        long low = band == 0 ? macs.applyAsLong(smallest) : budgets.get(band - 1);
        long high = budgets.get(band);
        long target = low + (long) (random.nextDouble() * (high - low));
        return sampler.growWithin(Math.max(target, macs.applyAsLong(smallest)), random);
    }

    /**
     * The largest subnet within {@code maxMacs} (of the given input resolutions) that greedy growth finds, "largest" by parameters (the
     * shared weights it trains), then MACs: from the smallest, move the one choice whose next larger
     * option adds the most parameters and still fits, until none fits. Greedy by MACs instead spends the
     * budget on the first stage at full resolution (2.39 M MACs but 8.8 k parameters for 2.4 M), leaving
     * the later stages' weights to the random subnets. Deterministic (ties go to the first choice in
     * {@link SubnetChoices} order).
     *
     * @throws BadInputException when even the smallest subnet is over {@code maxMacs}
     */
    public static SubnetSpec largestWithin(long maxMacs, List<Integer> resolutions) {
        return largestWithin(maxMacs, resolutions, InputShape.GREY_28);
    }

    /** As {@link #largestWithin(long, List)}, with parameters and MACs of the subnets as models of {@code input}. */
    public static SubnetSpec largestWithin(long maxMacs, List<Integer> resolutions, InputShape input) {
        new SubnetSampler(macsAt(input), resolutions).requireFeasible(maxMacs, "--budgets");
        SubnetChoices current = SubnetChoices.of(SearchSpace.smallest(resolutions));
        boolean grew = true;
        while (grew) { // every move adds parameters or MACs, so this ends
            grew = false;
            SubnetSpec now = current.toSpec().withInput(input);
            long bestParams = now.params();
            long bestMacs = now.macs();
            SubnetChoices best = current;
            for (SubnetChoices grown : current.grownByOne(resolutions)) {
                SubnetSpec spec = grown.toSpec().withInput(input);
                long p = spec.params();
                long m = spec.macs();
                if (m <= maxMacs && (p > bestParams || p == bestParams && m > bestMacs)) {
                    best = grown;
                    bestParams = p;
                    bestMacs = m;
                    grew = true;
                }
            }
            current = best;
        }
        return current.toSpec();
    }
}
