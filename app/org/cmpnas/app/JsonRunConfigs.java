package org.cmpnas.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.cmpnas.engine.catalogue.RunConfig;
import org.cmpnas.engine.nas.ExportConfig;
import org.cmpnas.engine.nas.SearchRunConfig;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.views.common.Fact;
import org.cmpnas.views.runs.RunConfigs;

/** Reads run configs with the engine's JSON mapper, for the views (which stay free of JSON). */
final class JsonRunConfigs implements RunConfigs {
    @Override
    public List<Fact> describe(RunRecord run) {
        List<Fact> facts = new ArrayList<>();
        flatten("", run.config(), facts);
        return facts;
    }

    @Override
    public Optional<RunConfig> repeatable(RunRecord run) {
        return RunConfig.of(run);
    }

    /** A search run's budgets as configured, e.g. [0.5M, 1M]; empty if its config cannot be read. */
    List<String> searchBudgets(RunRecord run) {
        return typed(run, SearchRunConfig.class).map(c -> List.of(c.budgets().split(",")).stream()
                .map(String::trim).filter(b -> !b.isEmpty()).toList()).orElse(List.of());
    }

    /** Reads one config of every kind, so the mapper builds its readers now (see AppContext). */
    void warmUp() {
        for (Object config : List.of(TrainConfig.defaults("resnet-q"), SupernetConfig.defaults("gallery"),
                SearchRunConfig.defaults("supernet", "1M"), ExportConfig.of("search", "1M", 0))) {
            read(Json.mapper().valueToTree(config), config.getClass());
        }
    }

    /** Whether a supernet run was trained in pair mode (its config says {@code "pair": true}). */
    Optional<SupernetConfig> supernetConfig(RunRecord run) {
        return typed(run, SupernetConfig.class);
    }

    /** The run's config if it is a {@code type}. */
    private static <T> Optional<T> typed(RunRecord run, Class<T> type) {
        return RunConfig.of(run).map(RunConfig::config).filter(type::isInstance).map(type::cast);
    }

    /** The reader the job forms use for a search's budgets. */
    Function<RunRecord, List<String>> searchBudgets() {
        return this::searchBudgets;
    }

    private static <T> Optional<T> read(JsonNode config, Class<T> type) {
        try {
            return Optional.of(Json.mapper().treeToValue(config, type));
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
