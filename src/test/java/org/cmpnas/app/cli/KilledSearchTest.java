package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.cmpnas.engine.nas.SearchRecord;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search killed with SIGKILL at seeded random moments leaves the store intact and reads as
 * {@code interrupted}; the supernet it searched is untouched, and {@code search --resume} (itself
 * killed again at times) ends with the result of an uninterrupted search of the same seed.
 *
 * <p>{@code mvn test} does {@value #DEFAULT_KILLS} kills; the full form:
 * {@code mvn test -Dtest=KilledSearchTest -Dcmpnas.searchKills=20}.
 */
class KilledSearchTest {
    private static final int DEFAULT_KILLS = 3;
    private static final int KILLS = Integer.getInteger("cmpnas.searchKills", DEFAULT_KILLS);

    @TempDir
    Path tmp;

    @Test
    void aKilledSearchIsInterruptedAndResumesToTheUninterruptedResult() throws Exception {
        Path store = tmp.resolve("store");
        Path logs = tmp.resolve("logs");
        Cli.Result gallery = Cli.run(store, "train", "--arch", "resnet-q", "--epochs", "1", "--limit", "256", "--batch", "32");
        assertThat(gallery.code()).as(gallery.err()).isZero();
        String galleryId = gallery.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        Cli.Result supernet = Cli.run(store, "supernet", "--gallery", galleryId, "--epochs", "1", "--limit", "256", "--batch", "32");
        assertThat(supernet.code()).as(supernet.err()).isZero();
        String supernetId = supernet.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        String[] search = {"search", "--supernet", supernetId, "--budgets", "0.6M,1.2M", "--population", "6", "--generations", "2",
                "--calibration-batches", "2", "--calibration-batch", "32"};

        ChildCli first = ChildCli.start(store, logs, search); // embeds and caches the gallery: slower than the rest
        assertThat(first.waitFor(600)).as(first.err()).isZero();
        ChildCli straight = ChildCli.start(store, logs, search);
        assertThat(straight.waitFor(600)).as(straight.err()).isZero();
        long duration = straight.elapsedMillis();
        SearchRecord reference = SearchRecord.read(new RunStore(store).dir(straight.lastLine()));
        RunRecord supernetBefore = new RunStore(store).load(supernetId);

        Random random = new Random(7);
        int kills = 0;
        int resumed = 0;
        String current = null; // the interrupted search the next child resumes
        while (kills < KILLS) {
            ChildCli child = current == null ? ChildCli.start(store, logs, search) : ChildCli.start(store, logs, "search", "--resume", current);
            long delay = (long) (duration * (0.3 + 0.6 * random.nextDouble())); // after the JVM and DJL have started
            if (child.waitFor(delay, TimeUnit.MILLISECONDS)) {
                assertThat(child.waitFor(1)).as(child.err()).isZero(); // it finished before its kill came
                assertSameResult(store, child.lastLine(), reference);
                resumed += current == null ? 0 : 1;
                current = null;
                continue;
            }
            child.kill();
            kills++;
            List<RunListing> runs = StoreChecks.assertIntact(store);
            List<RunRecord> unfinished = runs.stream().flatMap(l -> l.record().stream())
                    .filter(r -> r.kind() == RunKind.search && r.status() != RunStatus.finished).toList();
            assertThat(unfinished).as("at most the killed search is unfinished").hasSizeLessThanOrEqualTo(1)
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.interrupted));
            current = unfinished.isEmpty() ? null : unfinished.get(0).id();
        }
        if (current != null) {
            ChildCli last = ChildCli.start(store, logs, "search", "--resume", current);
            assertThat(last.waitFor(600)).as(last.err()).isZero();
            assertSameResult(store, current, reference);
            resumed++;
        }
        assertThat(resumed).as("at least one killed search was resumed to its end").isPositive();
        assertThat(new RunStore(store).load(supernetId)).isEqualTo(supernetBefore);
        StoreChecks.assertIntact(store);
        System.out.printf("search kill harness: %d SIGKILLs (one uninterrupted search %d ms), %d searches resumed to the uninterrupted result%n",
                kills, duration, resumed);
    }

    private static void assertSameResult(Path store, String id, SearchRecord reference) {
        assertThat(new RunStore(store).load(id).status()).isEqualTo(RunStatus.finished);
        SearchRecord result = SearchRecord.read(new RunStore(store).dir(id));
        assertThat(result.budgets()).isEqualTo(reference.budgets());
        assertThat(result.pareto()).isEqualTo(reference.pareto());
        assertThat(result.rewardEvaluations()).isEqualTo(reference.rewardEvaluations());
    }
}
