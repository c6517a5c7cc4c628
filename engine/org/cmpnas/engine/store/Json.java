package org.cmpnas.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Collectors;

/**
 * The one Jackson configuration of the engine, so every file and every {@code --json} output
 * agree: ISO-8601 dates, unknown fields ignored (old readers keep working on newer files),
 * NaN tolerated (a diverged loss is still a value worth recording).
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }

    /** The shared mapper (compact output). Shared: do not reconfigure it; use {@code copy()} for that. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Indented writer, for files people may open (run.json) and human-facing JSON. */
    public static ObjectWriter pretty() {
        return PRETTY;
    }

    /** One compact JSON line without the newline, e.g. for a JSONL file. */
    public static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Writes {@code value} as indented JSON so that readers see either the old or the new file,
     * never a half-written one: temp file in the same folder, fsync, atomic rename over the target.
     */
    public static void writeAtomically(Path target, Object value) {
        byte[] bytes;
        try {
            bytes = (PRETTY.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
        writeAtomically(target, bytes);
    }

    /** The byte-level form of {@link #writeAtomically(Path, Object)}. */
    public static void writeAtomically(Path target, byte[] bytes) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            // Hidden name so that a crash between write and rename leaves nothing that looks like data.
            // Not Files.createTempFile: its mode 0600 would survive the rename and lock out other users
            // of a shared store; CREATE_NEW applies the umask like any other file.
            tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime())
                    + "-" + Thread.currentThread().getId() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Some network/FUSE file systems; a plain replace is still better than failing.
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw StoreWriteException.of(target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error matters more
                }
            }
        }
    }

    /**
     * A one-line reason why JSON could not be read into a value, naming the field and the bad value
     * where Jackson knows them (its own messages run over several lines and quote source offsets).
     */
    public static String describe(Exception e) {
        if (e instanceof ValueInstantiationException && e.getCause() != null && e.getCause().getMessage() != null) {
            return firstLine(e.getCause().getMessage());
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String where = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String value = m instanceof InvalidFormatException f && f.getValue() != null ? " '" + f.getValue() + "'" : "";
            return "bad value" + value + " at '" + where + "'";
        }
        return firstLine(String.valueOf(e.getMessage()));
    }

    private static String firstLine(String msg) {
        return msg.lines().findFirst().orElse(msg);
    }

    /** Makes the rename itself durable; only possible on POSIX, so failures are ignored. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // Windows cannot open a directory; the data itself is already fsynced.
        }
    }
}
