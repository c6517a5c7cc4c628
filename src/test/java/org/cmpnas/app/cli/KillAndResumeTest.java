package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill at any moment: a real {@code cmpnas train} in a child JVM is killed with SIGKILL at seeded
 * random moments. After each kill the store loads, no file is torn and the run shows as
 * {@code interrupted}; {@code train --resume} then continues it, and the run it ends in matches an
 * uninterrupted run of the same seed.
 *
 * <p>{@code mvn test} does {@value #DEFAULT_KILLS} kills. The full form:
 * {@code mvn test -Dtest=KillAndResumeTest -Dcmpnas.kills=20 -Dcmpnas.killSeed=1}.
 */
class KillAndResumeTest {
    private static final int DEFAULT_KILLS = 3;
    private static final int KILLS = Integer.getInteger("cmpnas.kills", DEFAULT_KILLS);
    private static final long SEED = Long.getLong("cmpnas.killSeed", 1);
    /** After this many kills a run is resumed to its end and compared, and a new run is started. */
    private static final int KILLS_PER_RUN = 5;
    private static final String[] TRAIN = {"train", "--arch", "resnet-q", "--epochs", "2", "--limit", "256", "--seed", "11"};

    @TempDir
    Path tmp;

    @Test
    void trainingKilledAtRandomMomentsResumesToTheResultOfAnUninterruptedRun() throws Exception {
        Path logs = tmp.resolve("logs");
        Path referenceStore = tmp.resolve("reference");
        ChildCli straight = ChildCli.start(referenceStore, logs, with(TRAIN, "--name", "reference"));
        assertThat(straight.waitFor(600)).as(straight.err()).isZero();
        long duration = straight.elapsedMillis();
        RunRecord reference = new RunStore(referenceStore).load(straight.lastLine());
        byte[] referenceParams = Files.readAllBytes(referenceStore.resolve(reference.id()).resolve("weights/model.params"));

        Path store = tmp.resolve("store");
        Random random = new Random(SEED);
        int kills = 0;
        int beforeCreation = 0;
        int finishedFirst = 0;
        int compared = 0;
        int identical = 0;
        String current = null; // the interrupted run the next child resumes
        int killsOfCurrent = 0;
        Set<String> seen = new HashSet<>(); // runs already compared or being resumed
        java.util.Map<String, Integer> killedAt = new java.util.TreeMap<>(); // how far the run had got at each kill
        while (kills < KILLS) {
            if (current != null && killsOfCurrent >= KILLS_PER_RUN) {
                ChildCli finish = ChildCli.start(store, logs, "train", "--resume", current);
                assertThat(finish.waitFor(600)).as(finish.err()).isZero();
                compared++;
                identical += assertSameResult(store, current, reference, referenceParams) ? 1 : 0;
                current = null;
            }
            if (current == null) {
                killsOfCurrent = 0;
            }
            ChildCli child = current == null ? ChildCli.start(store, logs, with(TRAIN, "--name", "killed"))
                    : ChildCli.start(store, logs, "train", "--resume", current);
            long delay = (long) (random.nextDouble() * duration);
            if (child.waitFor(delay, TimeUnit.MILLISECONDS)) {
                assertThat(child.waitFor(1)).as(child.err()).isZero(); // it finished before its kill came
                finishedFirst++;
                compared++;
                identical += assertSameResult(store, child.lastLine(), reference, referenceParams) ? 1 : 0;
                seen.add(child.lastLine());
                current = null;
                continue;
            }
            child.kill();
            kills++;
            killsOfCurrent++;
            List<RunListing> runs = StoreChecks.assertIntact(store);
            List<RunRecord> unfinished = runs.stream().flatMap(l -> l.record().stream())
                    .filter(r -> r.status() != RunStatus.finished).toList();
            assertThat(unfinished).as("at most the killed run is unfinished").hasSizeLessThanOrEqualTo(1);
            Optional<String> exited = current != null ? Optional.of(current)
                    : runs.stream().map(RunListing::id).filter(id -> !seen.contains(id)).findFirst();
            if (unfinished.isEmpty() && exited.isPresent()) {
                // the kill came after the run recorded itself finished, while its JVM was exiting
                seen.add(exited.get());
                finishedFirst++;
                compared++;
                identical += assertSameResult(store, exited.get(), reference, referenceParams) ? 1 : 0;
                current = null;
                continue;
            }
            if (unfinished.isEmpty()) {
                beforeCreation++; // killed before its run folder held a record: nothing to resume
                killedAt.merge("before the run was created", 1, Integer::sum);
                current = null;
                continue;
            }
            current = unfinished.get(0).id();
            seen.add(current);
            killedAt.merge(progress(store, current), 1, Integer::sum);
            Cli.Result shown = Cli.run(store, "runs", "show", current, "--json");
            assertThat(shown.code()).as(shown.err()).isZero();
            assertThat(shown.json().path("status").asText()).as("killed after %d ms", delay).isEqualTo("interrupted");
        }
        if (current != null) {
            ChildCli last = ChildCli.start(store, logs, "train", "--resume", current);
            assertThat(last.waitFor(600)).as(last.err()).isZero();
            compared++;
            identical += assertSameResult(store, current, reference, referenceParams) ? 1 : 0;
        }
        StoreChecks.assertIntact(store);
        assertThat(new RunStore(store).list()).as("every killed run was resumed, never started afresh")
                .hasSize(compared).allSatisfy(l -> assertThat(l.record().orElseThrow().status()).isEqualTo(RunStatus.finished));
        System.out.printf("kill harness: %d SIGKILLs (seed %d, one uninterrupted run %d ms), %d before a run was created, "
                        + "%d runs finished before their kill; %d runs resumed to the end, all matching the uninterrupted run "
                        + "(%d with bit-identical parameters); store intact after every kill; kills by progress: %s%n",
                kills, SEED, duration, beforeCreation, finishedFirst, compared, identical, killedAt);
    }

    /** How far a killed run had got: its newest checkpoint, or none. */
    private static String progress(Path store, String id) throws java.io.IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(store.resolve(id).resolve("weights"))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ckpt-")).max(String::compareTo)
                    .map(n -> "after " + n).orElse("before the first checkpoint");
        }
    }

    /** Final metrics within floating-point tolerance of the reference; true when the parameters are even bit-identical. */
    private static boolean assertSameResult(Path store, String id, RunRecord reference, byte[] referenceParams) throws Exception {
        RunRecord run = new RunStore(store).load(id);
        assertThat(run.status()).isEqualTo(RunStatus.finished);
        assertThat(run.metrics().get("epoch")).isEqualTo(reference.metrics().get("epoch"));
        assertThat(run.metrics().get("train.loss")).isCloseTo(reference.metrics().get("train.loss"), within(1e-3));
        for (String percent : new String[] {"train.acc", "val.acc", "val.top1", "val.mAP"}) {
            assertThat(run.metrics().get(percent)).as(percent).isCloseTo(reference.metrics().get(percent), within(0.2));
        }
        return Arrays.equals(Files.readAllBytes(store.resolve(id).resolve("weights/model.params")), referenceParams);
    }

    private static String[] with(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
