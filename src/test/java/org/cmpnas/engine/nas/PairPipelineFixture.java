package org.cmpnas.engine.nas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.store.RunStore;

/**
 * The tiny pair-mode pipeline (built once per test JVM, in its own temporary store, on the data of
 * {@link NasPipelineFixture}): a {@code --pair} supernet trained for one epoch with {@code bct+l2}, a
 * search whose gallery is the largest subnet, and a search of (query, gallery) pairs within
 * {@link #GALLERY_BUDGET}, both over the fixture's two query budgets with tiny evolution settings.
 */
public final class PairPipelineFixture {
    /** Between the smallest and the largest subnet, above both query budgets. */
    public static final long GALLERY_BUDGET = SearchSpace.smallest().macs() * 8;

    private static PairPipelineFixture instance;

    public final RunStore store;
    public final String supernet;
    /** The gallery is the supernet's largest subnet. */
    public final String search;
    /** (query, gallery) pairs, the gallery within {@link #GALLERY_BUDGET}. */
    public final String pairSearch;

    private PairPipelineFixture(Path root) {
        store = new RunStore(root);
        supernet = new SupernetJob(store, JobListener.NONE, new CancellationToken()).start(supernetConfig(), NasPipelineFixture.DATA);
        search = new SearchJob(store, JobListener.NONE, new CancellationToken())
                .start(NasPipelineFixture.searchConfig(supernet).withGalleryBudget(null), NasPipelineFixture.DATA);
        pairSearch = new SearchJob(store, JobListener.NONE, new CancellationToken()).start(pairSearchConfig(supernet), NasPipelineFixture.DATA);
    }

    public static synchronized PairPipelineFixture get() {
        if (instance == null) {
            try {
                Path root = Files.createTempDirectory("cmpnas-pair-fixture");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
                instance = new PairPipelineFixture(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    static SupernetConfig supernetConfig() {
        SupernetConfig d = SupernetConfig.pairDefaults();
        return d.withName("tiny pair supernet").withLoss(LossSpec.of("bct+l2", LossSpec.DEFAULT_LAMBDA, LossSpec.DEFAULT_TEMPERATURE))
                .withSchedule(d.schedule().withEpochs(1).withBatch(NasPipelineFixture.BATCH).withSeed(5)).withData(d.data().withLimit(NasPipelineFixture.IMAGES));
    }

    static SearchRunConfig pairSearchConfig(String supernetRun) {
        return NasPipelineFixture.searchConfig(supernetRun).withGalleryBudget(Long.toString(GALLERY_BUDGET));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp folder left behind
        }
    }
}
