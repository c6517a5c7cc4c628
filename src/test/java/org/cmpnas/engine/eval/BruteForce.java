package org.cmpnas.engine.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reference retrieval metrics written the slow, obvious way (boxed lists, full sorts, double
 * precision dot products), independent of the production code.
 */
final class BruteForce {
    private BruteForce() {
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** Gallery indices in ranked order for one query: similarity descending, index ascending. */
    static List<Integer> ranking(float[][] query, float[][] gallery, int q) {
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < gallery.length; j++) {
            order.add(j);
        }
        // Float similarities, as the engine computes them; compared as floats so ties are the same ties.
        order.sort(Comparator.<Integer>comparingDouble(j -> -(float) dot(query[q], gallery[j])).thenComparingInt(j -> j));
        return order;
    }

    static double topK(float[][] query, int[] ql, float[][] gallery, int[] gl, int k) {
        int hits = 0;
        for (int q = 0; q < query.length; q++) {
            List<Integer> r = ranking(query, gallery, q);
            for (int i = 0; i < Math.min(k, r.size()); i++) {
                if (gl[r.get(i)] == ql[q]) {
                    hits++;
                    break;
                }
            }
        }
        return 100.0 * hits / query.length;
    }

    static double mAP(float[][] query, int[] ql, float[][] gallery, int[] gl) {
        double sum = 0;
        for (int q = 0; q < query.length; q++) {
            List<Integer> r = ranking(query, gallery, q);
            int relevant = 0;
            double precisions = 0;
            for (int i = 0; i < r.size(); i++) {
                if (gl[r.get(i)] == ql[q]) {
                    relevant++;
                    precisions += relevant / (double) (i + 1);
                }
            }
            sum += relevant == 0 ? 0 : precisions / relevant;
        }
        return 100 * sum / query.length;
    }

    /** TAR at FAR by the definition: the smallest impostor-score threshold t with #{impostor > t} ≤ FAR·N. */
    static double tar(float[][] query, int[] ql, float[][] gallery, int[] gl, double far) {
        List<Float> impostors = new ArrayList<>();
        List<Float> genuine = new ArrayList<>();
        for (int q = 0; q < query.length; q++) {
            for (int j = 0; j < gallery.length; j++) {
                float s = (float) dot(query[q], gallery[j]);
                (gl[j] == ql[q] ? genuine : impostors).add(s);
            }
        }
        double threshold = Double.NEGATIVE_INFINITY;
        List<Float> candidates = new ArrayList<>(impostors);
        candidates.sort(Comparator.naturalOrder());
        for (float t : candidates) {       // smallest first: the first that satisfies the bound wins
            long above = impostors.stream().filter(s -> s > t).count();
            if (above <= far * impostors.size()) {
                threshold = t;
                break;
            }
        }
        double th = threshold;
        return genuine.isEmpty() ? 0 : 100.0 * genuine.stream().filter(s -> s > th).count() / genuine.size();
    }
}
