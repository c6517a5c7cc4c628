package org.cmpnas.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.cmpnas.engine.BadInputException;

/**
 * Write access to one run. Keeps the current record in memory and rewrites run.json atomically on
 * every change. All methods are synchronized: the engine thread and the UI may share a handle.
 * Get one from {@link RunStore#create} or {@link RunStore#open}; the store hands out one handle per
 * run, so two writers in this process never overwrite each other's changes.
 */
public final class RunHandle {
    private final Path dir;
    private final Clock clock;
    private RunRecord record;
    /** Held from creation or from RUNNING until a terminal status: marks this process as the run's writer. */
    private RunLock lock;

    RunHandle(Path dir, RunRecord record, Clock clock) {
        this(dir, record, clock, null);
    }

    RunHandle(Path dir, RunRecord record, Clock clock, RunLock lock) {
        this.dir = dir;
        this.record = record;
        this.clock = clock;
        this.lock = lock;
    }

    public String id() {
        return record.id(); // never changes, see update()
    }

    public Path dir() {
        return dir;
    }

    /** Model parameters of this run; created if missing (runs from older versions). */
    public Path weightsDir() {
        return ensureDir(dir.resolve(RunFiles.WEIGHTS));
    }

    /** Plots, CSV, reports of this run; created if missing. */
    public Path artifactsDir() {
        return ensureDir(dir.resolve(RunFiles.ARTIFACTS));
    }

    public Path metricsFile() {
        return dir.resolve(RunFiles.METRICS);
    }

    /** The current record (immutable snapshot). */
    public synchronized RunRecord record() {
        return record;
    }

    /**
     * Moves the run to {@code status}. RUNNING records this process as the owner (so a crash can be
     * detected later) and clears a previous end time; a terminal status stamps the provenance end time.
     *
     * @param message why it failed or was cancelled; null clears it
     */
    public synchronized RunRecord setStatus(RunStatus status, String message) {
        Objects.requireNonNull(status, "status");
        if (status == RunStatus.running) {
            if (record.status() == RunStatus.running && lock != null) {
                throw new BadInputException("run " + record.id() + " is already running");
            }
            if (lock == null) {
                lock = RunLock.acquire(dir, record.id()); // refuses a second writer, in this process or another
            }
        }
        RunRecord next = record.withStatus(status, message);
        Provenance p = next.provenance();
        if (status == RunStatus.running) {
            next = next.withPid(ProcessHandle.current().pid());
            if (p != null && p.endedAt() != null) {
                next = next.withProvenance(p.withEndedAt(null));
            }
        } else if (status.isTerminal() && p != null && p.endedAt() == null) {
            next = next.withProvenance(p.withEndedAt(clock.instant()));
        }
        if (!status.isTerminal()) {
            return write(next);
        }
        try {
            return write(next);
        } finally {
            release(); // also when the record cannot be written: the run then reads as interrupted
        }
    }

    /**
     * Records how a job ended after {@code cause} stopped it. If even that cannot be written (the disk
     * that failed the job is still full), {@code cause} stays the error the user sees, with the failed
     * write attached, and the run is released so that it reads as interrupted.
     */
    public synchronized void endAfter(RuntimeException cause, RunStatus status, String message) {
        try {
            setStatus(status, message);
        } catch (RuntimeException writeFailure) {
            if (writeFailure != cause) {
                cause.addSuppressed(writeFailure);
            }
            release();
        }
    }

    /** True while this handle is the run's writer (from creation or RUNNING until a terminal status). */
    synchronized boolean isWriting() {
        return lock != null;
    }

    /** Gives up this process's claim on the run (a terminal status does it by itself). */
    public synchronized void release() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    /** Merges latest summary values (e.g. {@code val.top1}) into run.json. */
    public synchronized RunRecord putMetrics(Map<String, Double> metrics) {
        return write(record.withMergedMetrics(metrics));
    }

    /** Appends one event to metrics.jsonl (one write in append mode; no fsync, events are cheap to lose). */
    public synchronized void appendMetric(MetricEvent event) {
        Path file = metricsFile();
        try {
            // A crash may have left half a line; start on a fresh one so the next event is not glued to it.
            // Checked on every append (one extra 1-byte read): cheap next to a training step.
            RunFiles.appendLine(file, Json.line(event), RunFiles.endsMidLine(file));
        } catch (IOException e) {
            throw StoreWriteException.of(file, e);
        }
    }

    /** Shorthand for {@code appendMetric(MetricEvent.of(name, value, step, epoch))}. */
    public void appendMetric(String name, double value, long step, int epoch) {
        appendMetric(MetricEvent.of(name, value, step, epoch));
    }

    /** Any other change, e.g. {@code h.update(r -> r.withLink("gallery", galleryId))}. The id cannot change. */
    public synchronized RunRecord update(UnaryOperator<RunRecord> change) {
        RunRecord next = Objects.requireNonNull(change.apply(record), "update returned null");
        if (!next.id().equals(record.id())) {
            throw new IllegalArgumentException("a run's id cannot change (" + record.id() + " -> " + next.id() + ")");
        }
        return write(next);
    }

    private RunRecord write(RunRecord next) {
        // Another process (e.g. `runs delete` while the GUI trains) may have soft-deleted or restored the
        // run; keep its decision unless this very change is about the deleted flag.
        if (next.deleted() == record.deleted()) {
            RunListing onDisk = RunFiles.read(dir);
            if (onDisk.record().isPresent() && onDisk.record().get().deleted() != next.deleted()) {
                next = next.withDeleted(onDisk.record().get().deleted());
            }
        }
        Json.writeAtomically(dir.resolve(RunFiles.RECORD), next); // StoreWriteException names the file and why
        record = next;
        return next;
    }

    private static Path ensureDir(Path d) {
        try {
            return Files.createDirectories(d);
        } catch (IOException e) {
            throw StoreWriteException.of(d, e);
        }
    }
}
