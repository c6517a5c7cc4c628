package org.cmpnas.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubsetTest {

    /** A class-sorted split as an image folder reads it: 600 of class 0, 300 of class 1, 100 of class 2 (pixel = index). */
    private static final LabeledImages SORTED = sorted(600, 300, 100);

    private static LabeledImages sorted(int... counts) {
        int n = Arrays.stream(counts).sum();
        int[] labels = new int[n];
        byte[] pixels = new byte[n];
        int i = 0;
        for (int c = 0; c < counts.length; c++) {
            for (int k = 0; k < counts[c]; k++, i++) {
                labels[i] = c;
                pixels[i] = (byte) i;
            }
        }
        return new LabeledImages(pixels, labels, 1, 1, IntStream.range(0, counts.length).mapToObj(c -> "c" + c).toList());
    }

    private static int[] counts(LabeledImages images) {
        int[] counts = new int[images.numClasses()];
        for (int label : images.labels()) {
            counts[label]++;
        }
        return counts;
    }

    @Test
    void aBalancedSubsetOfAClassSortedSplitKeepsEveryClassInItsShare() {
        assertThat(counts(Subset.balanced.of(SORTED, 100, 1))).containsExactly(60, 30, 10);
        // 7 * (0.6, 0.3, 0.1) = 4.2, 2.1, 0.7: floors 4, 2, 0 and the one left over to the largest remainder (class 2)
        assertThat(counts(Subset.balanced.of(SORTED, 7, 1))).containsExactly(4, 2, 1);
        assertThat(counts(Subset.first.of(SORTED, 100, 1))).as("what a limit meant before").containsExactly(100, 0, 0);
    }

    @Test
    void theSameSeedGivesTheSameSubsetAndAnotherSeedAnother() {
        LabeledImages a = Subset.balanced.of(SORTED, 100, 1);
        assertThat(Subset.balanced.of(SORTED, 100, 1).contentHash()).isEqualTo(a.contentHash());
        assertThat(Subset.balanced.of(SORTED, 100, 2).contentHash()).isNotEqualTo(a.contentHash());
    }

    @Test
    void theKeptImagesAreDistinctInReadingOrderAndWithTheirOwnLabels() {
        LabeledImages kept = Subset.balanced.of(SORTED, 250, 5);
        int[] fromLabels = Subset.balancedIndices(SORTED.labels(), 3, 250, 5);
        assertThat(fromLabels).isSorted().doesNotHaveDuplicates().hasSize(250);
        for (int k = 0; k < kept.size(); k++) {
            assertThat(kept.label(k)).isEqualTo(SORTED.label(fromLabels[k]));
            assertThat(kept.pixel(k, 0)).as("the pixel holds the index mod 256").isEqualTo(fromLabels[k] & 0xFF);
        }
    }

    @Test
    void noLimitOrOneAsLargeAsTheSplitKeepsEveryImage() {
        assertThat(Subset.balanced.of(SORTED, 0, 1)).isSameAs(SORTED);
        assertThat(Subset.balanced.of(SORTED, 1000, 1)).isSameAs(SORTED);
    }

    @Test
    void configsWithoutARuleReadAsTheFirstImagesAndWithoutALimitTheRuleIsMoot() {
        assertThat(Subset.orFirst(null, 500)).isEqualTo(Subset.first);
        assertThat(Subset.orFirst(Subset.balanced, 500)).isEqualTo(Subset.balanced);
        assertThat(List.of(Subset.orFirst(null, 0), Subset.orFirst(Subset.first, 0))).containsOnly(Subset.balanced);
    }
}
