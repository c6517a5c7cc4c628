package org.cmpnas.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKSearchTest {

    @Test
    void equalsBruteForceRankingIncludingTiesAcrossBlocksAndChunks() {
        Random random = new Random(3);
        float[][] qr = new float[29][4];
        float[][] gr = new float[301][4];
        for (float[] r : qr) {
            for (int d = 0; d < 4; d++) {
                r[d] = (random.nextInt(5) - 2) * 0.25f;
            }
        }
        for (float[] r : gr) {
            for (int d = 0; d < 4; d++) {
                r[d] = (random.nextInt(3) - 1) * 0.5f;
            }
        }
        gr[0] = new float[] {0, 0, 0, 0};   // a zero row: similarity 0 to everything
        Embeddings q = RetrievalMetricsTest.raw(qr);
        Embeddings g = RetrievalMetricsTest.raw(gr);
        float[][] qn = RetrievalMetricsTest.rows(q);
        float[][] gn = RetrievalMetricsTest.rows(g);
        int k = 10;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int[] blocks : new int[][] {{TopKSearch.QUERY_BLOCK, TopKSearch.GALLERY_CHUNK}, {7, 50}, {1, 13}}) {
                TopKSearch.Result r = TopKSearch.search(q, g, k, manager, blocks[0], blocks[1]);
                for (int i = 0; i < q.count(); i++) {
                    List<Integer> expected = BruteForce.ranking(qn, gn, i).subList(0, k);
                    for (int rank = 0; rank < k; rank++) {
                        assertThat(r.index(i, rank)).as("query %d rank %d with blocks %d×%d", i, rank, blocks[0], blocks[1])
                                .isEqualTo(expected.get(rank));
                    }
                }
            }
        }
    }

    @Test
    void shortGalleryLeavesEmptySlots() {
        Embeddings q = RetrievalMetricsTest.of(new float[][] {{1, 0}});
        Embeddings g = RetrievalMetricsTest.of(new float[][] {{0, 1}, {1, 0}});
        try (NDManager manager = NDManager.newBaseManager()) {
            TopKSearch.Result r = TopKSearch.search(q, g, 3, manager);
            assertThat(r.index(0, 0)).isEqualTo(1);
            assertThat(r.index(0, 1)).isEqualTo(0);
            assertThat(r.index(0, 2)).isEqualTo(-1);
        }
    }
}
