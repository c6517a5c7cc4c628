package org.cmpnas.engine.nas;

import static org.cmpnas.engine.model.SearchSpace.MAX_DEPTH;
import static org.cmpnas.engine.model.SearchSpace.STAGES;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;

/**
 * A subnet as editable choices with a slot for every block a stage may have (Once-for-All's encoding),
 * so that mutation and crossover line blocks up by (stage, position) even when depths differ.
 * Slots beyond a stage's depth are inactive: they hold a value but do not reach the {@link SubnetSpec}.
 */
final class SubnetChoices {
    final int[] depths = new int[STAGES];
    final int[] widths = new int[STAGES];
    final int[][] kernels = new int[STAGES][MAX_DEPTH];
    final int[][] expands = new int[STAGES][MAX_DEPTH];
    int resolution = ArchSpec.INPUT_SIZE;

    /** Inactive slots start at the smallest option. */
    static SubnetChoices of(SubnetSpec spec) {
        SubnetChoices c = new SubnetChoices();
        int block = 0;
        for (int s = 0; s < STAGES; s++) {
            c.depths[s] = spec.depths().get(s);
            c.widths[s] = spec.widths().get(s);
            for (int b = 0; b < MAX_DEPTH; b++) {
                boolean active = b < c.depths[s];
                c.kernels[s][b] = active ? spec.kernels().get(block) : SearchSpace.KERNELS.get(0);
                c.expands[s][b] = active ? spec.expands().get(block) : SearchSpace.EXPANDS.get(0);
                block += active ? 1 : 0;
            }
        }
        c.resolution = spec.resolution();
        return c;
    }

    /** Every choice, active or not, uniformly from its options; the resolution from {@code resolutions}. */
    static SubnetChoices random(Random random, List<Integer> resolutions) {
        SubnetChoices c = random(random);
        c.resolution = pickResolution(resolutions, random);
        return c;
    }

    /**
     * A resolution from {@code resolutions}; with a single option {@code random} is not drawn from, so
     * that a full-resolution space samples exactly what it sampled before resolution was elastic.
     */
    static int pickResolution(List<Integer> resolutions, Random random) {
        return resolutions.size() == 1 ? resolutions.get(0) : pick(resolutions, random);
    }

    /** Every choice, active or not, uniformly from its options; full resolution. */
    static SubnetChoices random(Random random) {
        SubnetChoices c = new SubnetChoices();
        for (int s = 0; s < STAGES; s++) {
            c.depths[s] = pick(SearchSpace.DEPTHS, random);
            c.widths[s] = pick(SearchSpace.WIDTHS.get(s), random);
            for (int b = 0; b < MAX_DEPTH; b++) {
                c.kernels[s][b] = pick(SearchSpace.KERNELS, random);
                c.expands[s][b] = pick(SearchSpace.EXPANDS, random);
            }
        }
        return c;
    }

    static int pick(List<Integer> options, Random random) {
        return options.get(random.nextInt(options.size()));
    }

    /**
     * Every subnet one step larger: one active choice (a stage's depth or width, an active block's kernel
     * or expand ratio, the resolution among {@code resolutions}, ascending) moved to its next option. A new
     * block enters at the smallest kernel and expansion.
     */
    List<SubnetChoices> grownByOne(List<Integer> resolutions) {
        List<SubnetChoices> grown = new ArrayList<>();
        int at = resolutions.indexOf(resolution);
        if (at >= 0 && at < resolutions.size() - 1) {
            SubnetChoices sharper = copy();
            sharper.resolution = resolutions.get(at + 1);
            grown.add(sharper);
        }
        for (int s = 0; s < STAGES; s++) {
            grown.addAll(next(SearchSpace.DEPTHS, depths, s));
            grown.addAll(next(SearchSpace.WIDTHS.get(s), widths, s));
            for (int b = 0; b < depths[s]; b++) {
                grown.addAll(next(SearchSpace.KERNELS, kernels[s], b));
                grown.addAll(next(SearchSpace.EXPANDS, expands[s], b));
            }
        }
        return grown;
    }

    /** This subnet with {@code slot[index]} at its next option, or nothing when it is at the last one. */
    private List<SubnetChoices> next(List<Integer> options, int[] slot, int index) {
        int at = options.indexOf(slot[index]);
        if (at == options.size() - 1) {
            return List.of();
        }
        int old = slot[index];
        slot[index] = options.get(at + 1);
        SubnetChoices copy = copy();
        slot[index] = old;
        return List.of(copy);
    }

    SubnetChoices copy() {
        SubnetChoices c = new SubnetChoices();
        System.arraycopy(depths, 0, c.depths, 0, STAGES);
        System.arraycopy(widths, 0, c.widths, 0, STAGES);
        for (int s = 0; s < STAGES; s++) {
            System.arraycopy(kernels[s], 0, c.kernels[s], 0, MAX_DEPTH);
            System.arraycopy(expands[s], 0, c.expands[s], 0, MAX_DEPTH);
        }
        c.resolution = resolution;
        return c;
    }

    SubnetSpec toSpec() {
        List<Integer> k = new ArrayList<>();
        List<Integer> e = new ArrayList<>();
        for (int s = 0; s < STAGES; s++) {
            for (int b = 0; b < depths[s]; b++) {
                k.add(kernels[s][b]);
                e.add(expands[s][b]);
            }
        }
        return new SubnetSpec(Arrays.stream(depths).boxed().toList(), Arrays.stream(widths).boxed().toList(), k, e, resolution);
    }
}
