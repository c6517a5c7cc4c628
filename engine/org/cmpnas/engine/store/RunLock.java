package org.cmpnas.engine.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.cmpnas.engine.BadInputException;

/**
 * The lock a process holds on a run while it writes it: an operating-system lock on
 * {@code <run>/.lock}. The operating system releases it when the process ends, however it ends
 * (kill -9, crash, power loss), so a run recorded as running or queued whose lock is free was left
 * by a dead process and reads as interrupted; and a second writer of the same run (say, resuming it
 * twice) is refused instead of interleaving its checkpoints with the first one's.
 *
 * <p>POSIX drops every lock a process holds on a file when any channel of that process on the file
 * is closed, so this process never opens a second channel on a lock file it holds: the locks it
 * holds are kept in {@link #HELD}, and probing and locking are serialised on this class.
 */
final class RunLock implements AutoCloseable {
    static final String FILE = ".lock";
    private static final Map<Path, RunLock> HELD = new HashMap<>(); // guarded by RunLock.class

    /** Who holds the lock of a run, as far as this process can tell. */
    enum State {
        /** No lock file: a run written by an older version, or never started. */
        NONE,
        FREE,
        HELD_HERE,
        HELD_ELSEWHERE,
        /** The lock file exists but cannot be probed (e.g. a file system without locks). */
        UNKNOWN
    }

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks the run in {@code runDir} for this process, or explains who holds it. */
    static synchronized RunLock acquire(Path runDir, String id) {
        Path file = lockFile(runDir);
        if (HELD.containsKey(file)) {
            throw new BadInputException("run " + id + " is already running in this process");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw StoreWriteException.of(file, e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new BadInputException("run " + id + " is being run by " + readPid(file).map(pid -> "process " + pid).orElse("another process") + "; stop it first");
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            RunLock held = new RunLock(file, channel, lock);
            HELD.put(file, held);
            return held;
        } catch (IOException e) {
            closeQuietly(channel);
            throw StoreWriteException.of(file, e);
        }
    }

    /** Probes the lock of the run in {@code runDir} without taking it. */
    static synchronized State state(Path runDir) {
        Path file = lockFile(runDir);
        if (HELD.containsKey(file)) {
            return State.HELD_HERE;
        }
        if (!Files.exists(file)) {
            return State.NONE;
        }
        // A shared lock needs only read access, so a read-only store can still be probed.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) {
                return State.HELD_ELSEWHERE;
            }
            probe.release();
            return State.FREE;
        } catch (OverlappingFileLockException e) {
            return State.HELD_HERE;
        } catch (IOException | UnsupportedOperationException e) {
            return State.UNKNOWN;
        }
    }

    /** "process N" as written into the lock file by its holder, or "another process". */
    static String owner(Path runDir) {
        return readPid(lockFile(runDir)).map(pid -> "process " + pid).orElse("another process");
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        synchronized (RunLock.class) {
            if (HELD.remove(file) == this) {
                try {
                    lock.release();
                } catch (IOException ignored) {
                    // closing the channel below releases it too
                }
                closeQuietly(channel);
            }
        }
    }

    private static Path lockFile(Path runDir) {
        return runDir.resolve(FILE).toAbsolutePath().normalize();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
