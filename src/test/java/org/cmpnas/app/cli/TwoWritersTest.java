package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several writers on one store at once: a {@code cmpnas train} process, a second process creating
 * runs and evaluations, and this process (standing in for the window) doing the same and listing all
 * the while. Nothing is lost or torn, and what two must not do together (resume or delete a run
 * another process is running) is refused with a message naming the process.
 */
class TwoWritersTest {
    private static final int ROUNDS = 200;

    @TempDir
    Path tmp;

    @Test
    void aTrainingProcessASecondWriterAndTheWindowShareOneStoreWithoutLoss() throws Exception {
        Path storeDir = tmp.resolve("store");
        Path logs = tmp.resolve("logs");
        RunStore window = new RunStore(storeDir);
        RunHandle query = window.create("shared query", RunKind.query, "resnet-q", 1, 1, Json.mapper().createObjectNode(), null);
        query.setStatus(RunStatus.finished, null);

        ChildCli training = ChildCli.start(storeDir, logs, "train", "--arch", "resnet-q", "--epochs", "1", "--limit", "256", "--name", "cli");
        String trainingRun = awaitRunning(window, "cli", training);

        Cli.Result twice = Cli.run(storeDir, "train", "--resume", trainingRun);
        assertThat(twice.code()).as(twice.err()).isEqualTo(CmpnasCommand.USER_ERROR);
        assertThat(twice.err().strip()).doesNotContain("\n").contains(trainingRun).contains("process " + training.pid());
        Cli.Result delete = Cli.run(storeDir, "runs", "delete", trainingRun);
        assertThat(delete.code()).as(delete.err()).isEqualTo(CmpnasCommand.USER_ERROR);
        assertThat(delete.err()).contains("process " + training.pid());

        ChildCli other = ChildCli.startMain(StoreHammer.class.getName(), logs, List.of(storeDir.toString(), query.id(), "other", "" + ROUNDS));
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> damaged = new ConcurrentLinkedQueue<>();
        AtomicInteger listings = new AtomicInteger();
        Thread lister = new Thread(() -> {
            while (writing.get()) {
                new RunStore(storeDir).list(true).stream().filter(RunListing::isDamaged).forEach(l -> damaged.add(l.id() + ": " + l.problem()));
                listings.incrementAndGet();
            }
        }, "lister");
        lister.start();
        StoreHammer.hammer(window, query.id(), "window", ROUNDS);
        assertThat(other.waitFor(300)).as(other.err()).isZero();
        assertThat(training.waitFor(600)).as(training.err()).isZero();
        writing.set(false);
        lister.join();

        assertThat(damaged).as("no listing ever saw a damaged run").isEmpty();
        assertThat(listings.get()).isPositive();
        List<RunListing> runs = StoreChecks.assertIntact(storeDir);
        assertThat(new RunStore(storeDir).evaluations(query.id())).as("no evaluation lost to the other writer").hasSize(2 * ROUNDS);
        for (String writer : new String[] {"window", "other"}) {
            List<RunRecord> own = runs.stream().flatMap(l -> l.record().stream()).filter(r -> r.name().startsWith(writer + "-")).toList();
            assertThat(own).hasSize(ROUNDS / 10).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.finished));
            assertThat(own.stream().filter(RunRecord::deleted)).hasSize(ROUNDS / 20);
            for (RunRecord r : own) {
                assertThat(new RunStore(storeDir).metrics(r.id())).hasSize(20);
            }
        }
        assertThat(new RunStore(storeDir).load(trainingRun).status()).isEqualTo(RunStatus.finished);
    }

    /** The id of the child's run once it is running (its lock taken), polling the store. */
    private static String awaitRunning(RunStore store, String name, ChildCli child) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            Optional<RunRecord> run = store.list().stream().flatMap(l -> l.record().stream()).filter(r -> r.name().equals(name)).findFirst();
            if (run.isPresent() && run.get().status() == RunStatus.running) {
                return run.get().id();
            }
            assertThat(child.isAlive()).as("the child ended early: %s", child.err()).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("run '" + name + "' never started running");
    }
}
