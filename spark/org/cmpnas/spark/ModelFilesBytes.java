package org.cmpnas.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.Sha256;
import org.cmpnas.engine.model.ModelFiles;

/** The files of a model that inference needs (its card and its weights), as bytes that can travel to executors. */
record ModelFilesBytes(Map<String, byte[]> files, String sha256) implements Serializable {

    static ModelFilesBytes of(Path weightsDir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        var digest = Sha256.digest();
        for (Path file : new Path[] {weightsDir.resolve(ModelFiles.CARD), ModelFiles.weightsFile(weightsDir)}) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                files.put(file.getFileName().toString(), bytes);
                digest.update(bytes);
            } catch (IOException e) {
                throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return new ModelFilesBytes(files, Sha256.hex(digest.digest()));
    }

    /** Writes the files into {@code dir}, as a weights folder {@link ModelFiles#open} reads. */
    Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        return dir;
    }
}
