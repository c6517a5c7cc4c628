package org.cmpnas.engine.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * One measured value, one line of {@code metrics.jsonl}. Each line carries its own schemaVersion so
 * the file stays readable line by line even if the format grows; readers ignore unknown fields.
 */
@JsonPropertyOrder({"schemaVersion", "name", "value", "step", "epoch", "time"})
public record MetricEvent(String name, double value, long step, int epoch, Instant time) {
    public static final int SCHEMA_VERSION = 1;

    public MetricEvent {
        Objects.requireNonNull(name, "name");
    }

    /** An event stamped now. */
    public static MetricEvent of(String name, double value, long step, int epoch) {
        return new MetricEvent(name, value, step, epoch, Instant.now());
    }

    /** Written with every line; not a component, so reading ignores it like any unknown field. */
    @JsonProperty("schemaVersion")
    int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
