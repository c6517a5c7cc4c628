package org.cmpnas.engine.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cmpnas.engine.BadInputException;

/** Turns the {@code --data} value of a config into {@link DataSplits}. */
public final class Datasets {

    /** Image-folder datasets are scaled to the models' input size of docs/protocol.md. */
    public static final int ROWS = 28;
    public static final int COLS = 28;

    private Datasets() {
    }

    /**
     * {@code "fashion-mnist"} (found by {@link FashionMnist#locate()}), a folder holding the four
     * Fashion-MNIST IDX files, or an image folder ({@code ROOT/<split>/<label>/<image>}, resized to
     * 28x28). {@code limit > 0} keeps only the first {@code limit} training images.
     */
    public static DataSplits load(String data, int limit) {
        if (data == null || data.isBlank()) {
            throw new BadInputException("--data is empty: give " + FashionMnist.NAME + " or an image folder");
        }
        DataSplits splits;
        if (data.equals(FashionMnist.NAME)) {
            splits = FashionMnist.load(FashionMnist.locate());
        } else {
            Path path = Path.of(data);
            if (!Files.isDirectory(path)) {
                throw new BadInputException("--data " + data + ": no such folder (give " + FashionMnist.NAME
                        + " or an image folder with train/, val/ and test/ or query/ + gallery/)");
            }
            splits = FashionMnist.isDataFolder(path) ? FashionMnist.load(path) : ImageFolderReader.load(path, ROWS, COLS);
        }
        return limit > 0 ? splits.limitTrain(limit) : splits;
    }
}
