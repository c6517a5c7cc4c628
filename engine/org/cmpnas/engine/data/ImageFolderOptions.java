package org.cmpnas.engine.data;

/**
 * How {@link ImageFolderReader} turns files into dataset images.
 *
 * @param rows          target height; with {@link Fit#none}, 0 means "the size of the first image"
 * @param cols          target width (0 likewise)
 * @param fit           how an image of another size is brought to rows x cols
 * @param grey          colour becomes grey (Rec. 601 luma); false keeps 3 channels unless every image is grey
 * @param normalization fixed statistics, or null to measure them on the training split
 */
public record ImageFolderOptions(int rows, int cols, Fit fit, boolean grey, Normalization normalization) {

    /** How an image is brought to the target size. */
    public enum Fit {
        /** Scaled to rows x cols, aspect ratio ignored (how folders were read before colour and image size). */
        stretch,
        /** Scaled so that it covers rows x cols with its aspect ratio kept, then the centre cut out. */
        crop,
        /** Not at all: every image must already have the size, and one that differs is an error naming it. */
        none
    }

    public ImageFolderOptions {
        if (rows < 0 || cols < 0 || (rows == 0) != (cols == 0)) {
            throw new IllegalArgumentException("image size must be positive (or 0x0 = as found), got " + rows + "x" + cols);
        }
        if (fit != Fit.none && rows == 0) {
            throw new IllegalArgumentException("resizing needs a target size");
        }
    }

    /** Square images of side {@code size}: aspect-preserving resize and centre crop, statistics measured. */
    public static ImageFolderOptions square(int size, boolean grey) {
        return new ImageFolderOptions(size, size, Fit.crop, grey, null);
    }

    /** Runs recorded before colour and image size: stretched to 28x28, grey, with the Fashion-MNIST statistics. */
    public static ImageFolderOptions legacy() {
        return new ImageFolderOptions(28, 28, Fit.stretch, true, Normalization.FASHION_MNIST);
    }

    /** Every image must be rows x cols already; grey, Fashion-MNIST statistics. */
    public static ImageFolderOptions exactly(int rows, int cols) {
        return new ImageFolderOptions(rows, cols, Fit.none, true, Normalization.FASHION_MNIST);
    }

    /** Every image must have the size of the first one; grey, Fashion-MNIST statistics. */
    public static ImageFolderOptions asFound() {
        return new ImageFolderOptions(0, 0, Fit.none, true, Normalization.FASHION_MNIST);
    }
}
