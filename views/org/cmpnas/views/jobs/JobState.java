package org.cmpnas.views.jobs;

/** Where a job of this session stands. */
public enum JobState {
    QUEUED("queued"), RUNNING("running"), FINISHED("finished"), FAILED("failed"), CANCELLED("cancelled");

    private final String label;

    JobState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }

    /** Style class of its badge, shared with the run status badges: state-running, state-failed, ... */
    public String styleClass() {
        return "state-" + label;
    }
}
