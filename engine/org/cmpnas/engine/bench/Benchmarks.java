package org.cmpnas.engine.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.cmpnas.engine.NativeRuntime;
import org.cmpnas.engine.compat.GalleryEmbeddingTable;
import org.cmpnas.engine.compat.GalleryTeacher;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.Augmentation;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.ImageFolderOptions;
import org.cmpnas.engine.data.ImageFolderReader;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.TopKSearch;
import org.cmpnas.engine.index.GalleryIndex;
import org.cmpnas.engine.index.HnswIndex;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.BatchNormFolding;
import org.cmpnas.engine.model.EmbeddingNet;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ResNetSpec;
import org.cmpnas.engine.nas.MacsBudgets;
import org.cmpnas.engine.nas.Sandwich;
import org.cmpnas.engine.nas.Supernet;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.nas.SupernetGallery;
import org.cmpnas.engine.nas.SupernetTrainer;
import org.cmpnas.engine.train.NesterovSgd;
import org.cmpnas.engine.train.Schedule;
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
    /** A gallery index whose rows the ANN rows measure instead of the synthetic ones, or null. */
    private Path annIndex;

    public Benchmarks(boolean quick, Consumer<String> log) {
        this.quick = quick;
        this.log = log;
    }

    /**
     * The ANN rows on the embeddings of a real gallery index instead: every {@value #HELD_OUT}th row (0, 20, ...) is a
     * held-out query, the others are the gallery (bench/peer.py --ann-index splits the same way).
     */
    public Benchmarks withAnnIndex(Path index) {
        this.annIndex = index;
        return this;
    }

    static final int HELD_OUT = 20;

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
        for (boolean cached : List.of(false, true)) {
            String name = "train.resnet-q.l2." + (cached ? "cached" : "live");
            if (wanted.test(name)) {
                results.add(report(compatibilityTraining(name, cached)));
            }
        }
        for (String loss : List.of("bct", "bct+l2")) {
            for (boolean budgetAware : List.of(true, false)) {
                String name = supernetStepName(loss, budgetAware);
                if (wanted.test(name)) {
                    results.add(report(supernetStep(name, LossSpec.of(loss, 1, LossSpec.DEFAULT_TEMPERATURE), budgetAware)));
                }
            }
        }
        if (wanted.test("search.top10")) {
            results.add(report(search()));
        }
        if (wanted.test(FOLDER_LOAD)) {
            results.add(report(folderLoading()));
        }
        if (IndexingBenchmark.NAMES.stream().anyMatch(wanted)) {
            IndexingBenchmark.run(quick ? 2_000 : 20_000, log).forEach(r -> results.add(report(r)));
        }
        if (ANN_NAMES.stream().anyMatch(wanted)) {
            annSearch().forEach(r -> results.add(report(r)));
        }
        return results;
    }

    /** The ANN benchmark's rows (all measured in one go): exact and HNSW search of {@link SphereClusters} rows. */
    public static final List<String> ANN_NAMES = List.of("ann.exact.qps", "ann.hnsw.build", "ann.hnsw.ef", "ann.hnsw.recall@10", "ann.hnsw.qps");
    /** Recall@10 the HNSW search must reach against the exact search; efSearch is the smallest that does. */
    public static final double ANN_RECALL = 0.95;
    /** efSearch values tried, smallest first: from 10 up by about 10 % a step to 1024 (bench/peer.py tries the same). */
    static final int[] EF_SEARCH = efSearchSteps();
    static final int ANN_THREADS = 2;

    private static int[] efSearchSteps() {
        List<Integer> steps = new ArrayList<>();
        for (int ef = 10; ef <= 1024; ef = Math.max(ef + 1, (int) Math.round(ef * 1.1))) {
            steps.add(ef);
        }
        return steps.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Gallery rows and held-out queries of the ANN benchmark: 1 M and 10,000 in a full sitting. */
    public int annRows() {
        return quick ? 100_000 : 1_000_000;
    }

    public int annQueries() {
        return quick ? 1_000 : 10_000;
    }

    /**
     * Exact top-10 queries/s over the rows; HNSW (m 16, construction beam 100, {@value #ANN_THREADS} threads) build
     * seconds, then the smallest efSearch of {@link #EF_SEARCH} whose recall@10 against the exact top-10 reaches
     * {@link #ANN_RECALL}, with its recall and queries/s (best of two passes).
     */
    List<Result> annSearch() {
        Embeddings gallery;
        Embeddings queries;
        if (annIndex == null) {
            gallery = SphereClusters.rows(annRows(), SphereClusters.GALLERY_SEED);
            queries = SphereClusters.rows(annQueries(), SphereClusters.QUERY_SEED);
        } else {
            Embeddings[] split = heldOut(GalleryIndex.open(annIndex));
            gallery = split[0];
            queries = split[1];
            log.accept("ANN rows of gallery index " + annIndex + ": " + gallery.count() + " rows, " + queries.count() + " held-out queries");
        }
        List<Result> results = new ArrayList<>();
        TopKSearch.search(queries.count() > 256 ? randomEmbeddings(256, 5) : queries, gallery, SEARCH_K);
        long start = System.nanoTime();
        TopKSearch.Result truth = TopKSearch.search(queries, gallery, SEARCH_K);
        results.add(new Result("ann.exact.qps", "queries/s", rate(queries.count(), start)));
        Path dir = temporaryFolder("cmpnas-bench-ann");
        try {
            List<String> paths = java.util.stream.IntStream.range(0, gallery.count()).mapToObj(Integer::toString).toList();
            GalleryIndex index = GalleryIndex.of(dir, gallery, paths, 65_536, java.time.Instant.now());
            start = System.nanoTime();
            HnswIndex.build(index, new HnswIndex.Parameters(16, 100, ANN_THREADS), org.cmpnas.engine.jobs.JobListener.NONE,
                    new org.cmpnas.engine.jobs.CancellationToken());
            results.add(new Result("ann.hnsw.build", "s", (System.nanoTime() - start) / 1e9));
            try (HnswIndex hnsw = HnswIndex.open(GalleryIndex.open(dir))) {
                int ef = EF_SEARCH[EF_SEARCH.length - 1];
                double recall = 0;
                for (int candidate : EF_SEARCH) {
                    recall = recall(truth, hnsw.search(queries, SEARCH_K, candidate, ANN_THREADS), queries.count());
                    log.accept(String.format("  efSearch %3d: recall@10 %.4f", candidate, recall));
                    if (recall >= ANN_RECALL) {
                        ef = candidate;
                        break;
                    }
                }
                double best = 0;
                for (int pass = 0; pass < 2; pass++) {
                    start = System.nanoTime();
                    hnsw.search(queries, SEARCH_K, ef, ANN_THREADS);
                    best = Math.max(best, rate(queries.count(), start));
                }
                results.add(new Result("ann.hnsw.ef", "efSearch", ef));
                results.add(new Result("ann.hnsw.recall@10", "recall", recall));
                results.add(new Result("ann.hnsw.qps", "queries/s", best));
            }
        } finally {
            deleteTree(dir);
        }
        return results;
    }

    /** [gallery, queries] of an index's rows: every {@value #HELD_OUT}th row a query. */
    private static Embeddings[] heldOut(GalleryIndex index) {
        int dim = index.manifest().dim();
        int queries = (index.size() + HELD_OUT - 1) / HELD_OUT;
        float[] g = new float[(index.size() - queries) * dim];
        float[] q = new float[queries * dim];
        int gi = 0;
        int qi = 0;
        for (int s = 0; s < index.manifest().shardCount(); s++) {
            Embeddings shard = index.shard(s);
            for (int i = 0; i < shard.count(); i++) {
                int row = s * index.manifest().shardSize() + i;
                if (row % HELD_OUT == 0) {
                    System.arraycopy(shard.data(), i * dim, q, qi++ * dim, dim);
                } else {
                    System.arraycopy(shard.data(), i * dim, g, gi++ * dim, dim);
                }
            }
        }
        return new Embeddings[] {new Embeddings(g, gi, dim), new Embeddings(q, qi, dim)};
    }

    /** The fraction of the exact top-k that the approximate top-k found, over all queries. */
    public static double recall(TopKSearch.Result exact, TopKSearch.Result approximate, int queries) {
        int k = exact.k();
        long found = 0;
        for (int q = 0; q < queries; q++) {
            java.util.Set<Integer> truth = new java.util.HashSet<>();
            for (int r = 0; r < k; r++) {
                truth.add(exact.index(q, r));
            }
            for (int r = 0; r < Math.min(k, approximate.k()); r++) {
                found += truth.contains(approximate.index(q, r)) ? 1 : 0;
            }
        }
        return (double) found / ((long) queries * k);
    }

    private static Path temporaryFolder(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image-folder benchmark's name: JPEGs of 100 to 200 px decoded, resized and centre-cropped to 64 px colour. */
    public static final String FOLDER_LOAD = "load.folder.jpeg-64";

    /** Images of the folder benchmark: 50,000 in a full sitting. */
    public int folderImages() {
        return quick ? 5_000 : 50_000;
    }

    /** Reads a folder of JPEGs of 100 to 200 px as 64 px colour images (the folder is written first, not timed: its files are then in the page cache). */
    Result folderLoading() {
        Path root = temporaryFolder("cmpnas-bench-jpegs");
        try {
            JpegFolder.write(root, folderImages());
            long start = System.nanoTime();
            DataSplits data = ImageFolderReader.load(root, ImageFolderOptions.square(64, false));
            double rate = rate(data.train().size() + data.val().size() + data.query().size() + data.gallery().size(), start);
            return new Result(FOLDER_LOAD, "images/s", rate);
        } finally {
            deleteTree(root);
        }
    }

    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the system cleans it eventually
        }
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
        try (TrainingSession<?> session = TrainingSession.fresh(spec, 10, Schedule.DEFAULT, warmup + steps)) {
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

    /**
     * resnet-q trained with {@code l2} against a random resnet-g (folded, as training uses a gallery),
     * the gallery side of each batch computed by the gallery model or looked up in the table of the
     * training images' embeddings. The table's one-off computation (one embedding pass over the
     * training images and their mirror images) is not part of the rate.
     */
    Result compatibilityTraining(String name, boolean cached) {
        int steps = quick ? 8 : 40;
        LabeledImages images = randomImages(TRAIN_BATCH * (steps + 5), 6);
        try (NDManager manager = NDManager.newBaseManager()) {
            GalleryTeacher teacher = new GalleryTeacher("bench", randomGallery(manager), new LossSpec.L2(1), 10);
            if (cached) {
                GalleryEmbeddingTable table = new GalleryEmbeddingTable(randomEmbeddings(images.size(), 7), randomEmbeddings(images.size(), 8));
                teacher = teacher.withTrainingEmbeddings(() -> table, Augmentation.DEFAULT, line -> { });
            }
            try (TrainingSession<?> session = TrainingSession.single(ResNetSpec.RESNET_Q, 10, Schedule.DEFAULT, steps + 5, null, null, teacher);
                 BatchSource batches = BatchSource.training(images, TRAIN_BATCH, 1, Augmentation.DEFAULT)) {
                for (int s = 0; s < 5; s++) {
                    session.step(batches.next(), s);
                }
                long start = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    session.step(batches.next(), 5 + s);
                }
                return new Result(name, "images/s", rate((long) steps * TRAIN_BATCH, start));
            }
        }
    }

    /** E.g. {@code supernet.step.bct+l2.budget-aware}. */
    public static String supernetStepName(String loss, boolean budgetAware) {
        return "supernet.step." + loss + "." + (budgetAware ? "budget-aware" : "whole-space");
    }

    /** The sandwiches the supernet benchmark trains: steps 0.., seed 1 (bench/sandwiches.json holds them for the peer). */
    public static Sandwich benchSandwich(boolean budgetAware) {
        return budgetAware ? Sandwich.budgetAware(MacsBudgets.parse(SupernetConfig.DEFAULT_BUDGETS), 1, false) : Sandwich.wholeSpace(1);
    }

    /**
     * Seconds the supernet benchmark repeats its step {@code n} before measuring, on both sides: a few
     * steps do not bring the JVM to its steady state (a row measured first ran 30 % slower than after
     * another row), so the warm-up is by time, as JMH's is.
     */
    static final int SUPERNET_WARM_UP_SECONDS = 3;

    /** Steps of the supernet benchmark: whole-space steps cost about 15 budget-aware ones. */
    public static int supernetSteps(boolean budgetAware, boolean quick) {
        return budgetAware ? (quick ? 6 : 30) : (quick ? 2 : 6);
    }

    /**
     * Sandwich steps per second (batch 64) of the supernet against a random resnet-g, with {@code loss};
     * for the l2 family the gallery side is looked up in a table, as the supernet job does.
     */
    Result supernetStep(String name, LossSpec loss, boolean budgetAware) {
        int steps = supernetSteps(budgetAware, quick);
        int batch = 64;
        LabeledImages images = randomImages(batch * (steps + 1), 9);
        try (NDManager manager = NDManager.newBaseManager()) {
            GalleryTeacher teacher = new GalleryTeacher("bench", randomGallery(manager), loss, 10);
            GalleryEmbeddingTable table = new GalleryEmbeddingTable(randomEmbeddings(images.size(), 10), randomEmbeddings(images.size(), 11));
            teacher = teacher.withTrainingEmbeddings(() -> table, Augmentation.DEFAULT, line -> { });
            Supernet net = Supernet.initialised(10, manager, 1);
            SupernetTrainer trainer = new SupernetTrainer(net, SupernetGallery.external(teacher), NesterovSgd.cosine(Schedule.DEFAULT, steps + 1),
                    benchSandwich(budgetAware));
            try (BatchSource batches = BatchSource.training(images, batch, 1, Augmentation.DEFAULT)) {
                BatchSource.Batch warmUp = batches.next();
                long warmUntil = System.nanoTime() + SUPERNET_WARM_UP_SECONDS * 1_000_000_000L;
                do {
                    trainer.step(warmUp, steps); // on a step number the measurement does not use
                } while (System.nanoTime() < warmUntil);
                long start = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    trainer.step(batches.next(), s);
                }
                return new Result(name, "steps/s", rate(steps, start));
            }
        }
    }

    private static LabeledImages randomImages(int count, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * 28 * 28];
        random.nextBytes(pixels);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(10);
        }
        return new LabeledImages(pixels, labels, 28, 28, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    /** resnet-g with random weights, folded for inference as a gallery model is. */
    private static LoadedModel randomGallery(NDManager manager) {
        EmbeddingNet folded = randomFolded(ResNetSpec.RESNET_G, manager);
        return new LoadedModel("resnet-g", folded, folded.classifier().getParameters().get(0).getValue().getArray());
    }

    /** {@code spec} with random weights in the workbench's inference form: batch norm folded into the convolutions. */
    private static EmbeddingNet randomFolded(ArchSpec spec, NDManager manager) {
        EmbeddingNet net = new EmbeddingNet(spec, 10);
        net.setInitializer(new NormalInitializer(0.05f), Parameter.Type.WEIGHT);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
        return BatchNormFolding.fold(net, manager);
    }

    Result embedding(ArchSpec spec) {
        LabeledImages images = randomImages(EMBED_BATCH * steps(spec, 40), 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            Embedder embedder = new Embedder(randomFolded(spec, manager), manager);
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
