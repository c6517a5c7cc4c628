package org.cmpnas.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataSplitsTest {

    /** n 1x2 images whose first pixel is their index and whose label is index % classes. */
    static LabeledImages indexed(int n, int classes) {
        byte[] p = new byte[n * 2];
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            p[2 * i] = (byte) i;
            l[i] = i % classes;
        }
        List<String> names = java.util.stream.IntStream.range(0, classes).mapToObj(c -> "c" + c).toList();
        return new LabeledImages(p, l, 1, 2, names);
    }

    @Test
    void queryIsEveryTenthTestImageAndNasQueryEveryFifthValImage() {
        DataSplits s = DataSplits.fromTest("tiny", indexed(7, 3), indexed(12, 3), indexed(25, 3), "abc");
        assertThat(firstPixels(s.query())).containsExactly(0, 10, 20);
        assertThat(firstPixels(s.gallery())).hasSize(22).doesNotContain(0, 10, 20).startsWith(1, 2, 3).endsWith(24);
        assertThat(firstPixels(s.nasQuery())).containsExactly(0, 5, 10);
        assertThat(firstPixels(s.nasGallery())).containsExactly(1, 2, 3, 4, 6, 7, 8, 9, 11);
        assertThat(s.query().labels()).containsExactly(0, 1, 2);
        assertThat(s.describe()).contains("tiny").contains("query 3").contains("gallery 22");
    }

    @Test
    void limitTakesPrefixesAndRedrawsNasSets() {
        DataSplits s = DataSplits.fromTest("tiny", indexed(50, 3), indexed(40, 3), indexed(100, 3), "abc");
        DataSplits small = s.limit(5, 10, 4, 6);
        assertThat(small.train().size()).isEqualTo(5);
        assertThat(firstPixels(small.query())).containsExactly(0, 10, 20, 30);
        assertThat(small.gallery().size()).isEqualTo(6);
        assertThat(firstPixels(small.nasQuery())).containsExactly(0, 5);
        assertThat(small.nasGallery().size()).isEqualTo(8);
    }

    @Test
    void labeledImagesSelectRangeAndValidation() {
        LabeledImages a = indexed(6, 2);
        assertThat(firstPixels(a.select(new int[] {5, 0, 5}))).containsExactly(5, 0, 5);
        assertThat(firstPixels(a.range(2, 4))).containsExactly(2, 3);
        assertThat(a.range(2, 4).labels()).containsExactly(0, 1);
        assertThatThrownBy(() -> new LabeledImages(new byte[3], new int[2], 1, 2, List.of("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LabeledImages(new byte[2], new int[] {1}, 1, 2, List.of("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.range(3, 7)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void splitsMustShareSizeAndClasses() {
        assertThatThrownBy(() -> DataSplits.fromTest("x", indexed(5, 2), indexed(5, 3), indexed(5, 2), "c"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static int[] firstPixels(LabeledImages images) {
        int[] out = new int[images.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = images.pixel(i, 0);
        }
        return out;
    }
}
