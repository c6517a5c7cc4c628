package org.cmpnas.views.common;

import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.jobs.CancellationToken;

/** Turns the way a job ended into words for the user; shared by every runner so they agree. */
public final class JobOutcomes {
    /** A job cancelled while it still waited in the queue. */
    public static final String CANCELLED_BEFORE_START = "cancelled before it started; nothing was run";
    /** A running job stopped at the user's request. */
    public static final String CANCELLED_WHILE_RUNNING = "cancelled; the checkpoint of the last finished epoch is kept";

    private JobOutcomes() {
    }

    public static boolean isCancellation(Throwable t) {
        return t instanceof CancellationToken.CancelledException;
    }

    /** One line: the message of a user error as is, the kind of failure otherwise. */
    public static String describeFailure(Throwable t) {
        if (t instanceof BadInputException) {
            return t.getMessage();
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? "internal error: " + root.getClass().getSimpleName()
                : message;
    }
}
