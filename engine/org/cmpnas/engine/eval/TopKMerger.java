package org.cmpnas.engine.eval;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Keeps, per query, the k best (score, gallery index) pairs seen so far: higher score first, then
 * lower index. A small sorted insertion per row: k is small (≤ a few hundred).
 */
final class TopKMerger {
    private final int k;
    private final int[] indices;
    private final float[] scores;
    private final int[] filled;

    TopKMerger(int queries, int k) {
        this.k = k;
        indices = new int[queries * k];
        scores = new float[queries * k];
        filled = new int[queries];
        Arrays.fill(indices, -1);
        Arrays.fill(scores, Float.NEGATIVE_INFINITY);
    }

    void offer(int query, int index, float score) {
        int base = query * k;
        int n = filled[query];
        if (n == k && !better(score, index, scores[base + k - 1], indices[base + k - 1])) {
            return;
        }
        int pos = n == k ? k - 1 : n;
        while (pos > 0 && better(score, index, scores[base + pos - 1], indices[base + pos - 1])) {
            scores[base + pos] = scores[base + pos - 1];
            indices[base + pos] = indices[base + pos - 1];
            pos--;
        }
        scores[base + pos] = score;
        indices[base + pos] = index;
        if (n < k) {
            filled[query] = n + 1;
        }
    }

    /**
     * Offers consecutive gallery scores starting at gallery index {@code firstIndex}. Scores arrive in
     * increasing index order, so once the row is full only a strictly higher score can enter. The inner
     * loop does nothing but compare against that threshold: the JIT keeps it tight, and almost every
     * score of a large gallery ends there.
     */
    void offerRow(int query, FloatBuffer row, int from, int length, int firstIndex) {
        int end = from + length;
        int at = from;
        for (; at < end && filled[query] < k; at++) {
            offer(query, firstIndex + at - from, row.get(at));
        }
        int last = query * k + k - 1;
        while (at < end) {
            float threshold = scores[last];
            while (at < end && row.get(at) <= threshold) {
                at++;
            }
            if (at < end) {
                offer(query, firstIndex + at - from, row.get(at));
                at++;
            }
        }
    }

    private static boolean better(float s, int i, float otherScore, int otherIndex) {
        return s > otherScore || (s == otherScore && i < otherIndex);
    }

    TopKSearch.Result result() {
        return new TopKSearch.Result(k, indices, scores);
    }
}
