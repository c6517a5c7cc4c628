package org.cmpnas.engine.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Everything needed to repeat a run from its record alone (after Tribuo's ModelProvenance):
 * seed, data identity, evaluation protocol and the software it ran on. Strings may be null when
 * unknown (e.g. an imported model has no dataset). {@code trainImagesHash} is the SHA-256 of the training
 * images a run used and their labels (of a {@code --limit} subset, or of the whole split); null in older
 * records and for imported models.
 */
public record Provenance(
        long seed,
        String datasetName,
        String datasetChecksum,
        int datasetSize,
        int protocolVersion,
        String appVersion,
        String djlVersion,
        String pytorchVersion,
        String javaVersion,
        String os,
        Instant startedAt,
        Instant endedAt,
        String host,
        String trainImagesHash) {

    /**
     * Version of the protocol (splits, metrics, MAC counting, search space) recorded in every run and
     * evaluation. 2 added elastic input resolution to the search space; 3 a model's input (channels and size,
     * MACs counted at it), image folders read in colour at a chosen size with their own statistics, and
     * class-balanced {@code --limit} subsets. The splits, metrics and MAC counts of every earlier 28 px grey
     * model are unchanged, so evaluations of all versions stand side by side ({@link #comparable}).
     */
    public static final int PROTOCOL_VERSION = 3;
    /** Version of the evaluation rules (splits, normalisation, metrics): it names cached embeddings. */
    public static final int EVALUATION_RULES_VERSION = 1;

    /** Whether an evaluation recorded under {@code protocol} was measured by today's evaluation rules. */
    public static boolean comparable(int protocol) {
        return protocol >= 1 && protocol <= PROTOCOL_VERSION;
    }

    private static final String HOST = detectHost();

    /**
     * Provenance of a run starting now in this process. DJL/PyTorch versions are passed in because
     * the store must not touch DJL (it would load the native library just to list runs).
     */
    public static Provenance capture(long seed, String datasetName, String checksum, int datasetSize,
                                     String trainImagesHash, String djlVersion, String pytorchVersion) {
        return new Provenance(seed, datasetName, checksum, datasetSize, PROTOCOL_VERSION, currentAppVersion(),
                djlVersion, pytorchVersion, Runtime.version().toString(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                Instant.now(), null, HOST, trainImagesHash);
    }

    public Provenance withEndedAt(Instant ended) {
        return new Provenance(seed, datasetName, datasetChecksum, datasetSize, protocolVersion, appVersion, djlVersion,
                pytorchVersion, javaVersion, os, startedAt, ended, host, trainImagesHash);
    }

    /** Implementation-Version of the jar manifest; "dev" when running from classes (IDE, tests). */
    public static String currentAppVersion() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    /** This machine's name, as recorded in {@link #host()}. */
    public static String localHost() {
        return HOST;
    }

    // No InetAddress.getLocalHost(): it may ask DNS, and no command may open a network connection.
    private static String detectHost() {
        String v = readTrimmed("/proc/sys/kernel/hostname"); // Linux, authoritative
        for (String env : new String[] {"HOSTNAME", "COMPUTERNAME"}) { // shells, Windows
            v = v != null ? v : blankToNull(System.getenv(env));
        }
        v = v != null ? v : readTrimmed("/etc/hostname");
        return v != null ? v : "unknown";
    }

    private static String readTrimmed(String file) {
        try {
            return blankToNull(Files.readString(Path.of(file), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null; // not this operating system
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
