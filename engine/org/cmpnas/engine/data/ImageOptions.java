package org.cmpnas.engine.data;

import org.cmpnas.engine.FieldProblem;

/**
 * How a run reads an image folder (stored in the run's config as {@code images}): the side of the square
 * images, made by resizing the shorter side to it and cropping the centre, and whether colour is dropped.
 * Configs recorded before colour and image size have none; they read folders as they did then
 * ({@link ImageFolderOptions#legacy}: stretched to 28×28, grey, the Fashion-MNIST statistics). IDX data
 * is 28×28 grey whatever is asked, and a size other than 28 for it is refused.
 *
 * @param size the image side in pixels, {@value #MIN_SIZE}..{@value #MAX_SIZE}
 * @param grey true: colour images become grey (luma); false: colour is kept unless every image is grey
 */
public record ImageOptions(int size, boolean grey) {

    /** An image folder's default side: enough for the detail of photographs, cheap enough on two cores. */
    public static final int DEFAULT_FOLDER_SIZE = 64;
    public static final int MIN_SIZE = 8;
    public static final int MAX_SIZE = 512;

    public ImageOptions {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw FieldProblem.of("image-size", "must be between " + MIN_SIZE + " and " + MAX_SIZE + " pixels", size);
        }
    }

    /**
     * What a new run reads when no size is asked for: IDX data (Fashion-MNIST) at its 28 px, an image folder
     * at {@value #DEFAULT_FOLDER_SIZE} px; colour kept. The value is recorded, so a later default cannot change a run.
     */
    public static ImageOptions defaultFor(String data) {
        return new ImageOptions(isIdx(data) ? FashionMnist.SIZE : DEFAULT_FOLDER_SIZE, false);
    }

    /** Whether {@code --data} names IDX data (Fashion-MNIST, or a folder of its four files), which is 28 x 28 grey. */
    public static boolean isIdx(String data) {
        return data == null || data.equals(FashionMnist.NAME) || FashionMnist.isDataFolder(java.nio.file.Path.of(data));
    }

    /** The reader's options for an image folder. */
    public ImageFolderOptions folderOptions() {
        return ImageFolderOptions.square(size, grey);
    }
}
