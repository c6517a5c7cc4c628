package org.cmpnas.engine.jobs;

/**
 * A structured event a job reports for views that draw more than numbers, e.g. a search generation
 * with its whole population. The command line ignores them; the window hands them to the job's view.
 */
public interface JobEvent {
}
