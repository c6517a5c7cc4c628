package org.cmpnas.engine.index;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ModelFiles;

/**
 * Embeds shards on this machine as a two-stage pipeline: while the calling thread embeds shard i (libtorch
 * on its own threads), a pool of decoders reads shard i+1, so decoding hides behind embedding where the
 * cores allow. At most two shards' pixels are in memory at once.
 */
public final class LocalShardEmbedder implements ShardEmbedder {
    private final int decoders;

    public LocalShardEmbedder(int decoders) {
        this.decoders = Math.max(1, decoders);
    }

    public static LocalShardEmbedder onAllCores() {
        return new LocalShardEmbedder(Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String describe() {
        return "this machine (" + decoders + " decoding thread" + (decoders == 1 ? "" : "s") + ")";
    }

    @Override
    public void embed(Path weightsDir, IndexReading reading, List<Shard> shards, Sink sink, CancellationToken token) {
        if (shards.isEmpty()) {
            return;
        }
        ForkJoinPool pool = new ForkJoinPool(decoders);
        ExecutorService ahead = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cmpnas-index-decode");
            t.setDaemon(true);
            return t;
        });
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel model = ModelFiles.open(weightsDir, manager)) {
            Embedder embedder = new Embedder(model, manager);
            CompletableFuture<LabeledImages> next = CompletableFuture.supplyAsync(() -> decode(pool, reading, shards.get(0)), ahead);
            for (int i = 0; i < shards.size(); i++) {
                LabeledImages images = join(next);
                token.check();
                Shard following = i + 1 < shards.size() ? shards.get(i + 1) : null;
                next = following == null ? null : CompletableFuture.supplyAsync(() -> decode(pool, reading, following), ahead);
                sink.accept(shards.get(i).number(), embedder.embed(images));
            }
        } finally {
            ahead.shutdownNow();
            pool.shutdownNow();
        }
    }

    /** A shard's images read in parallel; the error of the first bad file in row order, whichever thread met it. */
    static LabeledImages decode(ForkJoinPool pool, IndexReading reading, Shard shard) {
        List<String> files = shard.files();
        byte[][] pixels = new byte[files.size()][];
        RuntimeException[] errors = new RuntimeException[files.size()];
        pool.submit(() -> IntStream.range(0, files.size()).parallel().forEach(i -> {
            try {
                pixels[i] = reading.read(Path.of(files.get(i)));
            } catch (RuntimeException e) {
                errors[i] = e;
            }
        })).join();
        for (RuntimeException e : errors) {
            if (e != null) {
                throw e;
            }
        }
        return reading.images(List.of(pixels));
    }

    private static LabeledImages join(CompletableFuture<LabeledImages> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
