package org.cmpnas.app.cli;

import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.RunStore;

/** How a command runs one engine job: progress on stderr, Ctrl-C cancels, then the run id or record. */
final class JobCommands {
    private JobCommands() {
    }

    /** Starts a job against the store and returns the id of the run it produced. */
    interface Start {
        String run(RunStore store, JobListener listener, CancellationToken token);
    }

    /** Runs a job on this thread, its progress on stderr, Ctrl-C cancelling it; returns what the job returns. */
    static String execute(GlobalOptions global, Job job) {
        CancellationToken token = new CancellationToken();
        ProgressPrinter progress = new ProgressPrinter(System.err, global.showProgress());
        return CancelOnInterrupt.run(token, () -> job.run(progress, token));
    }

    /** Runs the job; prints its run's record with --json, else its id as the last line of stdout. */
    static int run(GlobalOptions global, Start start) {
        RunStore store = global.store();
        CancellationToken token = new CancellationToken();
        ProgressPrinter progress = new ProgressPrinter(System.err, global.showProgress());
        String runId = CancelOnInterrupt.run(token, () -> start.run(store, progress, token));
        if (global.json) {
            Output.json(store.load(runId));
        } else {
            System.out.println(runId);
        }
        return 0;
    }
}
