package org.cmpnas.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import org.cmpnas.engine.store.Json;

/** Writes results to stdout. */
final class Output {
    private Output() {
    }

    static void json(Object value) {
        try {
            System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
