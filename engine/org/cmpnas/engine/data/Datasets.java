package org.cmpnas.engine.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.FieldProblem;

/** Turns the {@code --data} value of a config into {@link DataSplits}. */
public final class Datasets {

    private Datasets() {
    }

    /**
     * {@code "fashion-mnist"} (found by {@link FashionMnist#locate()}), a folder holding the four
     * Fashion-MNIST IDX files, or an image folder ({@code ROOT/<split>/<label>/<image>}) read as
     * {@code images} says; null reads a folder as runs recorded before colour and image size did
     * ({@link ImageFolderOptions#legacy}). IDX data is 28x28 grey: another size for it is refused.
     */
    public static DataSplits load(String data, ImageOptions images) {
        if (data == null || data.isBlank()) {
            throw FieldProblem.missing("data", "give " + FashionMnist.NAME + " or an image folder");
        }
        Path path = data.equals(FashionMnist.NAME) ? null : Path.of(data);
        if (path != null && !Files.isDirectory(path)) {
            throw new BadInputException("--data " + data + ": no such folder (give " + FashionMnist.NAME
                    + " or an image folder with train/, val/ and test/ or query/ + gallery/)");
        }
        if (path == null || FashionMnist.isDataFolder(path)) {
            checkImageSize(data, images);
            return FashionMnist.load(path == null ? FashionMnist.locate() : path);
        }
        return ImageFolderReader.load(path, images == null ? ImageFolderOptions.legacy() : images.folderOptions());
    }

    /** IDX data is 28 x 28 grey: another size for it is refused, naming it; returns {@code images}. */
    public static ImageOptions checkImageSize(String data, ImageOptions images) {
        if (images != null && images.size() != FashionMnist.SIZE && ImageOptions.isIdx(data)) {
            throw new BadInputException("--image-size " + images.size() + ": " + data + " holds " + FashionMnist.SIZE + "x"
                    + FashionMnist.SIZE + " grey IDX images; --image-size applies to image folders");
        }
        return images;
    }

    /** As {@link #load(String, ImageOptions)} at the defaults of new runs. */
    public static DataSplits load(String data) {
        return load(data, ImageOptions.defaultFor(data));
    }

    /** The splits a config's data names, keeping the training images its limit keeps (chosen with {@code seed}). */
    public static DataSplits load(DataSpec spec, long seed) {
        DataSplits splits = load(spec.name(), spec.images());
        return spec.limit() > 0 ? splits.limitTrain(spec.limit(), spec.subset(), seed) : splits;
    }
}
