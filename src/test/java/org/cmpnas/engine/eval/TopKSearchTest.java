package org.cmpnas.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
        {
            for (int[] blocks : new int[][] {{TopKSearch.QUERY_BLOCK, TopKSearch.GALLERY_CHUNK, TopKSearch.GALLERY_WINDOW}, {7, 50, 120}, {1, 13, 13}}) {
                TopKSearch.Result r = TopKSearch.search(q, g, k, blocks[0], blocks[1], blocks[2]);
                for (int i = 0; i < q.count(); i++) {
                    List<Integer> expected = BruteForce.ranking(qn, gn, i).subList(0, k);
                    for (int rank = 0; rank < k; rank++) {
                        assertThat(r.index(i, rank)).as("query %d rank %d with blocks %d×%d, window %d", i, rank, blocks[0], blocks[1], blocks[2])
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
        {
            TopKSearch.Result r = TopKSearch.search(q, g, 3);
            assertThat(r.index(0, 0)).isEqualTo(1);
            assertThat(r.index(0, 1)).isEqualTo(0);
            assertThat(r.index(0, 2)).isEqualTo(-1);
        }
    }

    /** More queries than cores × block and a gallery over several windows, on continuous data. */
    @Test
    void defaultBlocksFindTheBruteForceTopScores() {
        Random random = new Random(11);
        float[][] qr = new float[1300][16];
        float[][] gr = new float[2 * TopKSearch.GALLERY_WINDOW + 77][16];
        for (float[][] m : List.of(qr, gr)) {
            for (float[] r : m) {
                for (int d = 0; d < r.length; d++) {
                    r[d] = (float) random.nextGaussian();
                }
            }
        }
        Embeddings q = RetrievalMetricsTest.of(qr);
        Embeddings g = RetrievalMetricsTest.of(gr);
        float[][] qn = RetrievalMetricsTest.rows(q);
        float[][] gn = RetrievalMetricsTest.rows(g);
        int k = 5;
        TopKSearch.Result r = TopKSearch.search(q, g, k);
        for (int i = 0; i < q.count(); i += 13) {
            List<Integer> expected = BruteForce.ranking(qn, gn, i).subList(0, k);
            for (int rank = 0; rank < k; rank++) {
                double best = BruteForce.dot(qn[i], gn[expected.get(rank)]);
                assertThat((double) r.score(i, rank)).as("query %d rank %d", i, rank).isCloseTo(best, within(1e-5));
                assertThat(BruteForce.dot(qn[i], gn[r.index(i, rank)])).isCloseTo(best, within(1e-5));
            }
        }
    }

    @Test
    void emptyGalleryOrQueries() {
        Embeddings one = RetrievalMetricsTest.of(new float[][] {{1, 0}});
        Embeddings none = new Embeddings(new float[0], 0, 2);
        assertThat(TopKSearch.search(one, none, 2).indices()).containsExactly(-1, -1);
        assertThat(TopKSearch.search(none, one, 2).indices()).isEmpty();
    }
}
