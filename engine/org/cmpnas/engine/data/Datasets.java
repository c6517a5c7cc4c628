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
     * Fashion-MNIST IDX files, or an image folder ({@code ROOT/<split>/<label>/<image>}, resized to 28x28).
     */
    public static DataSplits load(String data) {
        if (data == null || data.isBlank()) {
            throw new BadInputException("--data is empty: give " + FashionMnist.NAME + " or an image folder");
        }
        if (data.equals(FashionMnist.NAME)) {
            return FashionMnist.load(FashionMnist.locate());
        }
        Path path = Path.of(data);
        if (!Files.isDirectory(path)) {
            throw new BadInputException("--data " + data + ": no such folder (give " + FashionMnist.NAME
                    + " or an image folder with train/, val/ and test/ or query/ + gallery/)");
        }
        return FashionMnist.isDataFolder(path) ? FashionMnist.load(path) : ImageFolderReader.load(path, ROWS, COLS);
    }

    /** As {@link #load(String)}, keeping {@code limit > 0} training images chosen by {@code subset} with {@code seed}. */
    public static DataSplits load(String data, int limit, Subset subset, long seed) {
        DataSplits splits = load(data);
        return limit > 0 ? splits.limitTrain(limit, subset, seed) : splits;
    }
}
