package org.cmpnas.engine.repro;

import org.cmpnas.engine.jobs.JobListener;

/**
 * One progress display over many jobs: each step has a weight (its rough share of the wall time) and
 * its own progress is scaled into that share; the status names the step. Skipped steps leave the
 * total, so the printer's ETA, computed from the rate so far, stays meaningful.
 */
final class StepProgress implements JobListener {
    private static final long SCALE = 1000;
    private final JobListener out;
    private double totalWeight;
    private double doneWeight;
    private double weight;
    private String title = "";

    StepProgress(JobListener out, double totalWeight) {
        this.out = out;
        this.totalWeight = totalWeight;
    }

    void begin(String stepTitle, double stepWeight) {
        title = stepTitle;
        weight = stepWeight;
        report(0, "");
    }

    /** A step that needs no work (its run is reused): it leaves the total, so the ETA covers only what runs. */
    void skip(double stepWeight) {
        totalWeight -= stepWeight;
    }

    void end() {
        doneWeight += weight;
        weight = 0;
    }

    @Override
    public void progress(long done, long total, String status) {
        report(total > 0 ? Math.min(1.0, (double) done / total) : 0, status);
    }

    @Override
    public void metric(String name, double value, long step, int epoch) {
        out.metric(name, value, step, epoch);
    }

    @Override
    public void log(String line) {
        out.log(title + ": " + line);
    }

    private void report(double fraction, String status) {
        long done = Math.round(SCALE * (doneWeight + weight * fraction));
        out.progress(Math.min(done, (long) (SCALE * totalWeight)), Math.round(SCALE * totalWeight),
                status == null || status.isBlank() ? title : title + " · " + status);
    }
}
