package org.cmpnas.engine.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.cmpnas.engine.NativeRuntime;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.TopKSearch;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.BatchNormFolding;
import org.cmpnas.engine.model.EmbeddingNet;
import org.cmpnas.engine.model.ResNetSpec;
import org.cmpnas.engine.train.TrainingSession;

/**
 * Throughput of the engine on this machine: training and embedding images/s of the presets and exact
 * top-10 search queries/s. The same names and workloads as bench/peer.py (PyTorch and FAISS), so the
 * two can be compared as ratios from one sitting.
 */
public final class Benchmarks {
    public static final int TRAIN_BATCH = 128;
    public static final int EMBED_BATCH = Embedder.BATCH;
    public static final int SEARCH_QUERIES = 10_000;
    public static final int SEARCH_GALLERY = 60_000;
    public static final int SEARCH_K = 10;

    /** One measured figure. */
    public record Result(String name, String unit, double value) {
    }

    private final boolean quick;
    private final Consumer<String> log;

    public Benchmarks(boolean quick, Consumer<String> log) {
        this.quick = quick;
        this.log = log;
    }

    public List<Result> runAll() {
        return run(name -> true);
    }

    /** The measurements whose names pass {@code wanted} (e.g. those starting with "embed."). */
    public List<Result> run(Predicate<String> wanted) {
        // As the workbench runs (its main does the same; too late here if libtorch is already loaded).
        log.accept("native runtime: " + NativeRuntime.prepare());
        List<Result> results = new ArrayList<>();
        for (ResNetSpec spec : List.of(ResNetSpec.RESNET_G, ResNetSpec.RESNET_Q)) {
            if (wanted.test("train." + spec.text())) {
                results.add(report(training(spec)));
            }
        }
        for (ResNetSpec spec : List.of(ResNetSpec.RESNET_G, ResNetSpec.RESNET_Q)) {
            if (wanted.test("embed." + spec.text())) {
                results.add(report(embedding(spec)));
            }
        }
        if (wanted.test("search.top10")) {
            results.add(report(search()));
        }
        return results;
    }

    private Result report(Result r) {
        log.accept(String.format("%-16s %12.1f %s", r.name(), r.value(), r.unit()));
        return r;
    }

    /** Steps chosen so a full measurement of resnet-g takes about 15 s here, resnet-q a few seconds. */
    private int steps(ArchSpec spec, int full) {
        int n = spec == ResNetSpec.RESNET_G ? full : full * 4;
        return quick ? Math.max(3, n / 5) : n;
    }

    Result training(ArchSpec spec) {
        Random random = new Random(1);
        float[] images = new float[TRAIN_BATCH * 28 * 28];
        int[] labels = new int[TRAIN_BATCH];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(10);
        }
        BatchSource.Batch batch = new BatchSource.Batch(images, labels, TRAIN_BATCH);
        int warmup = 5;
        int steps = steps(spec, 30);
        try (TrainingSession<?> session = TrainingSession.fresh(spec, 10, 28, 28, 0.05, 0.9, 5e-4, warmup + steps, 1)) {
            for (int s = 0; s < warmup; s++) {
                session.step(batch, s);
            }
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                session.step(batch, warmup + s);
            }
            return new Result("train." + spec.text(), "images/s", rate((long) steps * TRAIN_BATCH, start));
        }
    }

    Result embedding(ArchSpec spec) {
        int batches = steps(spec, 40);
        Random random = new Random(2);
        byte[] pixels = new byte[EMBED_BATCH * batches * 28 * 28];
        random.nextBytes(pixels);
        LabeledImages images = new LabeledImages(pixels, new int[EMBED_BATCH * batches], 28, 28, List.of("x"));
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingNet net = new EmbeddingNet(spec, 10);
            net.setInitializer(new NormalInitializer(0.05f), Parameter.Type.WEIGHT);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            // As the workbench embeds: inference form, batch norm folded into the convolutions.
            Embedder embedder = new Embedder(BatchNormFolding.fold(net, manager), manager);
            embedder.embed(images.first(EMBED_BATCH * 2));
            long start = System.nanoTime();
            embedder.embed(images);
            return new Result("embed." + spec.text(), "images/s", rate(images.size(), start));
        }
    }

    Result search() {
        Embeddings gallery = randomEmbeddings(SEARCH_GALLERY, 3);
        Embeddings queries = randomEmbeddings(SEARCH_QUERIES, 4);
        TopKSearch.search(randomEmbeddings(256, 5), gallery, SEARCH_K);
        double best = 0;
        for (int run = 0; run < (quick ? 1 : 3); run++) {
            long start = System.nanoTime();
            TopKSearch.search(queries, gallery, SEARCH_K);
            best = Math.max(best, rate(SEARCH_QUERIES, start));
        }
        return new Result("search.top10", "queries/s", best);
    }

    private static Embeddings randomEmbeddings(int count, long seed) {
        Random random = new Random(seed);
        float[] data = new float[count * ArchSpec.EMBEDDING_DIM];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return Embeddings.normalise(data, count, ArchSpec.EMBEDDING_DIM);
    }

    private static double rate(long items, long startNanos) {
        return items / ((System.nanoTime() - startNanos) / 1e9);
    }
}
