package org.cmpnas.engine.data;

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
import org.cmpnas.engine.BadInputException;

/**
 * Reads a user dataset laid out as {@code ROOT/<split>/<label>/<image>} with splits {@code train},
 * {@code val} and either {@code test} (query/gallery drawn as for Fashion-MNIST: in the order
 * sorted class folder, then sorted file name, index % 10 == 0 is a query) or explicit {@code query}
 * and {@code gallery}.
 *
 * <p>Images (PNG, JPEG, BMP, GIF, WebP, TIFF; see {@link Pictures}) are brought to one size as the
 * {@link ImageFolderOptions} say, in colour (3 channels) unless every image is grey or grey is asked
 * for. The normalisation statistics are measured on the training split unless the options fix them.
 * Class indices: the sorted train classes first, then classes seen only in val/test/query/gallery
 * (open-set), sorted. Other files (.txt, .csv, ...) are skipped, hidden ones (.DS_Store) ignored,
 * sub-folders of a class folder not read. Images are decoded in parallel, each kept only at its final
 * size; errors are reported for the first bad file in the reading order, so the message does not depend
 * on thread timing.
 */
public final class ImageFolderReader {

    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif", "webp", "tif", "tiff");
    private static final String LAYOUT = "expected ROOT/train, ROOT/val and either ROOT/test or ROOT/query + ROOT/gallery,"
            + " each holding one folder of images per class";

    private record Item(Path file, int label) {
    }

    /** A split as read: planar pixels of 3 channels (1 if grey was asked for), and whether every image was grey. */
    private record Split(byte[] pixels, int[] labels, boolean grey) {
    }

    private ImageFolderReader() {
    }

    /** Loads the dataset with every image stretched to {@code rows x cols}, grey, with the Fashion-MNIST statistics. */
    public static DataSplits load(Path root, int rows, int cols) {
        return load(root, new ImageFolderOptions(rows, cols, ImageFolderOptions.Fit.stretch, true, Normalization.FASHION_MNIST));
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
        Map<String, Split> read = new LinkedHashMap<>();
        for (String split : splits) {
            List<Item> items = new ArrayList<>();
            listing.get(split).forEach((cls, files) -> files.forEach(f -> items.add(new Item(f, classNames.indexOf(cls)))));
            read.put(split, readSplit(root, items, size[0], size[1], options, checksum));
        }
        // colour is kept unless every image of every split is grey
        int channels = options.grey() || read.values().stream().allMatch(Split::grey) ? 1 : 3;
        int plane = size[0] * size[1];
        Map<String, byte[]> pixels = new LinkedHashMap<>();
        read.forEach((name, split) -> pixels.put(name, firstPlanes(split, options.grey() ? 1 : 3, channels, plane)));
        Normalization normalization = options.normalization() != null ? options.normalization()
                : Normalization.measure(pixels.get("train"), read.get("train").labels().length, channels, plane);
        Map<String, LabeledImages> loaded = new LinkedHashMap<>();
        read.forEach((name, split) -> loaded.put(name, new LabeledImages(pixels.get(name), split.labels(), channels, size[0], size[1],
                classNames, normalization)));
        String hash = Sha256.hex(checksum.digest());
        String name = root.toAbsolutePath().normalize().getFileName() == null
                ? "images" : root.toAbsolutePath().normalize().getFileName().toString();
        return hasTest
                ? DataSplits.fromTest(name, loaded.get("train"), loaded.get("val"), loaded.get("test"), hash)
                : DataSplits.fromQueryGallery(name, loaded.get("train"), loaded.get("val"), loaded.get("query"),
                        loaded.get("gallery"), hash);
    }

    /** The split's pixels with {@code channels} of the {@code read} planes per image (the first: a colour read of grey images). */
    private static byte[] firstPlanes(Split split, int read, int channels, int plane) {
        if (read == channels) {
            return split.pixels();
        }
        int n = split.labels().length;
        byte[] out = new byte[n * plane];
        for (int i = 0; i < n; i++) {
            System.arraycopy(split.pixels(), i * read * plane, out, i * plane, plane);
        }
        return out;
    }

    /**
     * One image file as the dataset's images are: {@code channels} planes of {@code options}' size, read as
     * the options say. A missing, corrupt or unsupported file is a {@link BadInputException} naming it.
     */
    public static byte[] readImage(Path file, ImageFolderOptions options, int channels) {
        Pictures.Picture picture = Pictures.decode(file, readBytes(file));
        return Pictures.planes(picture, options.rows(), options.cols(), options.fit(), channels == 1);
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
        Pictures.Picture picture = Pictures.decode(first, readBytes(first));
        return new int[] {picture.height(), picture.width()};
    }

    private static Split readSplit(Path root, List<Item> items, int rows, int cols, ImageFolderOptions options,
                                   MessageDigest checksum) {
        int bytes = (options.grey() ? 1 : 3) * rows * cols;
        byte[] data = new byte[items.size() * bytes];
        byte[][] fileHashes = new byte[items.size()][];
        boolean[] grey = new boolean[items.size()];
        BadInputException[] errors = new BadInputException[items.size()];
        IntStream.range(0, items.size()).parallel().forEach(i -> {
            try {
                Path file = items.get(i).file();
                byte[] content = readBytes(file);
                fileHashes[i] = Sha256.of(content);
                Pictures.Picture picture = Pictures.decode(file, content);
                if (options.fit() == ImageFolderOptions.Fit.none && (picture.width() != cols || picture.height() != rows)) {
                    throw new BadInputException(file + " is " + picture.width() + "x" + picture.height() + " pixels (width x height) but the"
                            + " dataset's images are " + cols + "x" + rows + "; make them the same size or let the"
                            + " reader resize them");
                }
                grey[i] = picture.grey();
                System.arraycopy(Pictures.planes(picture, rows, cols, options.fit(), options.grey()), 0, data, i * bytes, bytes);
            } catch (BadInputException e) {
                errors[i] = e;
            }
        });
        int[] labels = new int[items.size()];
        boolean allGrey = true;
        for (int i = 0; i < items.size(); i++) {
            if (errors[i] != null) {
                throw errors[i];
            }
            labels[i] = items.get(i).label();
            allGrey &= grey[i];
            // the checksum covers names (they are the labels) and contents, in reading order
            String relative = root.relativize(items.get(i).file()).toString().replace('\\', '/');
            checksum.update(relative.getBytes(StandardCharsets.UTF_8));
            checksum.update((byte) 0);
            checksum.update(fileHashes[i]);
        }
        return new Split(data, labels, allGrey);
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read image " + file + ": " + e.getMessage(), e);
        }
    }
}
