package org.cmpnas.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.cmpnas.engine.eval.Embeddings;
import org.junit.jupiter.api.Test;

/** The ANN benchmark's rows are the peer's: the first values as bench/peer.py's sphere_clusters(3, 1) draws them. */
class SphereClustersTest {

    @Test
    void drawsThePeersRows() {
        Embeddings rows = SphereClusters.rows(3, SphereClusters.GALLERY_SEED);
        float[][] peer = {
                {-0.1390017f, 0.00042202f, -0.10448865f, 0.04107352f},
                {0.07501637f, -0.02024904f, 0.01745109f, -0.043442f},
                {0.12215967f, 0.15121315f, -0.03533541f, -0.01447715f}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                assertThat(rows.data()[i * SphereClusters.DIM + j]).isCloseTo(peer[i][j], within(1e-6f));
            }
        }
    }

    @Test
    void rowsAreUnitLengthAndQueriesAreNotGalleryRows() {
        Embeddings gallery = SphereClusters.rows(50, SphereClusters.GALLERY_SEED);
        Embeddings queries = SphereClusters.rows(50, SphereClusters.QUERY_SEED);
        for (int i = 0; i < 50; i++) {
            double norm = 0;
            for (float v : gallery.row(i)) {
                norm += v * v;
            }
            assertThat(norm).isCloseTo(1, within(1e-5));
            assertThat(queries.row(i)).isNotEqualTo(gallery.row(i));
        }
    }
}
