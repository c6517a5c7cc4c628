package org.cmpnas.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The on-disk layout of one run folder and tolerant reading of its files. */
final class RunFiles {
    static final String RECORD = "run.json";
    static final String METRICS = "metrics.jsonl";
    static final String WEIGHTS = "weights";
    static final String ARTIFACTS = "artifacts";

    private RunFiles() {
    }

    /**
     * Reads {@code dir/run.json} as stored (no status reconciliation). Any problem becomes a
     * damaged listing with a short reason, never an exception: one broken run must not hide the rest.
     */
    static RunListing read(Path dir) {
        String id = dir.getFileName().toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(RECORD));
        } catch (NoSuchFileException e) {
            return RunListing.damaged(id, "run.json is missing");
        } catch (AccessDeniedException e) {
            return RunListing.damaged(id, "run.json is not readable (permission denied)");
        } catch (IOException e) {
            return RunListing.damaged(id, "run.json cannot be read: " + e.getMessage());
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return RunListing.damaged(id, "run.json is empty");
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            int line = e instanceof JsonProcessingException p && p.getLocation() != null ? p.getLocation().getLineNr() : -1;
            return RunListing.damaged(id, "run.json is not valid JSON" + (line > 0 ? " (line " + line + ")" : ""));
        }
        if (!(tree instanceof ObjectNode obj)) {
            return RunListing.damaged(id, "run.json is not a JSON object");
        }
        JsonNode version = obj.get("schemaVersion");
        if (version == null || !version.isIntegralNumber()) {
            return RunListing.damaged(id, "run.json has no schemaVersion");
        }
        if (version.asInt() < 1 || version.asInt() > RunRecord.SCHEMA_VERSION) {
            return RunListing.damaged(id, "run.json has schemaVersion " + version.asText()
                    + "; this version of the app reads 1 to " + RunRecord.SCHEMA_VERSION);
        }
        obj.put("id", id); // the folder name is the id, so a copied or renamed folder stays consistent
        try {
            return RunListing.ok(Json.mapper().treeToValue(obj, RunRecord.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return RunListing.damaged(id, "run.json: " + Json.describe(e));
        }
    }

    /** All readable events; blank, torn or invalid lines are skipped silently (a crash can cut the last one). */
    static List<MetricEvent> readMetrics(Path file) {
        List<MetricEvent> events = new ArrayList<>();
        // InputStreamReader replaces bad UTF-8 (a line cut inside a character) instead of throwing.
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                parseMetric(line).ifPresent(events::add);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return events;
    }

    static Optional<MetricEvent> parseMetric(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.mapper().readTree(line);
            JsonNode value = n.path("value");
            if (!n.isObject() || !n.path("name").isTextual() || value.isMissingNode() || value.isNull()) {
                return Optional.empty();
            }
            return Optional.of(Json.mapper().treeToValue(n, MetricEvent.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Appends one line with a single write in append mode, so concurrent readers see whole lines. */
    static void appendLine(Path file, String line, boolean startNewLine) throws IOException {
        byte[] bytes = ((startNewLine ? "\n" : "") + line + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    /** True when the file ends inside a line (a torn write); appending must then start a new line. */
    static boolean endsMidLine(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            return last.get(0) != '\n';
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
