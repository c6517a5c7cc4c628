package org.cmpnas.engine;

import java.util.function.Supplier;

/**
 * A problem with what the user gave us (a file, an option, a run id), as opposed to a bug.
 * The message is one line that names the input and says what is wrong; the CLI prints it
 * without a stack trace and the window shows it next to the field.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A check of the user's input: {@code problem} is thrown unless {@code ok}. */
    public static void require(boolean ok, Supplier<? extends BadInputException> problem) {
        if (!ok) {
            throw problem.get();
        }
    }

    /** As {@link #require(boolean, Supplier)}, for a problem that is no single option's. */
    public static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }
}
