package org.cmpnas.engine.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;

/**
 * Streams the query × gallery similarity matrix in blocks of whole rows, so memory stays bounded by
 * {@link #BLOCK_ELEMENTS} whatever the gallery size. The products run in the engine (BLAS, both cores).
 */
final class Similarities {
    /** At most this many similarities (64 MiB of floats) are held at once. */
    static final int BLOCK_ELEMENTS = 16 << 20;

    interface BlockConsumer {
        /** {@code sims} holds rows {@code first .. first+rows-1}, each {@code galleryCount} wide. */
        void accept(int first, int rows, float[] sims);
    }

    private Similarities() {
    }

    static void forEachBlock(Embeddings query, Embeddings gallery, NDManager manager, BlockConsumer consumer) {
        forEachBlock(query, gallery, manager, BLOCK_ELEMENTS, consumer);
    }

    static void forEachBlock(Embeddings query, Embeddings gallery, NDManager manager, int blockElements, BlockConsumer consumer) {
        if (query.dim() != gallery.dim() && query.count() > 0 && gallery.count() > 0) {
            throw new IllegalArgumentException("query embeddings are " + query.dim() + "-d but gallery embeddings are " + gallery.dim() + "-d");
        }
        int g = gallery.count();
        int rowsPerBlock = Math.max(1, blockElements / Math.max(1, g));
        try (NDManager scope = manager.newSubManager()) {
            NDArray galleryT = scope.create(FloatBuffer.wrap(gallery.data()), new Shape(g, gallery.dim())).transpose();
            float[] sims = new float[Math.min(rowsPerBlock, Math.max(1, query.count())) * g];
            for (int first = 0; first < query.count(); first += rowsPerBlock) {
                int rows = Math.min(rowsPerBlock, query.count() - first);
                try (NDManager sub = scope.newSubManager()) {
                    NDArray q = sub.create(FloatBuffer.wrap(query.data(), first * query.dim(), rows * query.dim()), new Shape(rows, query.dim()));
                    NDArray block = q.matMul(galleryT);
                    block.toByteBuffer().asFloatBuffer().get(sims, 0, rows * g);
                }
                consumer.accept(first, rows, sims);
            }
        }
    }
}
