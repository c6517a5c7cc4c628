package org.cmpnas.engine.train;

import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.model.ArchSpec;

/**
 * Everything that determines a training run. Immutable and stored in the run record, so a run can be
 * repeated from its record alone.
 *
 * @param data      "fashion-mnist" or the path of an image folder
 * @param limit     use only the first {@code limit} training images (0: all)
 * @param padCrop   random crop from the image padded by this many pixels (0: off)
 */
public record TrainConfig(String name, String arch, String data, int epochs, int batch, double lr,
                          double momentum, double weightDecay, long seed, int limit, boolean flip, int padCrop) {

    public static final String FASHION_MNIST = "fashion-mnist";

    public static TrainConfig defaults(String arch) {
        return new TrainConfig(arch, arch, FASHION_MNIST, 8, 64, 0.05, 0.9, 5e-4, 1, 0, true, 0);
    }

    /** Checks every value and says which option is wrong; returns this for chaining. */
    public TrainConfig validated() {
        ArchSpec.parse(arch);
        require(epochs >= 1 && epochs <= 10_000, "--epochs must be between 1 and 10000, got " + epochs);
        require(batch >= 2 && batch <= 4096, "--batch must be between 2 and 4096, got " + batch);
        require(lr > 0 && lr <= 10 && Double.isFinite(lr), "--lr must be a positive number up to 10, got " + lr);
        require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        require(weightDecay >= 0 && weightDecay < 1, "weight decay must be in [0, 1), got " + weightDecay);
        require(limit >= 0, "--limit must not be negative, got " + limit);
        require(padCrop >= 0 && padCrop <= 8, "pad-crop must be between 0 and 8 pixels, got " + padCrop);
        require(data != null && !data.isBlank(), "--data is empty: give fashion-mnist or an image folder");
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }

    public ArchSpec archSpec() {
        return ArchSpec.parse(arch);
    }
}
