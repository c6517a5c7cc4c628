package org.cmpnas.engine;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.Set;

/** Where the project's {@code sample-data/} may be: under the working directory, or beside or above the running code. */
public final class SampleData {
    private SampleData() {
    }

    /**
     * The places tried for {@code sample-data/<relative>}, in order: the working directory, then the
     * jar's folder (or the classes folder of a build) and up to two folders above it (covers
     * {@code target/x.jar} and {@code target/classes}).
     */
    public static Set<Path> candidates(Path relative, Path workingDir, Path codeFolder) {
        Set<Path> tried = new LinkedHashSet<>();
        tried.add(workingDir.resolve(relative).normalize());
        Path dir = codeFolder;
        for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
            tried.add(dir.resolve(relative).normalize());
        }
        return tried;
    }

    public static Set<Path> candidates(Path relative) {
        return candidates(relative, Path.of("").toAbsolutePath(), codeFolder());
    }

    /** The folder of the running jar, or the classes folder when run from a build; null if unknown. */
    public static Path codeFolder() {
        try {
            CodeSource source = SampleData.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            Path location = Path.of(source.getLocation().toURI()).toAbsolutePath();
            return Files.isRegularFile(location) ? location.getParent() : location;
        } catch (URISyntaxException | RuntimeException e) {
            return null; // an unusual class loader: fall back to the other places
        }
    }
}
