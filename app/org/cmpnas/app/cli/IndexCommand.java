package org.cmpnas.app.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.cmpnas.engine.index.GalleryIndex;
import org.cmpnas.engine.index.HnswIndex;
import org.cmpnas.engine.index.IndexJob;
import org.cmpnas.engine.index.LocalShardEmbedder;
import org.cmpnas.engine.index.ShardEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cmpnas index}: a gallery index of an image collection, embedded by a gallery model, with its HNSW graph. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Embeds every image of a folder (or a list of files) with a gallery model into a gallery index:"
                + " shards of embeddings with each image's row and path, then an HNSW graph for approximate search.",
                "Killed or stopped, the same command resumes: finished shards are kept."})
final class IndexCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--gallery", paramLabel = "RUN", required = true, description = "the run of the gallery model")
    String gallery;

    @Option(names = "--images", paramLabel = "SOURCE", required = true,
            description = "a folder of images (sub-folders included) or a text file with one image path per line")
    Path images;

    @Option(names = "--out", paramLabel = "INDEX", required = true, description = "the index folder (new or empty, or an unfinished index to resume)")
    Path out;

    @Option(names = "--shard-size", paramLabel = "N", description = "images per shard: what is in memory at once (default: ${DEFAULT-VALUE})")
    int shardSize = IndexJob.DEFAULT_SHARD_SIZE;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "embed on Apache Spark: local[N] or a cluster's master URL (needs the build with Spark, see docs/index.md)")
    String spark;

    @Option(names = "--no-ann", description = "the shards only: no HNSW graph (query then searches with --exact)")
    boolean noAnn;

    @Option(names = "--hnsw-m", paramLabel = "M", description = "neighbours per node of the HNSW graph (default: ${DEFAULT-VALUE})")
    int m = HnswIndex.Parameters.DEFAULT_M;

    @Option(names = "--hnsw-beam", paramLabel = "N", description = "candidates kept while the graph is built (default: ${DEFAULT-VALUE})")
    int beam = HnswIndex.Parameters.DEFAULT_BEAM;

    @Override
    public Integer call() {
        HnswIndex.Parameters ann = noAnn ? null : new HnswIndex.Parameters(m, beam, Runtime.getRuntime().availableProcessors());
        ShardEmbedder embedder = spark == null ? LocalShardEmbedder.onAllCores() : ShardEmbedder.spark(spark);
        IndexJob job = new IndexJob(global.store(), gallery, images, out, shardSize, embedder, ann, Clock.systemUTC());
        JobCommands.execute(global, job);
        if (global.json) {
            Output.json(GalleryIndex.open(out).manifest());
        } else {
            System.out.println(out);
        }
        return 0;
    }
}
