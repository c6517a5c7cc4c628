package org.cmpnas.engine.train;

import static org.cmpnas.engine.BadInputException.require;

import org.cmpnas.engine.FieldProblem;
import org.cmpnas.engine.data.Seeds;

/**
 * How a model is optimised: epochs of SGD with Nesterov momentum on a cosine schedule peaking at {@code lr},
 * batches of {@code batch} images, seeded by {@code seed}. One part of every config that trains (training,
 * supernets, an export's fine-tuning), with one rule and one message for each option.
 */
public record Schedule(int epochs, int batch, double lr, double momentum, double weightDecay, long seed) {

    /** The protocol's schedule of a model trained from scratch (docs/protocol.md). */
    public static final Schedule DEFAULT = new Schedule(8, 64, 0.05, 0.9, 5e-4, 1);

    public Schedule withEpochs(int value) {
        return new Schedule(value, batch, lr, momentum, weightDecay, seed);
    }

    public Schedule withBatch(int value) {
        return new Schedule(epochs, value, lr, momentum, weightDecay, seed);
    }

    public Schedule withLr(double value) {
        return new Schedule(epochs, batch, value, momentum, weightDecay, seed);
    }

    public Schedule withSeed(long value) {
        return new Schedule(epochs, batch, lr, momentum, weightDecay, value);
    }

    /** The seed of epoch {@code epoch}: batch order and augmentation follow it, so a resumed run repeats the uninterrupted one. */
    public long epochSeed(int epoch) {
        return Seeds.of(seed, epoch);
    }

    /**
     * Checks every value and names the option that is wrong; returns this for chaining.
     *
     * @param epochsOption the option that sets the epochs ({@code epochs}, {@code finetune-epochs})
     * @param minEpochs    the fewest epochs allowed (0 where training is optional)
     */
    public Schedule validated(String epochsOption, int minEpochs) {
        require(epochs >= minEpochs && epochs <= 10_000,
                () -> FieldProblem.of(epochsOption, "must be between " + minEpochs + " and 10000", epochs));
        require(batch >= 2 && batch <= 4096, () -> FieldProblem.of("batch", "must be between 2 and 4096", batch));
        require(lr > 0 && lr <= 10 && Double.isFinite(lr), () -> FieldProblem.of("lr", "must be a positive number up to 10", lr));
        // momentum has no option: it is always the default
        require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        require(weightDecay >= 0 && weightDecay < 1, () -> FieldProblem.of("weight-decay", "must be in [0, 1)", weightDecay));
        return this;
    }
}
