package org.cmpnas.engine;

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
}
