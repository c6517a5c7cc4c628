package org.cmpnas.engine.data;

/**
 * How {@link ImageFolderReader} sizes images.
 *
 * @param rows   target height; with {@code resize} false, 0 means "the size of the first image"
 * @param cols   target width (0 likewise)
 * @param resize true: every image is scaled to rows x cols; false: every image must already have
 *               the same size, and one that differs is an error naming it
 */
public record ImageFolderOptions(int rows, int cols, boolean resize) {

    public ImageFolderOptions {
        if (rows < 0 || cols < 0 || (rows == 0) != (cols == 0)) {
            throw new IllegalArgumentException("image size must be positive (or 0x0 = as found), got " + rows + "x" + cols);
        }
        if (resize && rows == 0) {
            throw new IllegalArgumentException("resizing needs a target size");
        }
    }

    /** Scale every image to rows x cols (the models' input size, 28x28 by default). */
    public static ImageFolderOptions resizeTo(int rows, int cols) {
        return new ImageFolderOptions(rows, cols, true);
    }

    /** Every image must be rows x cols already. */
    public static ImageFolderOptions exactly(int rows, int cols) {
        return new ImageFolderOptions(rows, cols, false);
    }

    /** Every image must have the size of the first one. */
    public static ImageFolderOptions asFound() {
        return new ImageFolderOptions(0, 0, false);
    }
}
