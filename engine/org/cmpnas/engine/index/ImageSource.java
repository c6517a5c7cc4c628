package org.cmpnas.engine.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.ImageFolderReader;

/**
 * The images a gallery index holds: every image file under a folder (sub-folders too, hidden ones skipped),
 * or the files a text list names, one path per line (relative to the list's folder; blank lines and lines
 * starting with '#' skipped). Row {@code i} of the index is image {@code i} of {@link #paths}: a folder's
 * images in the order of their relative paths, a list's in its order, so the same source gives the same rows.
 *
 * @param root  what relative paths are relative to: the folder, or the list's folder
 * @param paths each image's path relative to {@code root} (or absolute, where a list names one so)
 */
public record ImageSource(Path root, List<String> paths) {

    private static final String WHAT = "a folder of images or a text file listing one image path per line";

    public ImageSource {
        paths = List.copyOf(paths);
    }

    public static ImageSource of(Path source) {
        if (Files.isDirectory(source)) {
            return folder(source);
        }
        if (Files.isRegularFile(source)) {
            if (isImage(source)) {
                throw new BadInputException(source + " is one image; --images takes " + WHAT);
            }
            return list(source);
        }
        throw new BadInputException("images not found: " + source + " (" + WHAT + ")");
    }

    private static ImageSource folder(Path root) {
        List<String> paths;
        try (Stream<Path> files = Files.walk(root)) {
            paths = files.filter(p -> Files.isRegularFile(p) && isImage(p) && !hidden(root.relativize(p)))
                    .map(p -> separators(root.relativize(p)))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException("cannot list " + root + ": " + e.getMessage(), e);
        }
        if (paths.isEmpty()) {
            throw new BadInputException("no images in " + root + " (." + String.join(", .", new TreeSet<>(ImageFolderReader.IMAGE_EXTENSIONS)) + ")");
        }
        return new ImageSource(root, paths);
    }

    private static ImageSource list(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read the image list " + file + ": " + e.getMessage(), e);
        }
        List<String> paths = new ArrayList<>();
        for (String line : lines) {
            String path = line.strip();
            if (!path.isEmpty() && !path.startsWith("#")) {
                paths.add(path);
            }
        }
        if (paths.isEmpty()) {
            throw new BadInputException("the image list " + file + " names no images");
        }
        Path root = file.toAbsolutePath().getParent();
        return new ImageSource(root, paths);
    }

    /** The file of row {@code row}. */
    public Path file(int row) {
        return root.resolve(paths.get(row));
    }

    public int size() {
        return paths.size();
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && ImageFolderReader.IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** A relative path with '/' between its parts on every system, as the index stores it. */
    private static String separators(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }
}
