package org.cmpnas.engine.nas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.Schedule;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.engine.train.TrainingJob;

/**
 * The tiny CMP-NAS pipeline the job tests share (built once per test JVM, in a temporary store): a
 * resnet-q gallery and a supernet, each trained for one epoch on {@value #IMAGES} Fashion-MNIST
 * images, and a search over two budgets with tiny evolution settings. The val split is cut to
 * {@value #VAL} images, so the NAS reward set is 100 queries against 400 gallery images.
 */
public final class NasPipelineFixture {
    public static final int IMAGES = 256;
    public static final int VAL = 500;
    public static final int BATCH = 32;
    public static final DataSplits DATA = Datasets.load(TrainConfig.FASHION_MNIST).limit(IMAGES, VAL, 100, 400);
    /** Two budgets between the smallest and the largest subnet. */
    public static final long SMALL_BUDGET = SearchSpace.smallest().macs() * 3 / 2;
    public static final long LARGE_BUDGET = SearchSpace.smallest().macs() * 4;

    private static NasPipelineFixture instance;

    public final RunStore store;
    public final String gallery;
    public final String supernet;
    public final String search;
    /** Wall time of each stage, for the report. */
    public final long galleryMillis;
    public final long supernetMillis;
    public final long searchMillis;

    private NasPipelineFixture(Path root) {
        store = new RunStore(root);
        long t0 = System.nanoTime();
        gallery = new TrainingJob(store, JobListener.NONE, new CancellationToken()).start(
                TrainConfig.of("resnet-q", TrainConfig.FASHION_MNIST).withName("gallery").withSchedule(new Schedule(1, BATCH, 0.05, 0.9, 5e-4, 3)).withData(DataSpec.all(TrainConfig.FASHION_MNIST).withLimit(IMAGES)), DATA);
        long t1 = System.nanoTime();
        supernet = new SupernetJob(store, JobListener.NONE, new CancellationToken()).start(supernetConfig(), DATA);
        long t2 = System.nanoTime();
        search = new SearchJob(store, JobListener.NONE, new CancellationToken()).start(searchConfig(supernet), DATA);
        long t3 = System.nanoTime();
        galleryMillis = (t1 - t0) / 1_000_000;
        supernetMillis = (t2 - t1) / 1_000_000;
        searchMillis = (t3 - t2) / 1_000_000;
    }

    /** The shared pipeline, built on first use. */
    public static synchronized NasPipelineFixture get() {
        if (instance == null) {
            try {
                Path root = Files.createTempDirectory("cmpnas-nas-fixture");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
                instance = new NasPipelineFixture(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    SupernetConfig supernetConfig() {
        SupernetConfig d = SupernetConfig.defaults(gallery);
        return d.withName("tiny supernet").withSchedule(d.schedule().withEpochs(1).withBatch(BATCH).withSeed(5)).withData(d.data().withLimit(IMAGES));
    }

    /** Population 6, one generation: at most 10 rewards a budget; calibration on two batches of 32. */
    static SearchRunConfig searchConfig(String supernetRun) {
        return SearchRunConfig.defaults(supernetRun, SMALL_BUDGET + "," + LARGE_BUDGET)
                .withEvolution(SearchConfig.quick().withPopulation(6).withGenerations(1))
                .withCalibration(2, BATCH)
                .withSeed(9);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp folder left behind
        }
    }
}
