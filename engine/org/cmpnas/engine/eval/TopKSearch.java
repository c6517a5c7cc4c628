package org.cmpnas.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;

/**
 * Exact top-k search of queries against a gallery (dot product on normalised embeddings), blockwise:
 * a block of queries meets a chunk of the gallery in one matrix product and the engine's top-k keeps
 * k+1 candidates per row, which are merged across chunks in Java. Ties go to the lower gallery index;
 * when a tie reaches the (k+1)-th candidate the row's chunk is rescanned exactly, so the answer never
 * depends on how the engine orders equal scores. Memory: at most {@link #QUERY_BLOCK} × {@link #GALLERY_CHUNK}
 * similarities at once, whatever the gallery size.
 */
public final class TopKSearch {
    static final int QUERY_BLOCK = 1024;
    static final int GALLERY_CHUNK = 16384;

    /** Row {@code i}'s results are at {@code i*k .. i*k+k-1}, best first; index -1 where the gallery is short. */
    public record Result(int k, int[] indices, float[] scores) {
        public int index(int query, int rank) {
            return indices[query * k + rank];
        }

        public float score(int query, int rank) {
            return scores[query * k + rank];
        }
    }

    private TopKSearch() {
    }

    public static Result search(Embeddings query, Embeddings gallery, int k, NDManager manager) {
        return search(query, gallery, k, manager, QUERY_BLOCK, GALLERY_CHUNK);
    }

    static Result search(Embeddings query, Embeddings gallery, int k, NDManager manager, int queryBlock, int galleryChunk) {
        int q = query.count();
        int dim = query.dim();
        TopKMerger merger = new TopKMerger(q, k);
        try (NDManager scope = manager.newSubManager()) {
            for (int g0 = 0; g0 < gallery.count(); g0 += galleryChunk) {
                int chunk = Math.min(galleryChunk, gallery.count() - g0);
                int keep = Math.min(k + 1, chunk);
                try (NDManager chunkScope = scope.newSubManager()) {
                    NDArray galleryT = chunkScope.create(FloatBuffer.wrap(gallery.data(), g0 * dim, chunk * dim), new Shape(chunk, dim)).transpose();
                    for (int q0 = 0; q0 < q; q0 += queryBlock) {
                        int rows = Math.min(queryBlock, q - q0);
                        try (NDManager sub = chunkScope.newSubManager()) {
                            NDArray sims = sub.create(FloatBuffer.wrap(query.data(), q0 * dim, rows * dim), new Shape(rows, dim)).matMul(galleryT);
                            NDList top = sims.topK(keep, 1, true, true);
                            float[] values = top.get(0).toFloatArray();
                            long[] indices = top.get(1).toLongArray();
                            for (int r = 0; r < rows; r++) {
                                int base = r * keep;
                                boolean boundaryTie = keep > k && values[base + k] == values[base + k - 1];
                                if (boundaryTie) {
                                    float[] row = sims.get(r).toFloatArray();
                                    for (int j = 0; j < chunk; j++) {
                                        merger.offer(q0 + r, g0 + j, row[j]);
                                    }
                                } else {
                                    for (int c = 0; c < Math.min(k, keep); c++) {
                                        merger.offer(q0 + r, g0 + (int) indices[base + c], values[base + c]);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return merger.result();
    }
}
