package org.cmpnas.engine.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.cmpnas.engine.BadInputException;

/** SHA-256 helpers for dataset checksums (recorded in every run's provenance) and gallery index shards. */
public final class Sha256 {

    private Sha256() {
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Hash of the files' bytes concatenated in the given order, so it equals
     * {@code cat f1 f2 ... | sha256sum} and anyone can check it without this program.
     */
    static String ofFiles(List<Path> files) {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            } catch (IOException e) {
                throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static byte[] of(byte[] bytes) {
        return digest().digest(bytes);
    }

    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }
}
