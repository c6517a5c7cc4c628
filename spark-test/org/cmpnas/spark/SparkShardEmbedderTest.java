package org.cmpnas.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.index.GalleryIndex;
import org.cmpnas.engine.index.IndexFixtures;
import org.cmpnas.engine.index.IndexJob;
import org.cmpnas.engine.index.LocalShardEmbedder;
import org.cmpnas.engine.index.ShardEmbedder;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark path in local mode writes the embeddings the local path writes, for the same rows and paths. */
class SparkShardEmbedderTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @Test
    void sparkLocalModeEmbedsAsTheLocalPathDoes() {
        RunStore store = IndexFixtures.sampleStore(tmp.resolve("store"));
        Path images = IndexFixtures.pngFolder(tmp.resolve("images"), 300);
        Path local = tmp.resolve("local");
        Path spark = tmp.resolve("spark");
        new IndexJob(store, IndexFixtures.GALLERY, images, local, 64, new LocalShardEmbedder(2), null, CLOCK)
                .run(JobListener.NONE, new CancellationToken());
        ShardEmbedder sparkEmbedder = ShardEmbedder.spark("local[2]");
        assertThat(sparkEmbedder.describe()).contains("Spark (local[2])");
        new IndexJob(store, IndexFixtures.GALLERY, images, spark, 64, sparkEmbedder, null, CLOCK)
                .run(JobListener.NONE, new CancellationToken());

        GalleryIndex a = GalleryIndex.open(local);
        GalleryIndex b = GalleryIndex.open(spark);
        assertThat(b.size()).isEqualTo(300);
        for (int s = 0; s < a.manifest().shardCount(); s++) {
            Embeddings x = a.shard(s);
            Embeddings y = b.shard(s);
            assertThat(y.count()).isEqualTo(x.count());
            for (int i = 0; i < x.data().length; i++) {
                assertThat(y.data()[i]).isCloseTo(x.data()[i], within(1e-6f));
            }
            assertThat(b.shardPaths(s)).isEqualTo(a.shardPaths(s));
        }
    }
}
