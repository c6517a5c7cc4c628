package org.cmpnas.engine.bench;

import org.cmpnas.engine.eval.Embeddings;

/**
 * The synthetic rows of the ANN benchmark, drawn the same way by bench/peer.py: {@value #CLUSTERS} centres
 * uniform on the unit sphere of {@value #DIM} dimensions, and each row a centre plus Gaussian noise of
 * {@value #SIGMA} per dimension, normalised; row {@code i} belongs to centre {@code i % CLUSTERS}. Random
 * numbers: splitmix64 from the seed, uniform doubles from its top 53 bits, normal pairs by Box–Muller
 * ({@code sqrt(-2 ln(1 - u1)) · cos/sin(2π u2)}), consumed centres first, then the rows in order. The gallery
 * rows and the held-out queries come from two seeds, so no query is in the index.
 */
final class SphereClusters {
    static final int DIM = 128;
    static final int CLUSTERS = 1000;
    static final double SIGMA = 0.06;
    static final long GALLERY_SEED = 1;
    static final long QUERY_SEED = 2;

    private long state;
    private double spare = Double.NaN;

    private SphereClusters(long seed) {
        state = seed;
    }

    /** {@code count} rows of the clusters that seed 0 places, with the row noise of {@code seed}. */
    static Embeddings rows(int count, long seed) {
        float[] centres = new SphereClusters(0).normals(CLUSTERS);
        Embeddings.normalise(centres, CLUSTERS, DIM);
        float[] rows = new SphereClusters(seed).normals(count);
        for (int i = 0; i < count; i++) {
            int c = i % CLUSTERS;
            for (int j = 0; j < DIM; j++) {
                rows[i * DIM + j] = (float) (centres[c * DIM + j] + SIGMA * rows[i * DIM + j]);
            }
        }
        return Embeddings.normalise(rows, count, DIM);
    }

    private float[] normals(int count) {
        float[] out = new float[count * DIM];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) normal();
        }
        return out;
    }

    private long next() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private double uniform() {
        return (next() >>> 11) * 0x1.0p-53;
    }

    private double normal() {
        if (!Double.isNaN(spare)) {
            double z = spare;
            spare = Double.NaN;
            return z;
        }
        double r = Math.sqrt(-2 * Math.log(1 - uniform()));
        double theta = 2 * Math.PI * uniform();
        spare = r * Math.sin(theta);
        return r * Math.cos(theta);
    }
}
