package org.cmpnas.app.cli;

import org.cmpnas.engine.train.Schedule;
import picocli.CommandLine.Option;

/**
 * The optimiser options of every command that trains (train, supernet, an export's fine-tuning), each
 * command's defaults being its engine config's schedule. The epochs are the command's own option.
 */
final class ScheduleOptions {
    private final Schedule defaults;

    @Option(names = "--batch", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", description = "peak learning rate of the cosine schedule (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--weight-decay", description = "default: ${DEFAULT-VALUE}")
    double weightDecay;

    @Option(names = "--seed", description = "seeds what is random: initial weights, batch order, augmentation, a limit's images "
            + "and a supernet's subnets (default: ${DEFAULT-VALUE})")
    long seed;

    ScheduleOptions(Schedule defaults) {
        this.defaults = defaults;
        batch = defaults.batch();
        lr = defaults.lr();
        weightDecay = defaults.weightDecay();
        seed = defaults.seed();
    }

    /** The schedule the options give, over {@code epochs} epochs. */
    Schedule schedule(int epochs) {
        return new Schedule(epochs, batch, lr, defaults.momentum(), weightDecay, seed);
    }
}
