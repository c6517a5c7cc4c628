package org.cmpnas.engine.eval;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Supplier;
import org.cmpnas.engine.store.StoreWriteException;

/**
 * The one file format of stored embeddings: the evaluator's caches in a run folder (whose file names carry
 * a key of the protocol, the dataset and the model's weights, so a changed model or dataset never reads a
 * stale cache) and the shards of a gallery index. "EMB1", count and dimension as big-endian ints, then the
 * rows as little-endian floats. A damaged file reads as absent, so it is recomputed; writes are atomic.
 */
public final class EmbeddingFile {
    private static final int MAGIC = 0x454d4231; // "EMB1"

    private EmbeddingFile() {
    }

    public static Embeddings getOrCompute(Path file, Supplier<Embeddings> compute) {
        return read(file).orElseGet(() -> {
            Embeddings e = compute.get();
            write(file, e);
            return e;
        });
    }

    public static Optional<Embeddings> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            if (in.readInt() != MAGIC) {
                return Optional.empty();
            }
            int count = in.readInt();
            int dim = in.readInt();
            byte[] bytes = in.readNBytes(count * dim * 4);
            if (bytes.length != count * dim * 4) {
                return Optional.empty();
            }
            float[] data = new float[count * dim];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            return Optional.of(new Embeddings(data, count, dim));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static void write(Path file, Embeddings e) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            ByteBuffer body = ByteBuffer.allocate(e.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            body.asFloatBuffer().put(e.data());
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(tmp))) {
                out.writeInt(MAGIC);
                out.writeInt(e.count());
                out.writeInt(e.dim());
                out.write(body.array());
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ex) {
            throw StoreWriteException.of(file, ex);
        }
    }
}
