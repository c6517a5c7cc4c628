package org.cmpnas.engine.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.cmpnas.engine.SampleData;

/**
 * The runs shipped with the workbench in {@code sample-data/runs} (a run store produced by
 * {@code cmpnas reproduce}), so a new user sees trained models, the Pareto chart and the retrieval demo
 * without training anything. They are copied into the user's store on request, never overwriting.
 */
public final class SampleRuns {
    static final Path RELATIVE = Path.of("sample-data", "runs");
    private final RunStore samples;

    public SampleRuns(Path folder) {
        this.samples = new RunStore(folder);
    }

    /** The shipped runs, if this installation has them. */
    public static Optional<SampleRuns> locate() {
        return SampleData.candidates(RELATIVE).stream().filter(Files::isDirectory).findFirst().map(SampleRuns::new);
    }

    public RunStore store() {
        return samples;
    }

    /** Ids of the shipped runs that {@code target} does not hold yet. */
    public List<String> missingFrom(RunStore target) {
        List<String> missing = new ArrayList<>();
        for (RunListing run : samples.list()) {
            if (!Files.exists(target.root().resolve(run.id()))) {
                missing.add(run.id());
            }
        }
        return missing;
    }

    /**
     * Copies the shipped runs (and the shipped reports) that {@code target} lacks; a run or report
     * folder already there is left as it is. Each run lands under a temporary name first and is then
     * renamed, so a copy cut short never looks like a complete run. Returns the ids copied.
     */
    public List<String> copyInto(RunStore target) {
        List<String> copied = new ArrayList<>();
        try {
            Files.createDirectories(target.root());
            for (String id : missingFrom(target)) {
                if (copyFolder(samples.root().resolve(id), target.root().resolve(id), target.root())) {
                    copied.add(id);
                }
            }
            Path reports = samples.root().resolve(RunStore.REPORTS);
            if (Files.isDirectory(reports)) {
                try (Stream<Path> entries = Files.list(reports)) {
                    for (Path report : entries.toList()) {
                        Path dest = target.root().resolve(RunStore.REPORTS).resolve(report.getFileName().toString());
                        Files.createDirectories(dest.getParent());
                        copyFolder(report, dest, dest.getParent());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the sample runs into " + target.root() + ": " + e.getMessage(), e);
        }
        return copied;
    }

    /** Copies {@code from} to {@code to} through a hidden temporary folder; false when {@code to} exists meanwhile. */
    private static boolean copyFolder(Path from, Path to, Path parent) throws IOException {
        if (Files.exists(to)) {
            return false;
        }
        Path temp = Files.createTempDirectory(parent, ".copy-");
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path dest = temp.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(source, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            if (Files.exists(temp)) {
                try (Stream<Path> walk = Files.walk(temp)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
