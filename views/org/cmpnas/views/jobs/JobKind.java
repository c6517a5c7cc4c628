package org.cmpnas.views.jobs;

import java.util.Locale;
import org.cmpnas.engine.catalogue.RunConfig;

/** What a job does, which decides what its detail shows and what a cancellation keeps. */
public enum JobKind {
    TRAINING, SUPERNET, SEARCH, EXPORT, IMPORT, EVALUATION;

    /** The kind of job that makes (or continues) a run of {@code config}: named as its config's type marker. */
    public static JobKind of(RunConfig config) {
        return valueOf(config.config().type().toUpperCase(Locale.ROOT));
    }

    /** Whether it runs in epochs (a progress bar over them, loss and accuracy curves). */
    public boolean hasCurves() {
        return this == TRAINING || this == SUPERNET || this == EXPORT;
    }
}
