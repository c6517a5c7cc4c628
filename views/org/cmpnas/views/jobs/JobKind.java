package org.cmpnas.views.jobs;

/** What a job does, which decides what its detail shows and what a cancellation keeps. */
public enum JobKind {
    TRAINING, SUPERNET, SEARCH, EXPORT, IMPORT, EVALUATION;

    /** Whether it runs in epochs (a progress bar over them, loss and accuracy curves). */
    public boolean hasCurves() {
        return this == TRAINING || this == SUPERNET || this == EXPORT;
    }
}
