package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search killed with SIGKILL at seeded random moments leaves the store intact and reads as
 * {@code interrupted}; the supernet it searched is untouched and a new search of it still finishes.
 * (A search is not resumable: it is run again, its evaluated subnets are cheap to score anew.)
 */
class KilledSearchTest {
    private static final int KILLS = Integer.getInteger("cmpnas.searchKills", 2);

    @TempDir
    Path tmp;

    @Test
    void aKilledSearchIsInterruptedAndTheStoreStaysUsable() throws Exception {
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
        RunRecord supernetBefore = new RunStore(store).load(supernetId);

        Random random = new Random(7);
        for (int kill = 0; kill < KILLS; kill++) {
            ChildCli child = ChildCli.start(store, logs, search);
            long delay = (long) (duration * (0.3 + 0.6 * random.nextDouble())); // after the JVM and DJL have started
            if (child.waitFor(delay, TimeUnit.MILLISECONDS)) {
                continue; // finished before its kill came
            }
            child.kill();
            List<RunListing> runs = StoreChecks.assertIntact(store);
            List<RunRecord> searches = runs.stream().flatMap(l -> l.record().stream()).filter(r -> r.kind() == RunKind.search).toList();
            assertThat(searches).filteredOn(r -> r.status() != RunStatus.finished)
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.interrupted));
        }
        assertThat(new RunStore(store).load(supernetId)).isEqualTo(supernetBefore);
        ChildCli again = ChildCli.start(store, logs, search);
        assertThat(again.waitFor(600)).as(again.err()).isZero();
        assertThat(new RunStore(store).load(again.lastLine()).status()).isEqualTo(RunStatus.finished);
        assertThat(new RunStore(store).list()).as("at least one kill hit a running search")
                .anyMatch(l -> l.record().filter(r -> r.kind() == RunKind.search && r.status() == RunStatus.interrupted).isPresent());
    }
}
