package org.cmpnas.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cmpnas.engine.store.StoreFixtures.CONFIG;
import static org.cmpnas.engine.store.StoreFixtures.fixedClock;
import static org.cmpnas.engine.store.StoreFixtures.gallery;
import static org.cmpnas.engine.store.StoreFixtures.scripted;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.cmpnas.engine.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripCreateStatusMetricsLoadListAndEvents() throws Exception {
        RunStore store = new RunStore(tmp.resolve("runs"));
        RunHandle run = gallery(store, "baseline");

        assertThat(run.dir()).isEqualTo(store.root().resolve(run.id()));
        assertThat(run.dir().resolve("run.json")).isRegularFile();
        assertThat(run.dir().resolve("metrics.jsonl")).isEmptyFile();
        assertThat(run.weightsDir()).isDirectory();
        assertThat(run.artifactsDir()).isDirectory();
        assertThat(store.load(run.id()).status()).isEqualTo(RunStatus.queued);

        run.setStatus(RunStatus.running, null);
        assertThat(run.record().pid()).isEqualTo(ProcessHandle.current().pid());
        run.putMetrics(Map.of("train.loss", 0.9));
        Map<String, Double> more = new LinkedHashMap<>();
        more.put("val.top1", 86.5);
        more.put("train.loss", 0.4);
        run.putMetrics(more);
        MetricEvent first = new MetricEvent("train.loss", 2.3, 1, 1, Instant.parse("2026-01-01T12:00:00Z"));
        run.appendMetric(first);
        run.appendMetric("train.loss", 0.4f, 2, 1);
        run.update(r -> r.withLink("gallery", "20250101-000000-0000"));
        run.setStatus(RunStatus.finished, null);

        RunRecord loaded = store.load(run.id());
        assertThat(loaded).isEqualTo(run.record());
        assertThat(loaded.kind()).isEqualTo(RunKind.gallery);
        assertThat(loaded.status()).isEqualTo(RunStatus.finished);
        assertThat(loaded.name()).isEqualTo("baseline");
        assertThat(loaded.arch()).isEqualTo("resnet-g");
        assertThat(loaded.macs()).isEqualTo(80_523_776L);
        assertThat(loaded.metrics()).containsExactly(Map.entry("train.loss", 0.4), Map.entry("val.top1", 86.5));
        assertThat(loaded.links()).containsEntry("gallery", "20250101-000000-0000");
        assertThat(loaded.provenance().endedAt()).isNotNull();
        assertThat(loaded.provenance().protocolVersion()).isEqualTo(Provenance.PROTOCOL_VERSION);
        assertThat(Json.mapper().treeToValue(loaded.config(), StoreFixtures.TrainConfig.class)).isEqualTo(CONFIG);
        assertThat(store.load(run.id().substring(0, 17))).isEqualTo(loaded);

        assertThat(store.list()).singleElement().satisfies(l -> {
            assertThat(l.isDamaged()).isFalse();
            assertThat(l.record()).contains(loaded);
        });
        List<MetricEvent> events = store.metrics(run.id());
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(first);
        assertThat(events.get(1).value()).isEqualTo(0.4f);
    }

    @Test
    void runJsonUsesLowerCaseWordsAndSchemaVersion() throws IOException {
        RunHandle run = gallery(new RunStore(tmp), "x");
        JsonNode json = Json.mapper().readTree(run.dir().resolve("run.json").toFile());
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("kind").asText()).isEqualTo("gallery");
        assertThat(json.get("status").asText()).isEqualTo("queued");
        assertThat(json.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(json.fieldNames()).toIterable().contains("id", "name", "kind", "status", "arch", "macs",
                "params", "createdAt", "config", "provenance", "metrics", "message", "pid", "links", "deleted");

        run.appendMetric("loss", 1.0, 1, 1);
        String line = Files.readAllLines(run.dir().resolve("metrics.jsonl")).get(0);
        assertThat(Json.mapper().readTree(line).get("schemaVersion").asInt()).isEqualTo(1);
    }

    @Test
    void nanMetricSurvivesTheRoundTrip() {
        RunStore store = new RunStore(tmp);
        RunHandle run = gallery(store, "diverged");
        run.putMetrics(Map.of("train.loss", Double.NaN));
        run.appendMetric("train.loss", Double.NaN, 7, 1);
        assertThat(store.load(run.id()).metrics().get("train.loss")).isNaN();
        assertThat(store.metrics(run.id())).singleElement().satisfies(e -> assertThat(e.value()).isNaN());
    }

    @Test
    void idsAreUniqueReadableAndSortableWhenCreatedQuickly() {
        RunStore store = new RunStore(tmp);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            ids.add(gallery(store, "r" + i).id());
        }
        assertThat(ids).hasSize(300).allMatch(id -> id.matches("\\d{8}-\\d{6}-[0-9a-f]{4}"));
        assertThat(store.list()).hasSize(300);
    }

    @Test
    void idClashInTheSameSecondDrawsAgain() {
        RunStore store = new RunStore(tmp, fixedClock("2026-03-04T05:06:07Z"), scripted(0xab, 0xab, 0xcd));
        assertThat(gallery(store, "a").id()).isEqualTo("20260304-050607-00ab");
        assertThat(gallery(store, "b").id()).isEqualTo("20260304-050607-00cd");
    }

    @Test
    void listIsNewestFirst() {
        RunStore old = new RunStore(tmp, fixedClock("2026-01-01T00:00:00Z"), scripted(1));
        RunStore mid = new RunStore(tmp, fixedClock("2026-01-02T00:00:00Z"), scripted(2));
        RunStore top = new RunStore(tmp, fixedClock("2026-01-03T00:00:00Z"), scripted(3));
        gallery(mid, "mid");
        gallery(top, "top");
        gallery(old, "old");
        assertThat(new RunStore(tmp).list()).extracting(l -> l.record().orElseThrow().name())
                .containsExactly("top", "mid", "old");
    }

    @Test
    void softDeleteHidesFromListButKeepsFolderAndRestoreBringsItBack() {
        RunStore store = new RunStore(tmp);
        RunHandle kept = gallery(store, "kept");
        RunHandle gone = gallery(store, "gone");

        store.delete(gone.id());
        assertThat(store.list()).extracting(RunListing::id).containsExactly(kept.id());
        assertThat(store.list(true)).extracting(RunListing::id).contains(kept.id(), gone.id());
        assertThat(gone.dir().resolve("run.json")).isRegularFile();
        assertThat(store.load(gone.id()).deleted()).isTrue();
        assertThat(gone.record().deleted()).as("open handle sees the delete").isTrue();

        store.restore(gone.id());
        assertThat(store.list()).hasSize(2);
    }

    @Test
    void writerInAnotherProcessDoesNotUndoADelete() {
        RunHandle training = gallery(new RunStore(tmp), "training");
        new RunStore(tmp).delete(training.id()); // like `cmpnas runs delete` while the GUI trains
        training.putMetrics(Map.of("val.top1", 50.0));
        RunRecord onDisk = new RunStore(tmp).load(training.id());
        assertThat(onDisk.deleted()).isTrue();
        assertThat(onDisk.metrics()).containsEntry("val.top1", 50.0);
    }

    @Test
    void renameAndNoteAreKeptInRunJsonAndSurviveTheJobsNextWrite() {
        RunStore store = new RunStore(tmp);
        RunHandle training = gallery(store, "first");
        store.rename(training.id(), "  resnet-g, lr 0.05  ");
        store.annotate(training.id(), "baseline for the BCT runs\nsecond line");
        training.putMetrics(Map.of("val.top1", 50.0)); // the job's own handle keeps the user's change

        RunRecord onDisk = new RunStore(tmp).load(training.id());
        assertThat(onDisk.name()).isEqualTo("resnet-g, lr 0.05");
        assertThat(onDisk.note()).isEqualTo("baseline for the BCT runs\nsecond line");
        assertThat(onDisk.metrics()).containsEntry("val.top1", 50.0);

        training.setStatus(RunStatus.finished, null);
        new RunStore(tmp).annotate(training.id(), "   "); // blank clears, also from a store without the handle
        assertThat(new RunStore(tmp).load(training.id()).note()).isNull();
    }

    @Test
    void badNamesAndNotesAreRefusedBeforeAnythingIsWritten() {
        RunStore store = new RunStore(tmp);
        RunHandle run = gallery(store, "kept");
        assertThatThrownBy(() -> store.rename(run.id(), " ")).isInstanceOf(BadInputException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> store.rename(run.id(), "x".repeat(RunText.MAX_NAME_LENGTH + 1)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("at most " + RunText.MAX_NAME_LENGTH);
        assertThatThrownBy(() -> store.rename(run.id(), "two\nlines")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> store.annotate(run.id(), "x".repeat(RunText.MAX_NOTE_LENGTH + 1)))
                .isInstanceOf(BadInputException.class);
        assertThat(new RunStore(tmp).load(run.id()).name()).isEqualTo("kept");
    }

    @Test
    void aRunAnotherWindowIsWritingCannotBeRenamed() {
        RunHandle running = gallery(new RunStore(tmp), "live");
        running.setStatus(RunStatus.running, null);
        RunStore other = new RunStore(tmp); // e.g. a second window over the same store
        assertThatThrownBy(() -> other.rename(running.id(), "mine"))
                .isInstanceOf(BadInputException.class).hasMessageContaining(running.id()).hasMessageContaining("being written");
        running.setStatus(RunStatus.finished, null);
        other.rename(running.id(), "mine");
        assertThat(other.load(running.id()).name()).isEqualTo("mine");
    }

    @Test
    void unknownAndAmbiguousIdsAreUserErrorsNamingThem() {
        RunStore store = new RunStore(tmp, fixedClock("2026-05-06T07:08:09Z"), scripted(0x1111, 0x1222));
        String a = gallery(store, "a").id();
        String b = gallery(store, "b").id();

        assertThatThrownBy(() -> store.load("2099"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("run '2099' not found in store " + store.root());
        assertThatThrownBy(() -> store.load("20260506-070809-1"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("run prefix '20260506-070809-1' is ambiguous: " + a + ", " + b);
        assertThatThrownBy(() -> store.load(" ")).isInstanceOf(BadInputException.class).hasMessage("run id is empty");
        assertThatThrownBy(() -> store.load("../etc")).isInstanceOf(BadInputException.class);
        assertThat(store.load("20260506-070809-12").id()).isEqualTo(b);
        assertThatThrownBy(() -> store.delete("nope")).isInstanceOf(BadInputException.class).hasMessageContaining("'nope'");
    }

    @Test
    void runningRunWhoseProcessIsGoneShowsAsInterruptedWithoutRewriting() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long deadPid = p.pid();
        RunStore store = new RunStore(tmp);
        RunHandle run = gallery(store, "crashed");
        run.update(r -> r.withStatus(RunStatus.running, null).withPid(deadPid));
        RunStore reader = new RunStore(tmp);
        assertThat(reader.load(run.id()).status()).as("its lock is held: the writer lives").isEqualTo(RunStatus.running);
        run.release(); // what the operating system does when the writing process dies

        assertThat(reader.load(run.id()).status()).isEqualTo(RunStatus.interrupted);
        assertThat(reader.list().get(0).record().orElseThrow().status()).isEqualTo(RunStatus.interrupted);
        JsonNode raw = Json.mapper().readTree(run.dir().resolve("run.json").toFile());
        assertThat(raw.get("status").asText()).isEqualTo("running");

        RunHandle resumed = reader.open(run.id()); // a dead owner does not block a resume
        resumed.setStatus(RunStatus.running, null);
        assertThat(reader.load(run.id()).status()).isEqualTo(RunStatus.running);
    }

    @Test
    void runOwnedByAnotherLiveProcessCannotBeOpenedOrDeleted() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            RunHandle run = gallery(new RunStore(tmp), "busy");
            run.update(r -> r.withStatus(RunStatus.running, null).withPid(sleeper.pid()));
            // A run of an older version has no lock file: its recorded process id decides.
            run.release();
            Files.delete(run.dir().resolve(".lock"));
            RunStore other = new RunStore(tmp);
            assertThat(other.load(run.id()).status()).isEqualTo(RunStatus.running);
            assertThatThrownBy(() -> other.open(run.id()))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining(run.id()).hasMessageContaining("process " + sleeper.pid());
            assertThatThrownBy(() -> other.delete(run.id())).isInstanceOf(BadInputException.class);
            assertThatThrownBy(() -> other.rename(run.id(), "mine"))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("process " + sleeper.pid());
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void runWithoutLockFileWhoseRecordedProcessIsGoneIsInterrupted() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        RunHandle run = gallery(new RunStore(tmp), "old");
        run.update(r -> r.withStatus(RunStatus.running, null).withPid(p.pid()));
        run.release();
        Files.delete(run.dir().resolve(".lock"));
        assertThat(new RunStore(tmp).load(run.id()).status()).isEqualTo(RunStatus.interrupted);
    }

    @Test
    void queuedRunWhoseProcessEndedBeforeItStartedIsInterrupted() {
        RunHandle run = gallery(new RunStore(tmp), "never started");
        assertThat(new RunStore(tmp).load(run.id()).status()).isEqualTo(RunStatus.queued);
        run.release();
        RunRecord seen = new RunStore(tmp).load(run.id());
        assertThat(seen.status()).isEqualTo(RunStatus.interrupted);
        assertThat(seen.message()).contains("before the run started");
    }

    @Test
    void aRunCannotBeStartedTwiceInOneProcess() {
        RunHandle run = gallery(new RunStore(tmp), "once");
        run.setStatus(RunStatus.running, null);
        assertThatThrownBy(() -> run.setStatus(RunStatus.running, null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("already running");
        RunStore second = new RunStore(tmp); // another store over the same folder, e.g. a second window
        RunHandle again = second.open(run.id());
        assertThatThrownBy(() -> again.setStatus(RunStatus.running, null))
                .isInstanceOf(BadInputException.class).hasMessageContaining(run.id());
        run.setStatus(RunStatus.cancelled, "stopped");
        again.setStatus(RunStatus.running, null); // the lock went with the terminal status
        assertThat(second.load(run.id()).status()).isEqualTo(RunStatus.running);
    }

    @Test
    void openReturnsTheSameHandleInOneStore() {
        RunStore store = new RunStore(tmp);
        RunHandle created = gallery(store, "x");
        assertThat(store.open(created.id())).isSameAs(created);
        assertThat(store.open(created.id().substring(0, 18))).isSameAs(created);
    }

    @Test
    void atomicWritesLeaveNoTempFilesBehind() throws IOException {
        RunHandle run = gallery(new RunStore(tmp), "x");
        for (int i = 0; i < 50; i++) {
            run.putMetrics(Map.of("step", (double) i));
        }
        try (Stream<Path> files = Files.list(run.dir())) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("run.json", "metrics.jsonl", "weights", "artifacts", ".lock");
        }
    }

    @Test
    void runJsonGetsTheUsualFilePermissionsSoSharedStoresStayReadable() throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        RunHandle run = gallery(new RunStore(tmp), "x");
        run.putMetrics(Map.of("a", 1.0));
        Path plain = Files.createFile(tmp.resolve("plain"));
        assertThat(Files.getPosixFilePermissions(run.dir().resolve("run.json")))
                .isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void rootIsCreatedLazilyAndMustBeAFolder() throws IOException {
        Path root = tmp.resolve("a/b/runs");
        RunStore store = new RunStore(root);
        assertThat(store.list()).isEmpty();
        assertThat(root).doesNotExist();
        gallery(store, "x");
        assertThat(root).isDirectory();

        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        RunStore bad = new RunStore(file);
        assertThatThrownBy(() -> gallery(bad, "x"))
                .isInstanceOf(BadInputException.class).hasMessageContaining(file.toString()).hasMessageContaining("not a folder");
        assertThatThrownBy(bad::list).isInstanceOf(BadInputException.class).hasMessageContaining(file.toString());
    }

    @Test
    void updateCannotChangeTheId() {
        RunHandle run = gallery(new RunStore(tmp), "x");
        assertThatThrownBy(() -> run.update(r -> new RunRecord(1, "other", r.name(), r.kind(), r.status(), r.arch(),
                r.macs(), r.params(), r.createdAt(), r.config(), r.provenance(), r.metrics(), r.message(), r.pid(),
                r.links(), r.deleted(), r.note()))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultRootIsUnderTheHomeFolderUnlessTheEnvironmentSaysOtherwise() {
        Path expected = System.getenv(RunStore.ENV) == null
                ? Path.of(System.getProperty("user.home"), ".cmpnas", "runs")
                : Path.of(System.getenv(RunStore.ENV));
        assertThat(RunStore.defaultRoot()).isEqualTo(expected);
    }

    @Test
    void provenanceCapturesTheEnvironment() {
        Provenance p = StoreFixtures.provenance();
        assertThat(p.appVersion()).isNotBlank();
        assertThat(p.javaVersion()).startsWith(String.valueOf(Runtime.version().feature()));
        assertThat(p.os()).contains(System.getProperty("os.name"));
        assertThat(p.host()).isEqualTo(Provenance.localHost()).isNotBlank();
        assertThat(p.startedAt()).isNotNull();
        assertThat(p.endedAt()).isNull();
        assertThat(p.withEndedAt(Instant.EPOCH).endedAt()).isEqualTo(Instant.EPOCH);
    }
}
