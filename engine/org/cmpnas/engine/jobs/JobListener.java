package org.cmpnas.engine.jobs;

/**
 * What a running job reports. Jobs know nothing of JavaFX or terminals: the CLI prints these
 * events and the window adapts them to a {@code javafx.concurrent.Task}.
 */
public interface JobListener {

    JobListener NONE = new JobListener() {
    };

    /** {@code done} of {@code total} units of work (steps, subnets); {@code status} is a short phrase. */
    default void progress(long done, long total, String status) {
    }

    /** A named value at a step, e.g. "train.loss" or "val.top1". */
    default void metric(String name, double value, long step, int epoch) {
    }

    default void log(String line) {
    }

    /** A structured event (see {@link JobEvent}); most listeners ignore it. */
    default void event(JobEvent event) {
    }
}
