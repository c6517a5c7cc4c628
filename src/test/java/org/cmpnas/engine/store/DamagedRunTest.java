package org.cmpnas.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cmpnas.engine.store.StoreFixtures.gallery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.cmpnas.engine.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One broken run must never stop the others from listing, and broken metric lines are skipped. */
class DamagedRunTest {
    @TempDir
    Path tmp;

    @Test
    void damagedRunIsListedNotFatal() throws IOException {
        RunStore store = new RunStore(tmp);
        RunHandle good = gallery(store, "good");
        damage("20250101-000000-0001", new byte[] {(byte) 0xff, 0x00, 0x13, '{', (byte) 0x80});
        damage("20250101-000000-0002", new byte[0]);
        Files.createDirectories(tmp.resolve("20250101-000000-0003")); // run.json missing
        // Made long ago: a folder made in the last seconds may be a run being created and is not listed.
        Files.setLastModifiedTime(tmp.resolve("20250101-000000-0003"), java.nio.file.attribute.FileTime.fromMillis(0));
        damage("20250101-000000-0004", withField(good, "schemaVersion", 99));
        damage("20250101-000000-0005", withoutField(good, "schemaVersion"));
        damage("20250101-000000-0006", withoutField(good, "kind"));
        damage("20250101-000000-0007", withField(good, "status", "paused"));
        damage("20250101-000000-0008", "[1, 2]".getBytes(StandardCharsets.UTF_8));
        damage("20250101-000000-0009", "{\"schemaVersion\": 1, \"kind\": \"gal".getBytes(StandardCharsets.UTF_8));
        Files.writeString(tmp.resolve("stray-file.txt"), "not a run");
        Files.createDirectories(tmp.resolve(".hidden"));

        Map<String, RunListing> byId = store.list().stream()
                .collect(Collectors.toMap(RunListing::id, Function.identity()));
        assertThat(byId).hasSize(10);
        assertThat(byId.get(good.id()).isDamaged()).isFalse();
        assertThat(store.list().get(0).id()).as("newest first, damaged ones sorted by id time").isEqualTo(good.id());
        assertThat(problem(byId, "0001")).startsWith("run.json is not valid JSON");
        assertThat(problem(byId, "0002")).isEqualTo("run.json is empty");
        assertThat(problem(byId, "0003")).isEqualTo("run.json is missing");
        assertThat(problem(byId, "0004")).contains("schemaVersion 99");
        assertThat(problem(byId, "0005")).isEqualTo("run.json has no schemaVersion");
        assertThat(problem(byId, "0006")).isEqualTo("run.json: 'kind' is missing");
        assertThat(problem(byId, "0007")).contains("'paused'").contains("status");
        assertThat(problem(byId, "0008")).isEqualTo("run.json is not a JSON object");
        assertThat(problem(byId, "0009")).startsWith("run.json is not valid JSON");
        assertThat(byId.values()).filteredOn(RunListing::isDamaged)
                .allSatisfy(l -> assertThat(l.problem()).doesNotContain("\n").hasSizeLessThan(120));

        assertThatThrownBy(() -> store.load("20250101-000000-0001"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("20250101-000000-0001").hasMessageContaining("damaged");
    }

    @Test
    void damagedRunCanBeDeletedAndRestored() throws IOException {
        RunStore store = new RunStore(tmp);
        damage("20250101-000000-0001", "garbage".getBytes(StandardCharsets.UTF_8));
        store.delete("20250101-000000-0001");
        assertThat(store.list()).isEmpty();
        assertThat(tmp.resolve(".trash/20250101-000000-0001/run.json")).exists();
        store.restore("20250101-000000-0001");
        assertThat(store.list()).singleElement().satisfies(l -> assertThat(l.isDamaged()).isTrue());
    }

    @Test
    void unknownFieldsInRunJsonAreIgnored() throws IOException {
        RunStore store = new RunStore(tmp);
        RunHandle run = gallery(store, "future");
        ObjectNode json = (ObjectNode) Json.mapper().readTree(run.dir().resolve("run.json").toFile());
        json.put("addedInVersion7", "whatever");
        json.putObject("gpu").put("name", "A100");
        ((ObjectNode) json.get("provenance")).put("cudaVersion", "12.4");
        Files.write(run.dir().resolve("run.json"), Json.mapper().writeValueAsBytes(json));

        RunRecord loaded = store.load(run.id());
        assertThat(loaded.name()).isEqualTo("future");
        assertThat(loaded.provenance().djlVersion()).isEqualTo("0.36.0");
    }

    @Test
    void tornLastLineAndInvalidLinesOfMetricsAreSkipped() throws IOException {
        RunStore store = new RunStore(tmp);
        RunHandle run = gallery(store, "x");
        run.appendMetric("loss", 1.0, 1, 1);
        append(run, "this is not json\n");
        append(run, "{\"schemaVersion\":1,\"name\":\"loss\",\"step\":2}\n"); // no value
        append(run, "{\"schemaVersion\":1,\"name\":\"loss\",\"value\":\"abc\",\"step\":2}\n");
        append(run, "\n");
        append(run, "{\"schemaVersion\":3,\"name\":\"loss\",\"value\":0.5,\"step\":3,\"epoch\":1,\"device\":\"gpu\"}\n");
        append(run, "{\"schemaVersion\":1,\"name\":\"lo"); // torn by a crash
        assertThat(store.metrics(run.id())).extracting(MetricEvent::value).containsExactly(1.0, 0.5);
        assertThat(store.metrics(run.id()).get(1).step()).isEqualTo(3);

        run.appendMetric("loss", 0.25, 4, 2); // must not glue onto the torn line
        assertThat(store.metrics(run.id())).extracting(MetricEvent::value).containsExactly(1.0, 0.5, 0.25);
    }

    @Test
    void metricsLineCutInsideAMultiByteCharacterIsSkipped() throws IOException {
        RunStore store = new RunStore(tmp);
        RunHandle run = gallery(store, "x");
        run.appendMetric("loss", 1.0, 1, 1);
        byte[] utf8 = "{\"name\":\"Δloss\"".getBytes(StandardCharsets.UTF_8);
        Files.write(run.metricsFile(), java.util.Arrays.copyOf(utf8, 10), StandardOpenOption.APPEND);
        assertThat(store.metrics(run.id())).hasSize(1);
    }

    @Test
    void missingMetricsFileReadsAsNoEvents() throws IOException {
        RunStore store = new RunStore(tmp);
        RunHandle run = gallery(store, "x");
        Files.delete(run.metricsFile());
        assertThat(store.metrics(run.id())).isEmpty();
    }

    private static String problem(Map<String, RunListing> byId, String suffix) {
        RunListing l = byId.get("20250101-000000-" + suffix);
        assertThat(l.isDamaged()).as(suffix).isTrue();
        return l.problem();
    }

    private void damage(String id, byte[] runJson) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(id));
        Files.write(dir.resolve("run.json"), runJson);
    }

    private static byte[] withField(RunHandle good, String field, Object value) throws IOException {
        ObjectNode json = (ObjectNode) Json.mapper().readTree(good.dir().resolve("run.json").toFile());
        json.set(field, Json.mapper().valueToTree(value));
        return Json.mapper().writeValueAsBytes(json);
    }

    private static byte[] withoutField(RunHandle good, String field) throws IOException {
        ObjectNode json = (ObjectNode) Json.mapper().readTree(good.dir().resolve("run.json").toFile());
        json.remove(field);
        return Json.mapper().writeValueAsBytes(json);
    }

    private static void append(RunHandle run, String text) throws IOException {
        Files.writeString(run.metricsFile(), text, StandardOpenOption.APPEND);
    }
}
