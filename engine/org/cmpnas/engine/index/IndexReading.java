package org.cmpnas.engine.index;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import org.cmpnas.engine.data.ImageFolderOptions;
import org.cmpnas.engine.data.ImageFolderReader;
import org.cmpnas.engine.data.ImageOptions;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.data.Normalization;
import org.cmpnas.engine.model.InputShape;

/**
 * How an image file becomes the gallery model's input: brought to its side as the model's training data
 * was ({@code crop}: shorter side resized, centre cut out; {@code stretch} for models trained before image
 * sizes were recorded), in its number of channels, normalised by its statistics. Plain values, so that a
 * Spark executor reads images exactly as the local path does.
 */
public record IndexReading(int size, ImageFolderOptions.Fit fit, int channels, String normalization) implements Serializable {

    private static final List<String> NO_CLASSES = List.of("gallery");

    /** As the model of a run whose config recorded {@code images} (null: recorded before image sizes) takes its images. */
    public static IndexReading of(InputShape input, Normalization normalization, ImageOptions images) {
        boolean legacy = images == null && input.equals(InputShape.GREY_28);
        return new IndexReading(input.size(), legacy ? ImageFolderOptions.Fit.stretch : ImageFolderOptions.Fit.crop,
                input.channels(), normalization.text());
    }

    /** One image's planar bytes; a missing, corrupt or unsupported file is a BadInputException naming it. */
    public byte[] read(Path file) {
        ImageFolderOptions options = new ImageFolderOptions(size, size, fit, channels == 1, Normalization.parse(normalization));
        return ImageFolderReader.readImage(file, options, channels);
    }

    /** Images read by {@link #read}, one after the other, as a dataset the embedder takes. */
    public LabeledImages images(List<byte[]> pixels) {
        int bytes = channels * size * size;
        byte[] all = new byte[pixels.size() * bytes];
        for (int i = 0; i < pixels.size(); i++) {
            System.arraycopy(pixels.get(i), 0, all, i * bytes, bytes);
        }
        return new LabeledImages(all, new int[pixels.size()], channels, size, size, NO_CLASSES, Normalization.parse(normalization));
    }

    /** E.g. "3x64 crop". */
    public String text() {
        return channels + "x" + size + " " + fit;
    }
}
