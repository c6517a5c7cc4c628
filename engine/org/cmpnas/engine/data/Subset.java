package org.cmpnas.engine.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Which training images {@code --limit N} keeps. Lower-case constants: the Java name is the JSON word.
 */
public enum Subset {
    /**
     * The first N in reading order. What every run recorded before balanced subsets meant by a limit (their
     * configs have no {@code subset} field), kept so that they repeat and resume on the same images. On a
     * class-sorted image folder it keeps only the first classes.
     */
    first,
    /**
     * A seeded draw that keeps every class's share of the split: class {@code c} with {@code n_c} of the
     * {@code n} images gets {@code N * n_c / n} of them, the remainders going to the largest fractions (ties
     * to the lower class); which images of a class, by a seeded shuffle. The kept images stay in reading order.
     */
    balanced;

    /**
     * A config's rule as recorded: none ({@code null}, written before balanced subsets) is {@link #first}; without a
     * limit the rule selects nothing, so it reads as {@link #balanced} and old and new configs of every image compare equal.
     */
    public static Subset orFirst(Subset recorded, int limit) {
        return limit <= 0 ? balanced : recorded == null ? first : recorded;
    }

    /** The images a limit keeps ({@code limit <= 0} or at least the split's size: all of them, the same object). */
    public LabeledImages of(LabeledImages train, int limit, long seed) {
        if (limit <= 0 || limit >= train.size()) {
            return train;
        }
        return this == first ? train.first(limit) : train.select(balancedIndices(train.labels(), train.numClasses(), limit, seed));
    }

    /** For logs: which training images a run with this rule, limit and seed uses. */
    public String describe(int limit, long seed) {
        return limit <= 0 ? "every training image"
                : this == first ? "the first " + limit + " training images"
                : limit + " training images, each class in its share of the split (seed " + seed + ")";
    }

    /** Indices of a balanced subset of {@code limit} of the images with these labels, ascending. */
    static int[] balancedIndices(int[] labels, int classes, int limit, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        int[] quota = quotas(byClass.stream().mapToInt(List::size).toArray(), labels.length, limit);
        Random random = new Random(seed);
        int[] kept = new int[limit];
        int k = 0;
        for (int c = 0; c < classes; c++) {
            List<Integer> members = byClass.get(c);
            // partial Fisher-Yates: the first quota[c] places become a uniform draw without replacement
            for (int j = 0; j < quota[c]; j++) {
                int pick = j + random.nextInt(members.size() - j);
                Integer t = members.get(j);
                members.set(j, members.get(pick));
                members.set(pick, t);
                kept[k++] = members.get(j);
            }
        }
        Arrays.sort(kept);
        return kept;
    }

    /** Largest-remainder apportionment of {@code limit} over classes of these sizes. */
    private static int[] quotas(int[] sizes, int total, int limit) {
        int[] quota = new int[sizes.length];
        long[] remainder = new long[sizes.length];
        int given = 0;
        for (int c = 0; c < sizes.length; c++) {
            long share = (long) limit * sizes[c];
            quota[c] = (int) (share / total);
            remainder[c] = share % total;
            given += quota[c];
        }
        while (given < limit) {
            int best = -1;
            for (int c = 0; c < sizes.length; c++) {
                if (quota[c] < sizes[c] && (best < 0 || remainder[c] > remainder[best])) {
                    best = c;
                }
            }
            quota[best]++;
            remainder[best] = -1; // one extra image per class at most
            given++;
        }
        return quota;
    }
}
