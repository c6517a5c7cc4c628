package org.cmpnas.engine.model;

import java.util.List;

/** The CMP-NAS search space (docs/protocol.md): elastic depth, width, kernel, expand ratio and input resolution. */
public final class SearchSpace {
    public static final int STAGES = 3;
    public static final int MAX_DEPTH = 3;
    public static final int STEM = 16;
    public static final List<Integer> DEPTHS = List.of(1, 2, 3);
    public static final List<List<Integer>> WIDTHS = List.of(List.of(8, 16, 24), List.of(16, 32, 48), List.of(32, 64, 96));
    public static final List<Integer> KERNELS = List.of(3, 5);
    public static final List<Integer> EXPANDS = List.of(1, 3, 6);
    /**
     * Input resolutions a subnet may resize the query image to (elastic resolution, protocol v2); the
     * gallery always sees the full image. A supernet searches them only when trained for them.
     */
    public static final List<Integer> RESOLUTIONS = List.of(16, 20, 24, 28);
    /** The resolutions a subnet of {@code input} may have: {@link #RESOLUTIONS} for a 28 px input, else its full size only. */
    public static List<Integer> resolutions(InputShape input) {
        return input.size() == ArchSpec.INPUT_SIZE ? RESOLUTIONS : List.of(input.size());
    }

    /** The input at which a subnet costs most: colour, the largest side the stem does not stride yet. */
    public static final InputShape COSTLIEST_INPUT = new InputShape(3, 47);

    /** The protocol v1 space: full resolution only. */
    public static final List<Integer> FULL_RESOLUTION = List.of(ArchSpec.INPUT_SIZE);

    private SearchSpace() {
    }

    public static int stageStride(int stage) {
        return stage == 0 ? 1 : 2;
    }

    public static SubnetSpec smallest() {
        return uniform(0);
    }

    /** The smallest subnet at the lowest of {@code resolutions}. */
    public static SubnetSpec smallest(List<Integer> resolutions) {
        return uniform(0).withResolution(resolutions.stream().mapToInt(Integer::intValue).min().orElse(ArchSpec.INPUT_SIZE));
    }

    public static SubnetSpec largest() {
        return uniform(-1);
    }

    /** Every choice at the first (0) or last (-1) option. */
    private static SubnetSpec uniform(int pick) {
        int d = at(DEPTHS, pick);
        List<Integer> widths = WIDTHS.stream().map(w -> at(w, pick)).toList();
        int blocks = d * STAGES;
        return new SubnetSpec(List.of(d, d, d), widths,
                java.util.Collections.nCopies(blocks, at(KERNELS, pick)),
                java.util.Collections.nCopies(blocks, at(EXPANDS, pick)));
    }

    private static int at(List<Integer> options, int pick) {
        return options.get(pick < 0 ? options.size() - 1 : pick);
    }
}
