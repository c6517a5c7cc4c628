package org.cmpnas.engine.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.ImageFolderOptions;
import org.cmpnas.engine.data.ImageFolderReader;
import org.cmpnas.engine.data.Normalization;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.index.ImageSource;
import org.cmpnas.engine.index.IndexJob;
import org.cmpnas.engine.index.IndexReading;
import org.cmpnas.engine.index.LocalShardEmbedder;
import org.cmpnas.engine.index.ShardEmbedder;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.EmbeddingNet;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ModelFiles;

/**
 * Gallery indexing against its two stages, on one folder of the folder benchmark's JPEGs (100–200 px, read as
 * 64 px colour) and a resnet-g of random weights at 3×64: decoding alone ({@code load.folder.jpeg-64}'s reader),
 * embedding alone ({@code embed.resnet-g@3x64}, the folder's images already decoded), and the two as
 * {@code cmpnas index} runs them ({@code index.folder.jpeg-64}: shards of {@value IndexJob#DEFAULT_SHARD_SIZE},
 * decoding the next shard while embedding one); with the Spark part of the build, also in Spark's local mode
 * on every core ({@code index.folder.jpeg-64.spark-local}).
 */
final class IndexingBenchmark {
    static final String ARCH = "resnet-g@3x64";
    static final List<String> NAMES = List.of("decode.folder.jpeg-64", "embed." + ARCH, "index.folder.jpeg-64", "index.folder.jpeg-64.spark-local");

    private IndexingBenchmark() {
    }

    static List<Benchmarks.Result> run(int images, Consumer<String> log) {
        Path root = temporary("cmpnas-bench-index");
        try {
            Path folder = JpegFolder.write(root.resolve("images"), images);
            Path weights = randomGallery(root.resolve("weights"));
            IndexReading reading = new IndexReading(64, ImageFolderOptions.Fit.crop, 3, BENCH_STATS);
            ImageSource source = ImageSource.of(folder);
            List<ShardEmbedder.Shard> shards = shards(source);
            List<Benchmarks.Result> results = new ArrayList<>();

            long start = System.nanoTime();
            DataSplits decoded = ImageFolderReader.load(folder, ImageFolderOptions.square(64, false));
            int count = source.size();
            results.add(new Benchmarks.Result(NAMES.get(0), "images/s", rate(count, start)));

            try (NDManager manager = NDManager.newBaseManager(); LoadedModel model = ModelFiles.open(weights, manager)) {
                Embedder embedder = new Embedder(model, manager);
                embedder.embed(decoded.train().first(512));
                start = System.nanoTime();
                embedder.embed(decoded.train());
                results.add(new Benchmarks.Result(NAMES.get(1), "images/s", rate(decoded.train().size(), start)));
            }
            results.add(new Benchmarks.Result(NAMES.get(2), "images/s", indexing(LocalShardEmbedder.onAllCores(), weights, reading, shards, count)));
            spark().ifPresent(spark -> {
                log.accept("Spark found: measuring its local mode too");
                results.add(new Benchmarks.Result(NAMES.get(3), "images/s", indexing(spark, weights, reading, shards, count)));
            });
            return results;
        } finally {
            Benchmarks.deleteTree(root);
        }
    }

    private static final String BENCH_STATS = "0.5000,0.5000,0.5000/0.2500,0.2500,0.2500";

    private static double indexing(ShardEmbedder embedder, Path weights, IndexReading reading, List<ShardEmbedder.Shard> shards, int count) {
        int[] seen = {0};
        long start = System.nanoTime();
        embedder.embed(weights, reading, shards, (shard, embeddings) -> seen[0] += embeddings.count(), new CancellationToken());
        double rate = rate(count, start);
        if (seen[0] != count) {
            throw new IllegalStateException("indexing embedded " + seen[0] + " of " + count + " images");
        }
        return rate;
    }

    private static Optional<ShardEmbedder> spark() {
        try {
            return Optional.of(ShardEmbedder.spark("local[" + Runtime.getRuntime().availableProcessors() + "]"));
        } catch (org.cmpnas.engine.BadInputException e) {
            return Optional.empty(); // the build without Spark
        }
    }

    private static List<ShardEmbedder.Shard> shards(ImageSource source) {
        List<ShardEmbedder.Shard> shards = new ArrayList<>();
        for (int first = 0; first < source.size(); first += IndexJob.DEFAULT_SHARD_SIZE) {
            List<String> files = new ArrayList<>();
            for (int r = first; r < Math.min(source.size(), first + IndexJob.DEFAULT_SHARD_SIZE); r++) {
                files.add(source.file(r).toAbsolutePath().toString());
            }
            shards.add(new ShardEmbedder.Shard(shards.size(), files));
        }
        return shards;
    }

    /** resnet-g at 3×64 with random weights, saved as a trained model is. */
    private static Path randomGallery(Path dir) {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArchSpec spec = ArchSpec.parse(ARCH);
            EmbeddingNet net = new EmbeddingNet(spec, 10);
            net.initialize(manager, DataType.FLOAT32, spec.input().batch(1));
            Files.createDirectories(dir);
            ModelFiles.save(dir, spec, 10, Normalization.parse(BENCH_STATS), net);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporary(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double rate(long items, long startNanos) {
        return items / ((System.nanoTime() - startNanos) / 1e9);
    }
}
