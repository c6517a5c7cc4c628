package org.cmpnas.engine.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.Schedule;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.engine.train.TrainingJob;

/**
 * A tiny real store for the retrieval demo's tests: a gallery model (resnet-q), a compatible query
 * model (the smallest subnet, bct against it) and an independent one, each trained for one epoch on
 * 640 Fashion-MNIST images. Built once per test JVM, beside the full test split of Fashion-MNIST,
 * whose query set and gallery the demo searches. Deleted when the JVM ends.
 */
public final class DemoStore {
    public static final String TINY = "d1-1-1_w8-16-32_k3-3-3_e1-1-1";
    private static DemoStore instance;

    public final DataSplits data;
    public final RunStore store;
    public final String gallery;
    public final String compatible;
    public final String independent;

    private DemoStore(DataSplits data, RunStore store, String gallery, String compatible, String independent) {
        this.data = data;
        this.store = store;
        this.gallery = gallery;
        this.compatible = compatible;
        this.independent = independent;
    }

    public static synchronized DemoStore get() {
        if (instance == null) {
            instance = build();
        }
        return instance;
    }

    private static DemoStore build() {
        DataSplits full = Datasets.load(TrainConfig.FASHION_MNIST);
        DataSplits small = full.limit(640, 300, full.query().size(), full.gallery().size());
        Path dir;
        try {
            dir = Files.createTempDirectory("cmpnas-demo-store");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        RunStore store = new RunStore(dir);
        TrainingJob job = new TrainingJob(store, JobListener.NONE, new CancellationToken());
        String g = job.start(config("gallery", "resnet-q", 1), small);
        String q = job.start(config("compatible", TINY, 2).withLoss(LossSpec.of("bct", 1, 0.1), g), small);
        String i = job.start(config("independent", TINY, 3), small);
        return new DemoStore(full, store, g, q, i);
    }

    private static TrainConfig config(String name, String arch, long seed) {
        return TrainConfig.of(arch, TrainConfig.FASHION_MNIST).withName(name).withSchedule(new Schedule(1, 64, 0.05, 0.9, 5e-4, seed)).withData(DataSpec.all(TrainConfig.FASHION_MNIST).withLimit(640));
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
