package org.cmpnas.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Exact top-k search of queries against a gallery (dot product on normalised embeddings), blockwise:
 * a block of queries meets a chunk of the gallery in one matrix product, and each row of the block is
 * scanned in place (no copy) against its query's running k-th best score, rows in parallel. Gallery
 * chunks go in index order, so ties go to the lower gallery index. Memory: at most
 * {@link #QUERY_BLOCK} × {@link #GALLERY_CHUNK} similarities at once, whatever the gallery size; the
 * block is small enough to stay in cache between the product and the scan.
 */
public final class TopKSearch {
    static final int QUERY_BLOCK = 1024;
    static final int GALLERY_CHUNK = 2048;

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
                int firstIndex = g0;
                try (NDManager chunkScope = scope.newSubManager()) {
                    NDArray galleryT = chunkScope.create(FloatBuffer.wrap(gallery.data(), g0 * dim, chunk * dim), new Shape(chunk, dim)).transpose();
                    for (int q0 = 0; q0 < q; q0 += queryBlock) {
                        int rows = Math.min(queryBlock, q - q0);
                        int firstQuery = q0;
                        try (NDManager sub = chunkScope.newSubManager()) {
                            NDArray sims = sub.create(FloatBuffer.wrap(query.data(), q0 * dim, rows * dim), new Shape(rows, dim)).matMul(galleryT);
                            FloatBuffer values = sims.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
                            IntStream.range(0, rows).parallel().forEach(r ->
                                    merger.offerRow(firstQuery + r, values, r * chunk, chunk, firstIndex));
                        }
                    }
                }
            }
        }
        return merger.result();
    }
}
