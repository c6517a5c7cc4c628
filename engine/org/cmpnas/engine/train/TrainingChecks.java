package org.cmpnas.engine.train;

import static org.cmpnas.engine.BadInputException.require;

import org.cmpnas.engine.FieldProblem;

/**
 * The checks every config that trains makes of its schedule (training, supernets, an export's
 * fine-tuning), with the command line's messages: one rule and one wording for each option.
 */
public final class TrainingChecks {
    private TrainingChecks() {
    }

    /** {@code option} ("epochs", "finetune-epochs") between {@code min} and 10,000. */
    public static void epochs(String option, int epochs, int min) {
        require(epochs >= min && epochs <= 10_000, () -> FieldProblem.of(option, "must be between " + min + " and 10000", epochs));
    }

    public static void batch(int batch) {
        require(batch >= 2 && batch <= 4096, () -> FieldProblem.of("batch", "must be between 2 and 4096", batch));
    }

    public static void lr(double lr) {
        require(lr > 0 && lr <= 10 && Double.isFinite(lr), () -> FieldProblem.of("lr", "must be a positive number up to 10", lr));
    }

    /** Momentum and weight decay of the optimiser (momentum has no option: it is always the default). */
    public static void optimiser(double momentum, double weightDecay) {
        require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        require(weightDecay >= 0 && weightDecay < 1, () -> FieldProblem.of("weight-decay", "must be in [0, 1)", weightDecay));
    }

    public static void padCrop(int padCrop) {
        require(padCrop >= 0 && padCrop <= 8, () -> FieldProblem.of("pad-crop", "must be between 0 and 8 pixels", padCrop));
    }
}
