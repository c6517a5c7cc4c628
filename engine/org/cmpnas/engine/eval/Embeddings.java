package org.cmpnas.engine.eval;

/**
 * L2-normalised embeddings, one row per image, row-major in one array (so that they go to and from
 * the engine in one copy).
 */
public record Embeddings(float[] data, int count, int dim) {

    public Embeddings {
        if ((long) count * dim != data.length) {
            throw new IllegalArgumentException(count + " × " + dim + " embeddings need " + (long) count * dim + " values, got " + data.length);
        }
    }

    /** Normalises each row of {@code raw} to unit length in place (a zero row stays zero). */
    public static Embeddings normalise(float[] raw, int count, int dim) {
        for (int i = 0; i < count; i++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                float v = raw[i * dim + j];
                norm += (double) v * v;
            }
            float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int j = 0; j < dim; j++) {
                raw[i * dim + j] *= scale;
            }
        }
        return new Embeddings(raw, count, dim);
    }

    public float[] row(int i) {
        float[] r = new float[dim];
        System.arraycopy(data, i * dim, r, 0, dim);
        return r;
    }
}
