package org.cmpnas.app.cli;

import org.cmpnas.engine.data.Augmentation;
import picocli.CommandLine.Option;

/** The training augmentation options every training command takes. */
final class AugmentationOptions {
    @Option(names = "--pad-crop", paramLabel = "PIXELS", description = "random crop from the image padded by PIXELS (default: off)")
    int padCrop;

    @Option(names = "--no-flip", description = "no random horizontal flip")
    boolean noFlip;

    Augmentation augmentation() {
        return new Augmentation(!noFlip, padCrop);
    }
}
