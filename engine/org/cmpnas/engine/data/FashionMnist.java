package org.cmpnas.engine.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.SampleData;

/** The default dataset: Fashion-MNIST (Zalando Research, MIT licence) split as docs/protocol.md says. */
public final class FashionMnist {

    public static final String NAME = "fashion-mnist";
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** Training images before this index are the train split, the rest (5,000) the val split. */
    public static final int TRAIN_SIZE = 55_000;
    /** The images' side: 28 x 28 grey. */
    public static final int SIZE = 28;

    public static final String PROPERTY = "cmpnas.data";
    public static final String ENV = "CMPNAS_DATA";
    static final Path RELATIVE = Path.of("sample-data", "fashion-mnist");
    static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
    private static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private FashionMnist() {
    }

    /** Loads from {@link #locate()}. */
    public static DataSplits load() {
        return load(locate());
    }

    /** Loads the four IDX files (gzip, or plain without the .gz suffix) from {@code dir}. */
    public static DataSplits load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("Fashion-MNIST folder not found: " + dir);
        }
        List<Path> files = FILES.stream().map(f -> file(dir, f)).toList();
        LabeledImages trainAll = IdxReader.read(files.get(0), files.get(1), CLASS_NAMES);
        LabeledImages test = IdxReader.read(files.get(2), files.get(3), CLASS_NAMES);
        if (trainAll.size() <= TRAIN_SIZE) {
            throw new BadInputException(files.get(0) + " has " + trainAll.size() + " images; Fashion-MNIST has 60000"
                    + " (the protocol's val split starts at " + TRAIN_SIZE + ")");
        }
        return DataSplits.fromTest(NAME, trainAll.range(0, TRAIN_SIZE), trainAll.range(TRAIN_SIZE, trainAll.size()),
                test, Sha256.ofFiles(files));
    }

    /**
     * Finds the data folder: system property {@value #PROPERTY} or environment variable {@value #ENV}
     * when set (then nothing else is tried: an explicit choice should not be silently replaced),
     * else {@code sample-data/fashion-mnist} under the working directory, else beside or above the
     * running jar / classes folder (covers {@code target/x.jar} and {@code target/classes}), else
     * Debian's {@code /usr/share/datasets/fashion-mnist}.
     */
    public static Path locate() {
        return locate(System.getProperty(PROPERTY), System.getenv(ENV), Path.of("").toAbsolutePath(), SampleData.codeFolder(),
                DEBIAN);
    }

    static Path locate(String property, String env, Path workingDir, Path codeFolder, Path systemFolder) {
        for (String[] explicit : new String[][] {{property, "system property " + PROPERTY},
                {env, "environment variable " + ENV}}) {
            if (explicit[0] != null && !explicit[0].isBlank()) {
                Path dir = Path.of(explicit[0]);
                if (!isDataFolder(dir)) {
                    throw new BadInputException(explicit[1] + " points to " + dir + ", which does not hold the"
                            + " Fashion-MNIST files " + String.join(".gz, ", FILES) + ".gz");
                }
                return dir;
            }
        }
        Set<Path> tried = SampleData.candidates(RELATIVE, workingDir, codeFolder);
        tried.add(systemFolder);
        for (Path candidate : tried) {
            if (isDataFolder(candidate)) {
                return candidate;
            }
        }
        List<String> places = tried.stream().map(Path::toString).toList();
        throw new BadInputException("Fashion-MNIST not found; tried " + String.join(", ", places)
                + ". Set -D" + PROPERTY + " or " + ENV + " to the folder holding " + TRAIN_IMAGES + ".gz and the"
                + " other three files");
    }

    /** True when all four files are there (gzip or plain). */
    public static boolean isDataFolder(Path dir) {
        return Files.isDirectory(dir) && FILES.stream().allMatch(f -> Files.isRegularFile(file(dir, f)));
    }

    /** {@code dir/name.gz} if present, else {@code dir/name} if present, else the .gz name (for the error). */
    private static Path file(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        Path plain = dir.resolve(name);
        return !Files.exists(gz) && Files.exists(plain) ? plain : gz;
    }
}
