package org.cmpnas.engine.eval;

/**
 * Nearest-neighbour retrieval on L2-normalised embeddings (similarity = dot product, ties broken by
 * the lower gallery index), as PROTOCOL.md defines it.
 */
public final class Retrieval {
    private Retrieval() {
    }

    /** Percentage of queries whose most similar gallery item has the same label. */
    public static double top1(float[][] query, int[] queryLabels, float[][] gallery, int[] galleryLabels) {
        if (query.length == 0) {
            return 0;
        }
        long correct = 0;
        for (int q = 0; q < query.length; q++) {
            int best = -1;
            float bestScore = Float.NEGATIVE_INFINITY;
            for (int g = 0; g < gallery.length; g++) {
                float s = dot(query[q], gallery[g]);
                if (s > bestScore) {
                    bestScore = s;
                    best = g;
                }
            }
            correct += best >= 0 && galleryLabels[best] == queryLabels[q] ? 1 : 0;
        }
        return 100.0 * correct / query.length;
    }

    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
