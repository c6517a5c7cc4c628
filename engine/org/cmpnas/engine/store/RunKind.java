package org.cmpnas.engine.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.cmpnas.engine.BadInputException;

/** What a run produced. Written in lower case in JSON because scripts match on these words (docs/cli.md). */
public enum RunKind {
    // Lower-case constants: the Java name is the JSON and command-line word, one spelling everywhere.
    gallery, query, supernet, search, imported;

    /** The JSON and command-line form, e.g. {@code gallery}. */
    @JsonValue
    public String wire() {
        return name();
    }

    /** Parses the wire form case-insensitively, for command-line options. */
    public static RunKind parse(String text) {
        for (RunKind k : values()) {
            if (k.wire().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return k;
            }
        }
        throw new BadInputException("unknown run kind '" + text + "' (expected one of "
                + Arrays.stream(values()).map(RunKind::wire).collect(Collectors.joining(", ")) + ")");
    }
}
