package org.cmpnas.views.common;

import org.cmpnas.engine.jobs.Job;

/**
 * The background engine as the views see it: jobs run one at a time, in the order submitted, on a
 * thread that owns the deep-learning objects. The window's implementation adapts each job to a
 * JavaFX task; {@link SameThreadJobRunner} serves tests.
 */
public interface JobRunner {

    JobControl submit(Job job, JobObserver observer);
}
