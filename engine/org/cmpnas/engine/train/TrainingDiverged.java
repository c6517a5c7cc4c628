package org.cmpnas.engine.train;

import org.cmpnas.engine.jobs.JobFailedException;

/**
 * The loss of a step is no longer a finite number (NaN or infinite): training stops there, before
 * the step updates any weight, so the checkpoint of the last finished epoch is the last good state.
 */
public final class TrainingDiverged extends JobFailedException {
    private final float loss;
    private final long step;

    private TrainingDiverged(String message, float loss, long step) {
        super(message);
        this.loss = loss;
        this.step = step;
    }

    /**
     * Throws when {@code loss} is NaN or infinite.
     *
     * @param what "training", "supernet training", "fine-tuning", possibly naming the subnet
     */
    public static void check(float loss, String what, int epoch, long step, double lr) {
        if (!Float.isFinite(loss)) {
            throw new TrainingDiverged(String.format(java.util.Locale.ROOT,
                    "%s diverged at epoch %d, step %d: the loss is %s; try a smaller learning rate than %s (--lr)",
                    what, epoch, step, loss, lr), loss, step);
        }
    }

    public float loss() {
        return loss;
    }

    public long step() {
        return step;
    }
}
