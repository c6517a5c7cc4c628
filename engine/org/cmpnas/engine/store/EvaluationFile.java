package org.cmpnas.engine.store;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code evaluations.json} of a run: its retrieval results keyed by gallery run and protocol,
 * rewritten atomically. A damaged file reads as empty (results can be recomputed).
 */
final class EvaluationFile {
    static final String NAME = "evaluations.json";
    private static final String LOCK = ".evaluations.lock";

    private record Content(int schemaVersion, List<Evaluation> evaluations) {
    }

    private EvaluationFile() {
    }

    static List<Evaluation> read(Path runDir) {
        try {
            Content c = Json.mapper().readValue(Files.readAllBytes(runDir.resolve(NAME)), new TypeReference<Content>() { });
            return c.evaluations() == null ? List.of() : List.copyOf(c.evaluations());
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Adds or replaces the result with the same key. Read, change and write happen under an exclusive
     * lock of {@code .evaluations.lock}, so two processes evaluating the same query model at once
     * (the window and a command) both keep their result instead of the last writer winning. Only this
     * method opens that file, and only under the class monitor, so no second channel of this process
     * can drop the lock (POSIX locks belong to the process).
     */
    static synchronized void put(Path runDir, Evaluation evaluation) {
        Path lockFile = runDir.resolve(LOCK);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            Map<String, Evaluation> byKey = new LinkedHashMap<>();
            read(runDir).forEach(e -> byKey.put(e.key(), e));
            byKey.put(evaluation.key(), evaluation);
            Json.writeAtomically(runDir.resolve(NAME), new Content(1, new ArrayList<>(byKey.values())));
        } catch (IOException e) {
            throw StoreWriteException.of(lockFile, e);
        }
    }
}
