package org.cmpnas.engine.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Reads a run config that run.json holds as one flat object although the config is made of parts (a
 * schedule, the data, the loss): each part reads its own fields from the same object, unknown ones
 * ignored, so every flat shape earlier versions wrote keeps reading. The parts are written flat with
 * {@code @JsonUnwrapped}, which Jackson cannot yet read back into a record.
 */
public abstract class FlatConfigReader<T> extends JsonDeserializer<T> {

    @Override
    public final T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        return read(new Fields(context.readTree(parser), context));
    }

    protected abstract T read(Fields fields) throws IOException;

    /** The flat object: its parts and its own fields. */
    public record Fields(JsonNode node, DeserializationContext context) {

        /** A part: the record of {@code type} read from the fields it names. */
        public <P> P part(Class<P> type) throws IOException {
            return context.readTreeAsValue(node, type);
        }

        /** A text field, null when absent. */
        public String text(String name) {
            JsonNode value = node.get(name);
            return value == null || value.isNull() ? null : value.asText();
        }
    }
}
