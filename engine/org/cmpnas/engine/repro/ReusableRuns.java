package org.cmpnas.engine.repro;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;

/**
 * Finds a run of the store that already is a given experiment, so a reproduction that was interrupted
 * (or repeated) reuses it instead of training again. A run matches when it has the kind and every
 * setting the planned config gives: fields the plan leaves unset are filled by the job when it runs
 * (the subnet a search found, the dataset of the gallery), and the run's name does not matter.
 */
final class ReusableRuns {
    private final RunStore store;

    ReusableRuns(RunStore store) {
        this.store = store;
    }

    /** The newest finished run of {@code kind} that recorded every setting of {@code plannedConfig}. */
    Optional<RunRecord> finished(RunKind kind, Object plannedConfig) {
        return matching(kind, plannedConfig, RunStatus.finished);
    }

    /** The newest run of {@code kind} with {@code plannedConfig} that was interrupted or cancelled, to resume (a failed one would fail again). */
    Optional<RunRecord> unfinished(RunKind kind, Object plannedConfig) {
        return store.list().stream()
                .flatMap(l -> l.record().stream())
                .filter(r -> r.kind() == kind && (r.status() == RunStatus.interrupted || r.status() == RunStatus.cancelled)
                        && sameExperiment(plannedConfig, r.config()))
                .findFirst();
    }

    private Optional<RunRecord> matching(RunKind kind, Object plannedConfig, RunStatus status) {
        return store.list().stream()
                .map(RunListing::record)
                .flatMap(Optional::stream)
                .filter(r -> r.kind() == kind && r.status() == status && sameExperiment(plannedConfig, r.config()))
                .findFirst();
    }

    static boolean sameExperiment(Object plannedConfig, JsonNode recorded) {
        if (recorded == null || !recorded.isObject()) {
            return false;
        }
        JsonNode planned = Json.mapper().valueToTree(plannedConfig);
        if (!(plannedConfig instanceof JsonNode)) {
            recorded = normalised(recorded, plannedConfig.getClass());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = planned.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("name") || field.getValue().isNull()) {
                continue;
            }
            if (!sameValue(field.getValue(), recorded.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** A record read back through its config type, so settings an older version did not write read as their defaults. */
    private static JsonNode normalised(JsonNode recorded, Class<?> type) {
        try {
            return Json.mapper().valueToTree(Json.mapper().treeToValue(recorded, type));
        } catch (IOException | IllegalArgumentException e) {
            return recorded; // not a config of this type: compared as written, it will not match
        }
    }

    /** Numbers compare by value (a recorded 1 and a planned 1.0 are the same setting); objects field by field. */
    private static boolean sameValue(JsonNode planned, JsonNode recorded) {
        if (recorded == null) {
            return false;
        }
        if (planned.isNumber() && recorded.isNumber()) {
            return planned.decimalValue().compareTo(recorded.decimalValue()) == 0;
        }
        if (planned.isObject()) {
            return sameExperiment(planned, recorded);
        }
        return planned.equals(recorded);
    }
}
