package org.cmpnas.engine.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.cmpnas.engine.BadInputException;

/** Life cycle of a run. Lower case in JSON (docs/cli.md). */
public enum RunStatus {
    // Lower-case constants: the Java name is the JSON and command-line word, one spelling everywhere.
    queued, running, finished, failed, cancelled,
    /** Was running, but its process is gone (crash, kill, power loss); it may be resumed. */
    interrupted;

    /** The JSON and command-line form (the constant's name; explicit so a rename cannot change the format). */
    @JsonValue
    public String wire() {
        return name();
    }

    /** True once the run will not change by itself any more. */
    public boolean isTerminal() {
        return this != queued && this != running;
    }

    public static RunStatus parse(String text) {
        for (RunStatus s : values()) {
            if (s.wire().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return s;
            }
        }
        throw new BadInputException("unknown run status '" + text + "' (expected one of "
                + Arrays.stream(values()).map(RunStatus::wire).collect(Collectors.joining(", ")) + ")");
    }
}
