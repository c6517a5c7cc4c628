package org.cmpnas.engine.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.cmpnas.engine.BadInputException;

/**
 * Reads a user dataset laid out as {@code ROOT/<split>/<label>/<image>} with splits {@code train},
 * {@code val} and either {@code test} (query/gallery drawn as for Fashion-MNIST: in the order
 * sorted class folder, then sorted file name, index % 10 == 0 is a query) or explicit {@code query}
 * and {@code gallery}.
 *
 * <p>Images (PNG, JPEG, BMP, GIF) become 8-bit grey (luma for colour) of one size. Class indices:
 * the sorted train classes first, then classes seen only in val/test/query/gallery (open-set), sorted.
 * Other files (.txt, .csv, ...) are skipped, hidden ones (.DS_Store) ignored, sub-folders of a class
 * folder not read. Images are decoded in parallel; errors are reported for the first bad file in
 * the reading order, so the message does not depend on thread timing.
 */
public final class ImageFolderReader {

    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
    private static final String LAYOUT = "expected ROOT/train, ROOT/val and either ROOT/test or ROOT/query + ROOT/gallery,"
            + " each holding one folder of images per class";

    private record Item(Path file, int label) {
    }

    private ImageFolderReader() {
    }

    /** Loads the dataset with every image resized to {@code rows x cols}. */
    public static DataSplits load(Path root, int rows, int cols) {
        return load(root, ImageFolderOptions.resizeTo(rows, cols));
    }

    public static DataSplits load(Path root, ImageFolderOptions options) {
        if (!Files.isDirectory(root)) {
            throw new BadInputException("image folder not found: " + root + " (" + LAYOUT + ")");
        }
        boolean hasTest = Files.isDirectory(root.resolve("test"));
        boolean hasQuery = Files.isDirectory(root.resolve("query"));
        boolean hasGallery = Files.isDirectory(root.resolve("gallery"));
        if (hasTest && (hasQuery || hasGallery)) {
            throw new BadInputException(root + " has both test/ and " + (hasQuery ? "query/" : "gallery/")
                    + "; keep either test/ or query/ + gallery/");
        }
        List<String> splits = hasTest || !(hasQuery || hasGallery)
                ? List.of("train", "val", "test") : List.of("train", "val", "query", "gallery");
        for (String split : splits) {
            if (!Files.isDirectory(root.resolve(split))) {
                throw new BadInputException(root + " has no " + split + "/ folder; " + LAYOUT);
            }
        }

        Map<String, Map<String, List<Path>>> listing = new LinkedHashMap<>();
        for (String split : splits) {
            listing.put(split, listSplit(root.resolve(split)));
        }
        List<String> classNames = classNames(listing);
        int[] size = targetSize(options, listing.get("train"));

        MessageDigest checksum = Sha256.digest();
        Map<String, LabeledImages> loaded = new LinkedHashMap<>();
        for (String split : splits) {
            List<Item> items = new ArrayList<>();
            listing.get(split).forEach((cls, files) -> files.forEach(f -> items.add(new Item(f, classNames.indexOf(cls)))));
            loaded.put(split, readSplit(root, items, size[0], size[1], options.resize(), classNames, checksum));
        }
        String hash = Sha256.hex(checksum.digest());
        String name = root.toAbsolutePath().normalize().getFileName() == null
                ? "images" : root.toAbsolutePath().normalize().getFileName().toString();
        return hasTest
                ? DataSplits.fromTest(name, loaded.get("train"), loaded.get("val"), loaded.get("test"), hash)
                : DataSplits.fromQueryGallery(name, loaded.get("train"), loaded.get("val"), loaded.get("query"),
                        loaded.get("gallery"), hash);
    }

    /**
     * One image file as a dataset image: grey (luma for colour), resized to {@code rows x cols}, row-major.
     * A missing, corrupt or unsupported file is a {@link BadInputException} naming it.
     */
    public static byte[] readImage(Path file, int rows, int cols) {
        BufferedImage image = decode(file, readBytes(file));
        return GreyImages.resize(GreyImages.toGrey(image), image.getWidth(), image.getHeight(), cols, rows);
    }

    /** Class folder name -> its image files, both sorted by name. */
    private static Map<String, List<Path>> listSplit(Path splitDir) {
        Map<String, List<Path>> classes = new LinkedHashMap<>();
        for (Path classDir : list(splitDir)) {
            if (!Files.isDirectory(classDir)) {
                continue; // stray files beside the class folders (README.txt, ...)
            }
            List<Path> images = list(classDir).stream().filter(ImageFolderReader::isImageFile).toList();
            if (images.isEmpty()) {
                throw new BadInputException("class folder " + classDir + " contains no images (."
                        + String.join(", .", new TreeSet<>(IMAGE_EXTENSIONS)) + ")");
            }
            classes.put(classDir.getFileName().toString(), images);
        }
        if (classes.isEmpty()) {
            throw new BadInputException(splitDir + " has no class folders; " + LAYOUT);
        }
        return classes;
    }

    /** Visible entries of a folder, sorted by file name. */
    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> !isHidden(p))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new BadInputException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isHidden(Path p) {
        try {
            return p.getFileName().toString().startsWith(".") || Files.isHidden(p);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isImageFile(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return Files.isRegularFile(p) && dot > 0
                && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Train classes sorted, then the classes only other splits have (open-set), sorted. */
    private static List<String> classNames(Map<String, Map<String, List<Path>>> listing) {
        List<String> names = new ArrayList<>(new TreeSet<>(listing.get("train").keySet()));
        TreeSet<String> extra = new TreeSet<>();
        listing.values().forEach(split -> extra.addAll(split.keySet()));
        extra.removeAll(names);
        names.addAll(extra);
        return names;
    }

    private static int[] targetSize(ImageFolderOptions options, Map<String, List<Path>> train) {
        if (options.rows() > 0) {
            return new int[] {options.rows(), options.cols()};
        }
        Path first = train.values().iterator().next().get(0);
        BufferedImage image = decode(first, readBytes(first));
        return new int[] {image.getHeight(), image.getWidth()};
    }

    private static LabeledImages readSplit(Path root, List<Item> items, int rows, int cols, boolean resize,
                                           List<String> classNames, MessageDigest checksum) {
        int pixels = rows * cols;
        byte[] data = new byte[items.size() * pixels];
        byte[][] fileHashes = new byte[items.size()][];
        BadInputException[] errors = new BadInputException[items.size()];
        IntStream.range(0, items.size()).parallel().forEach(i -> {
            try {
                Path file = items.get(i).file();
                byte[] bytes = readBytes(file);
                fileHashes[i] = Sha256.of(bytes);
                BufferedImage image = decode(file, bytes);
                int w = image.getWidth();
                int h = image.getHeight();
                if (!resize && (w != cols || h != rows)) {
                    throw new BadInputException(file + " is " + w + "x" + h + " pixels (width x height) but the"
                            + " dataset's images are " + cols + "x" + rows + "; make them the same size or let the"
                            + " reader resize them");
                }
                byte[] grey = GreyImages.resize(GreyImages.toGrey(image), w, h, cols, rows);
                System.arraycopy(grey, 0, data, i * pixels, pixels);
            } catch (BadInputException e) {
                errors[i] = e;
            }
        });
        int[] labels = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            if (errors[i] != null) {
                throw errors[i];
            }
            labels[i] = items.get(i).label();
            // the checksum covers names (they are the labels) and contents, in reading order
            String relative = root.relativize(items.get(i).file()).toString().replace('\\', '/');
            checksum.update(relative.getBytes(StandardCharsets.UTF_8));
            checksum.update((byte) 0);
            checksum.update(fileHashes[i]);
        }
        return new LabeledImages(data, labels, rows, cols, classNames);
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read image " + file + ": " + e.getMessage(), e);
        }
    }

    /** Decodes from memory (no ImageIO disk cache); null, exceptions and 0-size images all mean "corrupt". */
    private static BufferedImage decode(Path file, byte[] bytes) {
        BufferedImage image;
        try {
            // ImageIO.read closes the stream itself (except when it returns null; memory only, so no leak)
            ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
            image = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("cannot read image " + file + ": corrupt or unsupported ("
                    + e.getMessage() + ")", e);
        }
        if (image == null || image.getWidth() == 0 || image.getHeight() == 0) {
            throw new BadInputException("cannot read image " + file + ": not a PNG, JPEG, BMP or GIF file"
                    + " that can be decoded");
        }
        return image;
    }
}
