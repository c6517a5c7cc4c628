package org.cmpnas.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetrievalMetricsTest {
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static Embeddings of(float[][] rows) {
        int dim = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * dim, dim);
        }
        return Embeddings.normalise(flat, rows.length, dim);
    }

    /** Rows as given, not normalised: with small dyadic values every dot product is exact, so ties are real ties. */
    static Embeddings raw(float[][] rows) {
        int dim = rows[0].length;
        float[] flat = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * dim, dim);
        }
        return new Embeddings(flat, rows.length, dim);
    }

    static float[][] rows(Embeddings e) {
        float[][] r = new float[e.count()][];
        for (int i = 0; i < e.count(); i++) {
            r[i] = e.row(i);
        }
        return r;
    }

    @Test
    void handWorkedExampleWithTiesAndAQueryWithoutRelevantItems() {
        // q0 = (1,0), label 0. Gallery: g0 (0,1) label 0 → 0; g1 (1,0) label 1 → 1; g2 (1,0) label 0 → 1
        // (tie with g1, which wins by its lower index); g3 (-1,0) label 0 → -1.
        // Ranking g1, g2, g0, g3: relevant at ranks 2, 3, 4 → AP = (1/2 + 2/3 + 3/4) / 3 = 0.638889.
        // q1 = (0,1), label 7: nothing relevant → AP 0, a miss at every k.
        Embeddings q = of(new float[][] {{1, 0}, {0, 1}});
        Embeddings g = of(new float[][] {{0, 1}, {1, 0}, {1, 0}, {-1, 0}});
        RetrievalMetrics m = RetrievalMetrics.compute(q, new int[] {0, 7}, g, new int[] {0, 1, 0, 0}, manager);
        assertThat(m.top1()).isEqualTo(0.0);
        assertThat(m.top5()).isEqualTo(50.0);
        assertThat(m.mAP()).isCloseTo(100 * (0.5 + 2.0 / 3 + 0.75) / 3 / 2, within(1e-9));
        // Impostor scores: q0·g1 = 1; q1 against all four: 1, 0, 0, 0. N = 5, so FAR 1e-3 allows
        // ⌊0.005⌋ = 0 false accepts: the threshold is the largest impostor score, 1, and no genuine
        // score (0, 1, -1) exceeds it.
        assertThat(m.tarAtFar1e3()).isEqualTo(0.0);
    }

    @Test
    void farThresholdIsTheFirstImpostorScoreBeyondTheAllowance() {
        float[] top = {0.9f, 0.8f, 0.8f, 0.7f};
        assertThat(RetrievalMetrics.threshold(top, 999, 1e-3)).isEqualTo(0.9f);   // allows 0
        assertThat(RetrievalMetrics.threshold(top, 1000, 1e-3)).isEqualTo(0.8f);  // allows 1: one score (0.9) above
        assertThat(RetrievalMetrics.threshold(top, 2000, 1e-3)).isEqualTo(0.8f);  // allows 2: still one above 0.8
        assertThat(RetrievalMetrics.threshold(top, 3000, 1e-3)).isEqualTo(0.7f);  // allows 3: three above 0.7
    }

    @ParameterizedTest
    @ValueSource(ints = {1 << 20, 1000, 37})
    void matchesBruteForceOnRandomInputsWhateverTheBlockSize(int blockElements) {
        Random random = new Random(blockElements);
        int q = 41;
        int g = 230;
        float[][] qr = new float[q][6];
        float[][] gr = new float[g][6];
        int[] ql = new int[q];
        int[] gl = new int[g];
        for (int i = 0; i < q; i++) {
            for (int d = 0; d < 6; d++) {
                qr[i][d] = (random.nextInt(5) - 2) * 0.25f;
            }
            ql[i] = random.nextInt(6);
        }
        for (int i = 0; i < g; i++) {
            for (int d = 0; d < 6; d++) {
                // Coarse values make equal similarities common, so tie-breaking is exercised.
                gr[i][d] = (random.nextInt(3) - 1) * 0.5f;
            }
            gl[i] = random.nextInt(6);
        }
        Embeddings qe = raw(qr);
        Embeddings ge = raw(gr);
        float[][] qn = rows(qe);
        float[][] gn = rows(ge);
        RetrievalMetrics m = RetrievalMetrics.compute(qe, ql, ge, gl, manager, blockElements);
        assertThat(m.top1()).isCloseTo(BruteForce.topK(qn, ql, gn, gl, 1), within(1e-9));
        assertThat(m.top5()).isCloseTo(BruteForce.topK(qn, ql, gn, gl, 5), within(1e-9));
        assertThat(m.mAP()).isCloseTo(BruteForce.mAP(qn, ql, gn, gl), within(1e-6));
        assertThat(m.tarAtFar1e3()).isCloseTo(BruteForce.tar(qn, ql, gn, gl, 1e-3), within(1e-9));
        assertThat(m.tarAtFar1e4()).isCloseTo(BruteForce.tar(qn, ql, gn, gl, 1e-4), within(1e-9));
    }
}
