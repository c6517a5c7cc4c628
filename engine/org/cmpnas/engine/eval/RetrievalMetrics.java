package org.cmpnas.engine.eval;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The retrieval metrics of docs/protocol.md, as percentages: CMC top-1 and top-5, mAP over the whole
 * ranking, and TAR at FAR 1e-3 and 1e-4 over all query × gallery pairs. Rankings order by similarity,
 * higher first, then by gallery index, lower first.
 *
 * <p>Conventions, tested on hand-worked examples: a query with no relevant gallery item has AP 0 and
 * counts as a miss; the FAR threshold t is the smallest for which #{impostor scores > t} ≤ FAR · #impostors,
 * i.e. the (⌊FAR·N⌋+1)-th largest impostor score, and a pair is accepted when its score exceeds t.
 */
public record RetrievalMetrics(double top1, double top5, double mAP, double tarAtFar1e3, double tarAtFar1e4,
                               int queries, int gallery) {

    public static final double FAR_1E3 = 1e-3;
    public static final double FAR_1E4 = 1e-4;

    public static RetrievalMetrics compute(Embeddings query, int[] queryLabels, Embeddings gallery, int[] galleryLabels,
                                           NDManager manager) {
        return compute(query, queryLabels, gallery, galleryLabels, manager, Similarities.BLOCK_ELEMENTS);
    }

    static RetrievalMetrics compute(Embeddings query, int[] queryLabels, Embeddings gallery, int[] galleryLabels,
                                    NDManager manager, int blockElements) {
        int q = query.count();
        int g = gallery.count();
        long impostors = impostorPairs(queryLabels, galleryLabels);
        long genuine = (long) q * g - impostors;
        ScoreTail tail = new ScoreTail((int) Math.min(impostors, (long) Math.floor(FAR_1E3 * impostors) + 1));
        float[] genuineScores = new float[(int) Math.min(Integer.MAX_VALUE - 8, genuine)];
        int[] genuineCount = {0};
        double[] ap = new double[q];
        int[] firstHit = new int[q];
        Similarities.forEachBlock(query, gallery, manager, blockElements, (first, rows, sims) -> {
            IntStream.range(0, rows).parallel().forEach(r -> {
                Ranking ranking = Ranking.of(sims, r * g, g, galleryLabels, queryLabels[first + r]);
                ap[first + r] = ranking.averagePrecision;
                firstHit[first + r] = ranking.firstHit;
            });
            for (int r = 0; r < rows; r++) {
                int label = queryLabels[first + r];
                int offset = r * g;
                for (int j = 0; j < g; j++) {
                    if (galleryLabels[j] == label) {
                        genuineScores[genuineCount[0]++] = sims[offset + j];
                    } else {
                        tail.offer(sims[offset + j]);
                    }
                }
            }
        });
        float[] topImpostors = tail.descending();
        return new RetrievalMetrics(
                cmc(firstHit, 1), cmc(firstHit, 5),
                q == 0 ? 0 : 100 * Arrays.stream(ap).average().orElse(0),
                tar(genuineScores, threshold(topImpostors, impostors, FAR_1E3)),
                tar(genuineScores, threshold(topImpostors, impostors, FAR_1E4)),
                q, g);
    }

    private static long impostorPairs(int[] queryLabels, int[] galleryLabels) {
        java.util.Map<Integer, Long> perLabel = new java.util.HashMap<>();
        for (int l : galleryLabels) {
            perLabel.merge(l, 1L, Long::sum);
        }
        long impostors = 0;
        for (int l : queryLabels) {
            impostors += galleryLabels.length - perLabel.getOrDefault(l, 0L);
        }
        return impostors;
    }

    private static double cmc(int[] firstHit, int k) {
        if (firstHit.length == 0) {
            return 0;
        }
        long hits = Arrays.stream(firstHit).filter(rank -> rank >= 1 && rank <= k).count();
        return 100.0 * hits / firstHit.length;
    }

    /** The threshold for a FAR: the (⌊FAR·N⌋+1)-th largest impostor score, or -∞ when FAR·N allows all. */
    static float threshold(float[] topImpostors, long impostors, double far) {
        long allowed = (long) Math.floor(far * impostors);
        return allowed < topImpostors.length ? topImpostors[(int) allowed] : Float.NEGATIVE_INFINITY;
    }

    private static double tar(float[] genuineScores, float threshold) {
        if (genuineScores.length == 0) {
            return 0;
        }
        long accepted = 0;
        for (float s : genuineScores) {
            accepted += s > threshold ? 1 : 0;
        }
        return 100.0 * accepted / genuineScores.length;
    }

    /** One query's ranking: the rank of its first relevant item (1-based, 0 if none) and its AP. */
    private record Ranking(int firstHit, double averagePrecision) {
        static Ranking of(float[] sims, int offset, int g, int[] galleryLabels, int label) {
            long[] keys = new long[g];
            for (int j = 0; j < g; j++) {
                keys[j] = ((long) descendingKey(sims[offset + j]) << 32) | j;
            }
            Arrays.sort(keys);
            int relevantSeen = 0;
            double precisionSum = 0;
            int firstHit = 0;
            for (int rank = 1; rank <= g; rank++) {
                int j = (int) keys[rank - 1];
                if (galleryLabels[j] == label) {
                    relevantSeen++;
                    precisionSum += (double) relevantSeen / rank;
                    if (firstHit == 0) {
                        firstHit = rank;
                    }
                }
            }
            return new Ranking(firstHit, relevantSeen == 0 ? 0 : precisionSum / relevantSeen);
        }

        /** An int that sorts ascending as the float sorts descending (total order, -0 < +0). */
        private static int descendingKey(float v) {
            int bits = Float.floatToIntBits(v);
            return ~(bits ^ ((bits >> 31) & 0x7fffffff));
        }
    }
}
