package org.cmpnas.engine.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;
import org.cmpnas.engine.BadInputException;

/**
 * A file of the store or of a run could not be written: the disk is full, the store is read-only,
 * a permission is missing. The message names the path and the reason in one line; it is a problem of
 * the place the user chose, not a bug, so the command line treats it like other bad input.
 */
public final class StoreWriteException extends BadInputException {
    public StoreWriteException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "cannot write PATH: no space left on device" and the like. */
    public static StoreWriteException of(Path path, IOException e) {
        return new StoreWriteException("cannot write " + path + ": " + reason(e), e);
    }

    /** "cannot write WHAT into DIR: read-only file system" and the like. */
    public static StoreWriteException of(String what, Path dir, IOException e) {
        return new StoreWriteException("cannot write " + what + " into " + dir + ": " + reason(e), e);
    }

    /** The operating system's reason, without the path Java repeats in front of it. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        if (reason == null || reason.isBlank()) {
            return e.getClass().getSimpleName();
        }
        reason = reason.lines().findFirst().orElse(reason).strip();
        int colon = reason.lastIndexOf(": ");
        if (colon >= 0 && reason.substring(0, colon).contains("/")) {
            reason = reason.substring(colon + 2); // "/path/file: No space left on device"
        }
        return reason.isEmpty() ? reason : reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
    }
}
