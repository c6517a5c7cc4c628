package org.cmpnas.engine.jobs;

/**
 * A unit of background work (training, evaluation, search). It runs on the thread that calls
 * {@link #run}, which owns every DJL object the job creates, reports through the listener and stops
 * at the next batch once the token is cancelled.
 */
public interface Job {

    /** A short human title, e.g. "train resnet-q". */
    String title();

    /** Does the work; returns the id of the run it produced. */
    String run(JobListener listener, CancellationToken token);

    /** The work itself, as a lambda. */
    @FunctionalInterface
    interface Work {
        String run(JobListener listener, CancellationToken token);
    }

    static Job of(String title, Work work) {
        return new Job() {
            @Override
            public String title() {
                return title;
            }

            @Override
            public String run(JobListener listener, CancellationToken token) {
                return work.run(listener, token);
            }
        };
    }
}
