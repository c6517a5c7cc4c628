package org.cmpnas.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.cmpnas.engine.index.IndexReading;
import org.cmpnas.engine.index.ShardEmbedder;
import org.cmpnas.engine.jobs.CancellationToken;

/**
 * Embeds the shards of a gallery index on Apache Spark: one task per {@link Slice} of a shard, each reading
 * its images and embedding them on an executor core with the gallery model, which travels to the executors as
 * a broadcast of its files and is loaded through DJL once per task thread. Slices start at the embedder's batch
 * boundaries, so a shard comes out as the local path embeds it. The driver keeps writing: slices go out in
 * waves of whole shards, at least four slices per core, and their embeddings come back to it, so the driver
 * holds one wave and the executors need read access to the images only.
 *
 * <p>The master is {@code --spark}'s, unless the process was started by {@code spark-submit}, whose
 * {@code spark.master} wins.
 */
public final class SparkShardEmbedder implements ShardEmbedder {
    private final String master;

    SparkShardEmbedder(String master) {
        this.master = master;
    }

    @Override
    public String describe() {
        return "Spark (" + master + ")";
    }

    @Override
    public void embed(Path weightsDir, IndexReading reading, List<Shard> shards, Sink sink, CancellationToken token) {
        if (shards.isEmpty()) {
            return;
        }
        SparkConf conf = new SparkConf().setAppName("cmpnas index").setIfMissing("spark.master", master)
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false").setIfMissing("spark.driver.host", "localhost");
        } else {
            conf.setJars(WorkbenchJars.onClassPath().toArray(String[]::new));
        }
        ModelFilesBytes model = ModelFilesBytes.of(weightsDir);
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            Broadcast<ModelFilesBytes> shared = spark.broadcast(model);
            int slicesPerWave = 4 * Math.max(1, spark.defaultParallelism());
            for (int from = 0; from < shards.size(); ) {
                token.check();
                // whole shards, enough of them for several slices per core
                List<Slice> wave = new ArrayList<>();
                int to = from;
                while (to < shards.size() && (wave.isEmpty() || wave.size() < slicesPerWave)) {
                    wave.addAll(Slice.of(shards.get(to++)));
                }
                List<EmbeddedShard> done = spark.parallelize(wave, wave.size())
                        .map(slice -> ExecutorModels.embed(shared.value(), reading, slice))
                        .collect();
                for (int s = from; s < to; s++) {
                    int number = shards.get(s).number();
                    sink.accept(number, EmbeddedShard.join(done.stream().filter(e -> e.number() == number).toList()));
                }
                from = to;
            }
        }
    }

    /** Found by {@link ShardEmbedder#spark} through the service loader. */
    public static final class Provider implements ShardEmbedder.SparkProvider {
        @Override
        public ShardEmbedder forMaster(String master) {
            return new SparkShardEmbedder(master);
        }
    }
}
