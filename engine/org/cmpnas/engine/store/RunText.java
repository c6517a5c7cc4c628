package org.cmpnas.engine.store;

import java.util.Optional;

/**
 * What the user may write into a run's record: a name that lists and charts can show on one line,
 * and a free-text note. Shared by the store, which refuses anything else, and the forms, which say
 * why next to the field before anything is written.
 */
public final class RunText {
    public static final int MAX_NAME_LENGTH = 80;
    public static final int MAX_NOTE_LENGTH = 4000;

    private RunText() {
    }

    /** Why {@code name} cannot be a run's name (judged after trimming), or empty when it can. */
    public static Optional<String> nameProblem(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            return Optional.of("a name cannot be empty");
        }
        if (n.length() > MAX_NAME_LENGTH) {
            return Optional.of("at most " + MAX_NAME_LENGTH + " characters (this one has " + n.length() + ")");
        }
        if (n.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("a name is one line without tabs or control characters");
        }
        return Optional.empty();
    }

    /** Why {@code note} cannot be a run's note, or empty when it can (blank clears the note). */
    public static Optional<String> noteProblem(String note) {
        String n = note == null ? "" : note.strip();
        if (n.length() > MAX_NOTE_LENGTH) {
            return Optional.of("at most " + MAX_NOTE_LENGTH + " characters (this one has " + n.length() + ")");
        }
        return Optional.empty();
    }
}
