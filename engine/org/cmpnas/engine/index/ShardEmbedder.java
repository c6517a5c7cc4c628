package org.cmpnas.engine.index;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.cmpnas.engine.FieldProblem;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.jobs.CancellationToken;

/**
 * Embeds the shards of a gallery index: on this machine's cores ({@link LocalShardEmbedder}) or on a Spark
 * cluster (the optional Spark part of the build, found through {@link ServiceLoader}). Either way a shard is
 * read and embedded whole, in the embedder's batches from its first row, so that it comes out the same
 * whoever embeds it and whenever (a resumed index equals an uninterrupted one).
 */
public interface ShardEmbedder {

    /** One shard to embed: its number and its image files (absolute paths, as text: they travel to Spark executors), in row order. */
    record Shard(int number, List<String> files) implements Serializable {
        public Shard {
            files = List.copyOf(files);
        }
    }

    /** Receives each embedded shard, on the thread that called {@link #embed}. */
    interface Sink {
        void accept(int shard, Embeddings embeddings);
    }

    /**
     * Embeds {@code shards} with the model in {@code weightsDir}, reading images as {@code reading} says, and
     * hands each to {@code sink} as it is done (in any order). Stops between shards once {@code token} is cancelled.
     */
    void embed(Path weightsDir, IndexReading reading, List<Shard> shards, Sink sink, CancellationToken token);

    /** A short description for the log, e.g. "2 local threads". */
    String describe();

    /** What a Spark part of the build provides: an embedder for a master URL. */
    interface SparkProvider {
        ShardEmbedder forMaster(String master);
    }

    /** The Spark embedder for {@code master}; without the Spark part of the build, one line saying how to get it. */
    static ShardEmbedder spark(String master) {
        return ServiceLoader.load(SparkProvider.class).findFirst()
                .orElseThrow(() -> FieldProblem.of("spark", "needs the workbench built with Spark: mvn -Pspark -DskipTests package"
                        + " (this build has no Spark)"))
                .forMaster(master);
    }
}
