package org.cmpnas.engine.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.IntStream;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.bench.Benchmarks;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.TopKSearch;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HNSW search against the exact one: on a tiny graph explored whole, the same rows and scores. */
class HnswIndexTest {

    @TempDir
    Path dir;

    private GalleryIndex index(int rows, int dim, long seed, int shardSize) {
        Embeddings e = IndexFixtures.randomRows(rows, dim, seed);
        return GalleryIndex.of(dir, e, IntStream.range(0, rows).mapToObj(i -> "r" + i).toList(), shardSize, Instant.EPOCH);
    }

    @Test
    void aTinyGraphExploredWholeFindsTheExactTopK() {
        GalleryIndex index = index(600, 24, 1, 250);
        HnswIndex.build(index, new HnswIndex.Parameters(32, 600, 2), JobListener.NONE, new CancellationToken());
        Embeddings queries = IndexFixtures.randomRows(50, 24, 2);
        TopKSearch.Result exact = index.exactSearch(queries, 10);
        try (HnswIndex hnsw = HnswIndex.open(GalleryIndex.open(dir))) {
            TopKSearch.Result approximate = hnsw.search(queries, 10, 600, 2);
            assertThat(Benchmarks.recall(exact, approximate, 50)).isEqualTo(1.0);
            assertThat(approximate.indices()).isEqualTo(exact.indices());
            for (int i = 0; i < exact.scores().length; i++) {
                assertThat(approximate.scores()[i]).isCloseTo(exact.scores()[i], within(1e-5f));
            }
        }
        assertThat(GalleryIndex.open(dir).manifest().ann()).isNotNull();
    }

    @Test
    void aRowOfTheIndexFindsItselfFirst() {
        GalleryIndex index = index(2000, 16, 3, 700);
        HnswIndex.build(index, new HnswIndex.Parameters(16, 100, 1), JobListener.NONE, new CancellationToken());
        Embeddings rows = IndexFixtures.randomRows(2000, 16, 3);
        float[] some = new float[5 * 16];
        int[] picked = {0, 699, 700, 1500, 1999};
        for (int i = 0; i < picked.length; i++) {
            System.arraycopy(rows.row(picked[i]), 0, some, i * 16, 16);
        }
        try (HnswIndex hnsw = HnswIndex.open(GalleryIndex.open(dir))) {
            TopKSearch.Result r = hnsw.search(new Embeddings(some, 5, 16), 3, 50, 1);
            for (int i = 0; i < picked.length; i++) {
                assertThat(r.index(i, 0)).isEqualTo(picked[i]);
                assertThat(r.score(i, 0)).isCloseTo(1f, within(1e-5f));
            }
        }
    }

    @Test
    void anIndexWithoutAGraphSaysHowToGetOne() {
        index(20, 4, 4, 10);
        assertThatThrownBy(() -> HnswIndex.open(GalleryIndex.open(dir))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no HNSW graph").hasMessageContaining("--exact");
    }
}
