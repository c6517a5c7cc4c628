package org.cmpnas.engine.eval;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Exact top-k search of queries against a gallery (dot product on normalised embeddings), blockwise.
 * The gallery goes through native memory a window at a time. Within a window each core takes whole
 * blocks of queries; for each block it walks the window in chunks, multiplies the block by the chunk on
 * its own (single-threaded OpenBLAS) and scans the fresh scores, still in its cache, against each
 * query's running k-th best. Chunks go in gallery index order, so ties go to the lower index. Extra
 * memory: one window, and one query block and score block per core, whatever the gallery size.
 *
 * <p>OpenBLAS rather than the engine's matrix product: on an AMD EPYC libtorch's MKL took about 1.25×
 * as long at this shape (128-wide rows, bench/README.md), and the product is most of the search's time.
 */
public final class TopKSearch {
    static final int QUERY_BLOCK = 512;
    static final int GALLERY_CHUNK = 512;   // 512 × 512 blocks measured fastest here (1 MB, in a core's L2)
    static final int GALLERY_WINDOW = 32 * GALLERY_CHUNK;

    static {
        // The search runs one product per core itself: OpenBLAS's own threads would only compete.
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
    }

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

    public static Result search(Embeddings query, Embeddings gallery, int k) {
        // fewer queries than cores × QUERY_BLOCK: smaller blocks, so that every core still gets one
        int perCore = -Math.floorDiv(-query.count(), Runtime.getRuntime().availableProcessors());
        return search(query, gallery, k, Math.max(1, Math.min(QUERY_BLOCK, perCore)), GALLERY_CHUNK, GALLERY_WINDOW);
    }

    static Result search(Embeddings query, Embeddings gallery, int k, int queryBlock, int galleryChunk, int galleryWindow) {
        if (query.dim() != gallery.dim() && query.count() > 0 && gallery.count() > 0) {
            throw new IllegalArgumentException("query embeddings are " + query.dim() + "-d but gallery embeddings are " + gallery.dim() + "-d");
        }
        int dim = query.dim();
        TopKMerger merger = new TopKMerger(query.count(), k);
        int blocks = (query.count() + queryBlock - 1) / queryBlock;
        try (FloatPointer window = new FloatPointer(Math.max(1L, (long) Math.min(galleryWindow, gallery.count()) * dim))) {
            for (int w0 = 0; w0 < gallery.count(); w0 += galleryWindow) {
                int windowStart = w0;
                int windowRows = Math.min(galleryWindow, gallery.count() - w0);
                window.position(0).put(gallery.data(), w0 * dim, windowRows * dim);
                IntStream.range(0, blocks).parallel().forEach(b -> {
                    int q0 = b * queryBlock;
                    int rows = Math.min(queryBlock, query.count() - q0);
                    int chunkMax = Math.min(galleryChunk, windowRows);
                    try (FloatPointer block = new FloatPointer((long) rows * dim); FloatPointer scores = new FloatPointer((long) rows * chunkMax)) {
                        block.put(query.data(), q0 * dim, rows * dim);
                        FloatBuffer scoreRows = scores.asBuffer();
                        for (int c0 = 0; c0 < windowRows; c0 += galleryChunk) {
                            int chunk = Math.min(galleryChunk, windowRows - c0);
                            // scores (rows × chunk, row-major) = block (rows × dim) · chunk (chunk × dim)ᵀ
                            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasTrans,
                                    rows, chunk, dim, 1f, block, dim, window.getPointer((long) c0 * dim), dim, 0f, scores, chunk);
                            for (int r = 0; r < rows; r++) {
                                merger.offerRow(q0 + r, scoreRows, r * chunk, chunk, windowStart + c0);
                            }
                        }
                    }
                });
            }
        }
        return merger.result();
    }
}
