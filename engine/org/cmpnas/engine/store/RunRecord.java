package org.cmpnas.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cmpnas.engine.data.FashionMnist;
import org.cmpnas.engine.data.ImageOptions;
import org.cmpnas.engine.BadInputException;

/**
 * The content of {@code run.json}: what a run is, how it was configured, where it stands and its
 * latest summary metrics. Immutable (maps and config are copied), so a handle can hand it to the
 * UI thread while the engine thread writes the next version.
 *
 * <p>{@code config} is plain JSON because the store is generic: callers convert their typed config
 * records with {@code Json.mapper().valueToTree(..)} / {@code treeToValue(..)}.
 * Nullable: {@code provenance}, {@code message} (why it failed or was cancelled), {@code pid},
 * {@code note} (the user's free text; absent from files written before it existed, which read as null).
 */
public record RunRecord(
        int schemaVersion,
        String id,
        String name,
        RunKind kind,
        RunStatus status,
        String arch,
        long macs,
        long params,
        Instant createdAt,
        JsonNode config,
        Provenance provenance,
        Map<String, Double> metrics,
        String message,
        Long pid,
        Map<String, String> links,
        boolean deleted,
        String note) {

    /** The run.json format this code writes; readers accept 1..SCHEMA_VERSION. */
    public static final int SCHEMA_VERSION = 1;

    // The messages end up in the "damaged" text of a listing, hence the short field names.
    public RunRecord {
        require(id, "id");
        require(kind, "kind");
        require(status, "status");
        require(createdAt, "createdAt");
        name = name == null || name.isBlank() ? id : name;
        arch = arch == null ? "" : arch;
        config = normalized(config);
        metrics = orderedCopy(metrics);
        links = orderedCopy(links);
        note = note == null || note.isBlank() ? null : note.strip();
    }

    /** A fresh queued run in the current schema. */
    public static RunRecord newRun(String id, String name, RunKind kind, String arch, long macs, long params,
                                   Instant createdAt, JsonNode config, Provenance provenance) {
        return new RunRecord(SCHEMA_VERSION, id, name, kind, RunStatus.queued, arch, macs, params, createdAt,
                config, provenance, Map.of(), null, null, Map.of(), false, null);
    }

    /** A copy, so callers cannot change the record (JsonNode is mutable). */
    @Override
    public JsonNode config() {
        return config.deepCopy();
    }

    /** The config read as {@code type}; one this version cannot read is a clear error naming the run. */
    public <T> T configAs(Class<T> type) {
        try {
            return Json.mapper().treeToValue(config, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(kind + " run " + id + " has a config this version cannot read: " + Json.describe(e), e);
        }
    }

    /**
     * What the run's model is for, in a word, where {@code kind} (a contract of the CLI) says too little: an
     * independently trained model is kind {@code gallery} and a compatibility-trained one {@code query}, whatever
     * they will be used as. {@code independent}, {@code compatible}, {@code joint}, {@code searched} (an export),
     * {@code pair gallery} (a pair-mode export's gallery subnet), {@code imported}; else the kind itself.
     */
    public String role() {
        boolean exported = config.hasNonNull("search");
        boolean joint = "joint".equals(config.path("loss").asText(""));
        return switch (kind) {
            case gallery -> exported ? "pair gallery" : joint ? "joint" : "independent";
            case query -> exported ? "searched" : joint ? "joint" : "compatible";
            case imported -> "imported";
            default -> kind.wire();
        };
    }

    /** The dataset the run's model was trained on: its config's {@code data}, Fashion-MNIST when it names none. */
    public String data() {
        return config.path("data").asText(FashionMnist.NAME);
    }

    /**
     * How the run read an image folder (its config's {@code images}); null for runs recorded before colour
     * and image size, which read folders as {@link org.cmpnas.engine.data.ImageFolderOptions#legacy} does.
     */
    public ImageOptions images() {
        JsonNode images = config.path("images");
        return images.isObject() ? configPart(images, ImageOptions.class) : null;
    }

    private <T> T configPart(JsonNode part, Class<T> type) {
        try {
            return Json.mapper().treeToValue(part, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(kind + " run " + id + " has a config this version cannot read: " + Json.describe(e), e);
        }
    }

    public RunRecord withName(String n) {
        return new RunRecord(schemaVersion, id, n, kind, status, arch, macs, params, createdAt, config, provenance,
                metrics, message, pid, links, deleted, note);
    }

    /** The user's note; blank clears it. */
    public RunRecord withNote(String n) {
        return new RunRecord(schemaVersion, id, name, kind, status, arch, macs, params, createdAt, config, provenance,
                metrics, message, pid, links, deleted, n);
    }

    public RunRecord withStatus(RunStatus s, String msg) {
        return new RunRecord(schemaVersion, id, name, kind, s, arch, macs, params, createdAt, config, provenance,
                metrics, msg, pid, links, deleted, note);
    }

    public RunRecord withPid(Long p) {
        return new RunRecord(schemaVersion, id, name, kind, status, arch, macs, params, createdAt, config, provenance,
                metrics, message, p, links, deleted, note);
    }

    /** Architecture and its cost, e.g. when a search run is exported to a query model. */
    public RunRecord withModel(String a, long m, long p) {
        return new RunRecord(schemaVersion, id, name, kind, status, a, m, p, createdAt, config, provenance,
                metrics, message, pid, links, deleted, note);
    }

    public RunRecord withConfig(JsonNode c) {
        return new RunRecord(schemaVersion, id, name, kind, status, arch, macs, params, createdAt, c, provenance,
                metrics, message, pid, links, deleted, note);
    }

    public RunRecord withProvenance(Provenance p) {
        return new RunRecord(schemaVersion, id, name, kind, status, arch, macs, params, createdAt, config, p,
                metrics, message, pid, links, deleted, note);
    }

    /** Replaces all summary metrics. */
    public RunRecord withMetrics(Map<String, Double> m) {
        return new RunRecord(schemaVersion, id, name, kind, status, arch, macs, params, createdAt, config, provenance,
                m, message, pid, links, deleted, note);
    }

    /** Merges into the summary metrics: existing names keep their position, new names go last. */
    public RunRecord withMergedMetrics(Map<String, Double> more) {
        Map<String, Double> merged = new LinkedHashMap<>(metrics);
        merged.putAll(more);
        return withMetrics(merged);
    }

    public RunRecord withLinks(Map<String, String> l) {
        return new RunRecord(schemaVersion, id, name, kind, status, arch, macs, params, createdAt, config, provenance,
                metrics, message, pid, l, deleted, note);
    }

    /** Adds or replaces one link, e.g. {@code withLink("gallery", galleryRunId)}. */
    public RunRecord withLink(String role, String runId) {
        Map<String, String> l = new LinkedHashMap<>(links);
        l.put(role, runId);
        return withLinks(l);
    }

    public RunRecord withDeleted(boolean d) {
        return new RunRecord(schemaVersion, id, name, kind, status, arch, macs, params, createdAt, config, provenance,
                metrics, message, pid, links, d, note);
    }

    /**
     * A private copy in the form it will have after a trip through run.json (a long 42 reads back as
     * an int node), so that the record a handle holds equals the record loaded from disk.
     */
    private static JsonNode normalized(JsonNode config) {
        if (config == null || config.isNull() || config.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return Json.mapper().readTree(Json.mapper().writeValueAsBytes(config));
        } catch (IOException e) {
            throw new IllegalArgumentException("config cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
    }

    // Insertion order matters (the UI shows metrics in the order they were first reported); nulls dropped.
    private static <V> Map<String, V> orderedCopy(Map<String, V> m) {
        Map<String, V> copy = new LinkedHashMap<>();
        if (m != null) {
            m.forEach((k, v) -> {
                if (k != null && v != null) {
                    copy.put(k, v);
                }
            });
        }
        return Collections.unmodifiableMap(copy);
    }
}
