package org.cmpnas.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.views.common.Fact;
import org.cmpnas.views.runs.RunConfigs;

/** Reads run configs with the engine's JSON mapper, for the views (which stay free of JSON). */
final class JsonRunConfigs implements RunConfigs {
    // Present in every training config; a config without them is something else (search, import).
    private static final List<String> TRAINING_FIELDS = List.of("arch", "epochs", "batch", "lr");

    @Override
    public List<Fact> describe(RunRecord run) {
        List<Fact> facts = new ArrayList<>();
        flatten("", run.config(), facts);
        return facts;
    }

    @Override
    public Optional<TrainConfig> trainConfig(RunRecord run) {
        JsonNode config = run.config();
        if (run.kind() != RunKind.gallery && run.kind() != RunKind.query) {
            return Optional.empty();
        }
        if (!TRAINING_FIELDS.stream().allMatch(config::hasNonNull)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().treeToValue(config, TrainConfig.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void flatten(String prefix, JsonNode node, List<Fact> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.add(new Fact(prefix.isEmpty() ? "value" : prefix, node.isTextual() ? node.asText() : node.toString()));
        }
    }
}
