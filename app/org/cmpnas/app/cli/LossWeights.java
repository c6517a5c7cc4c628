package org.cmpnas.app.cli;

import org.cmpnas.engine.compat.LossSpec;
import picocli.CommandLine.Option;

/** The weights of a compatibility loss, for the commands that train with one (train, supernet). */
final class LossWeights {
    @Option(names = "--lambda", description = "weight of the compatibility term (default: ${DEFAULT-VALUE})")
    double lambda = LossSpec.DEFAULT_LAMBDA;

    @Option(names = "--temperature", description = "temperature of the contrastive loss (default: ${DEFAULT-VALUE})")
    double temperature = LossSpec.DEFAULT_TEMPERATURE;

    /** The loss called {@code name} with these weights. */
    LossSpec loss(String name) {
        return LossSpec.of(name, lambda, temperature);
    }
}
