package org.cmpnas.app.cli;

import org.cmpnas.engine.data.ImageOptions;
import picocli.CommandLine.Option;

/** How an image folder is read, for the commands that read one themselves. */
final class ImageFlags {
    @Option(names = "--image-size", paramLabel = "PIXELS", description = "side of the square images an image folder is read at: "
            + "the shorter side resized to it, the centre cropped (default: " + ImageOptions.DEFAULT_FOLDER_SIZE
            + " for an image folder, 28 for Fashion-MNIST)")
    Integer size;

    @Option(names = "--grey", description = "read colour images as grey (default: colour is kept unless every image is grey)")
    boolean grey;

    boolean given() {
        return size != null || grey;
    }

    ImageOptions options(String data) {
        return new ImageOptions(size != null ? size : ImageOptions.defaultFor(data).size(), grey);
    }
}
