package org.cmpnas.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code cmpnas} in a child JVM on the test class path, so that it can be killed like a real process
 * (SIGKILL: no shutdown hook, no finally block runs). Its stdout and stderr go to files.
 */
final class ChildCli {
    private final Process process;
    private final Path out;
    private final Path err;
    final long startedNanos = System.nanoTime();

    private ChildCli(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static ChildCli start(Path store, Path logs, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", store.toString()));
        return startMain("org.cmpnas.app.Main", logs, all);
    }

    /** Any main class of the test class path, e.g. a writer that hammers the store from another process. */
    static ChildCli startMain(String mainClass, Path logs, List<String> args, String... jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true"));
        command.addAll(jvmOptions.length > 0 ? List.of(jvmOptions) : List.of("-Xmx1g"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        try {
            Files.createDirectories(logs);
            Path out = Files.createTempFile(logs, "child", ".out");
            Path err = Files.createTempFile(logs, "child", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
            return new ChildCli(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** SIGKILL on Linux and macOS: the process gets no chance to tidy up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Waits for the exit (killing it after {@code seconds}) and returns the exit code. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("cmpnas did not finish within " + seconds + " s; stderr: " + err());
        }
        return process.exitValue();
    }

    boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    /** The last line of stdout: the run id a job command prints. */
    String lastLine() {
        String[] lines = out().strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
