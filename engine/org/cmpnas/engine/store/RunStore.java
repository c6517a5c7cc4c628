package org.cmpnas.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cmpnas.engine.BadInputException;

/**
 * A folder of runs in the manner of MLflow's file store: {@code root/<id>/run.json} (the record),
 * {@code metrics.jsonl} (append-only events), {@code weights/}, {@code artifacts/}. Plain files, so
 * a store can be copied, synced or inspected with {@code cat}; every record write is atomic.
 *
 * <p>Reading never needs write access and never fails because one run is broken. The root folder
 * is created on the first write. A soft-deleted run stays on disk with {@code deleted: true}.
 */
public final class RunStore {
    /** Environment variable naming the store folder (the CLI's {@code --store} wins over it). */
    public static final String ENV = "CMPNAS_STORE";
    /** Where run folders whose run.json is too damaged to flag go when deleted. */
    static final String TRASH = ".trash";
    /** Reports written across runs (e.g. by {@code reproduce}) live here, not in a run folder. */
    public static final String REPORTS = "reports";
    private static final java.time.Duration CREATION_SECONDS = java.time.Duration.ofSeconds(10);
    private static final int MAX_ID_ATTEMPTS = 1000; // ids of one second: 65536; never loop unbounded

    private final Path root;
    private final Clock clock;
    private final RandomGenerator random;
    private final Map<String, RunHandle> handles = new HashMap<>(); // guarded by this

    public RunStore(Path root) {
        this(root, Clock.systemUTC(), new Random());
    }

    /** For tests: a fixed clock and a scripted random source make id clashes reproducible. */
    RunStore(Path root, Clock clock, RandomGenerator random) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.clock = clock;
        this.random = random;
    }

    /** {@code $CMPNAS_STORE} if set, else {@code ~/.cmpnas/runs}. */
    public static Path defaultRoot() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            try {
                return Path.of(env.startsWith("~/") ? System.getProperty("user.home") + env.substring(1) : env);
            } catch (InvalidPathException e) {
                throw new BadInputException(ENV + " '" + env + "' is not a valid path: " + e.getReason());
            }
        }
        return Path.of(System.getProperty("user.home"), ".cmpnas", "runs");
    }

    /** The folder of the report called {@code name} (not created). */
    public Path reportDir(String name) {
        return root.resolve(REPORTS).resolve(name);
    }

    public Path root() {
        return root;
    }

    /** Creates a queued run with its folder, an empty metrics.jsonl, weights/ and artifacts/. */
    public RunHandle create(String name, RunKind kind, String arch, long macs, long params, JsonNode config,
                            Provenance provenance) {
        Objects.requireNonNull(kind, "kind");
        ensureWritableRoot();
        Instant now = clock.instant();
        Path dir = reserveFolder(now);
        String id = dir.getFileName().toString();
        RunRecord record = RunRecord.newRun(id, name, kind, arch, macs, params, now, config, provenance);
        // Locked before run.json exists: a process killed from here on leaves a run that reads as interrupted.
        RunHandle handle = new RunHandle(dir, record, clock, RunLock.acquire(dir, id));
        try {
            // run.json first: from here on a concurrent listing sees a queued run, not a damaged one.
            Json.writeAtomically(dir.resolve(RunFiles.RECORD), record);
            Files.createFile(dir.resolve(RunFiles.METRICS));
            Files.createDirectory(dir.resolve(RunFiles.WEIGHTS));
            Files.createDirectory(dir.resolve(RunFiles.ARTIFACTS));
        } catch (IOException e) {
            handle.release();
            throw StoreWriteException.of(dir, e);
        } catch (RuntimeException e) {
            handle.release();
            throw e;
        }
        synchronized (this) {
            handles.put(id, handle);
        }
        return handle;
    }

    /** Non-deleted runs, newest first; damaged ones included as such. */
    public List<RunListing> list() {
        return list(false);
    }

    public List<RunListing> list(boolean includeDeleted) {
        return runFolders().stream()
                .map(dir -> reconcile(dir, RunFiles.read(dir)))
                .filter(l -> includeDeleted || l.record().map(r -> !r.deleted()).orElse(true))
                .sorted(Comparator.comparing(RunStore::sortTime).thenComparing(RunListing::id).reversed())
                .collect(Collectors.toList());
    }

    /**
     * The record of a run by exact id or unique id prefix, deleted runs included. A run recorded as
     * running whose process is gone is reported as interrupted (the file is not rewritten).
     */
    public RunRecord load(String idOrPrefix) {
        String id = resolve(idOrPrefix);
        return readValid(id);
    }

    /**
     * A run to continue with {@code command} (e.g. {@code search --resume}): of one of {@code kinds}
     * and not finished, else a message naming what is wrong.
     */
    public RunRecord loadToResume(String idOrPrefix, String command, RunKind... kinds) {
        RunRecord run = load(idOrPrefix);
        if (!List.of(kinds).contains(run.kind())) {
            throw new BadInputException("run " + run.id() + " is a " + run.kind() + " run; " + command + " continues "
                    + List.of(kinds).stream().map(RunKind::name).collect(Collectors.joining(" or ")) + " runs");
        }
        if (run.status() == RunStatus.finished) {
            throw new BadInputException(run.kind() + " run " + run.id() + " has already finished; nothing to resume");
        }
        return run;
    }

    /** The full id for an exact id or a unique prefix. */
    public String resolve(String idOrPrefix) {
        String wanted = idOrPrefix == null ? "" : idOrPrefix.trim();
        if (wanted.isEmpty()) {
            throw new BadInputException("run id is empty");
        }
        if (!wanted.startsWith(".") && !wanted.contains("/") && !wanted.contains("\\") && Files.isDirectory(root.resolve(wanted))) {
            return wanted; // an exact id needs no listing of the whole store
        }
        List<String> ids = runFolders().stream().map(p -> p.getFileName().toString()).sorted().toList();
        List<String> matches = ids.stream().filter(i -> i.startsWith(wanted)).toList();
        if (matches.isEmpty()) {
            throw new BadInputException("run '" + wanted + "' not found in store " + root);
        }
        if (matches.size() > 1) {
            String shown = matches.stream().limit(10).collect(Collectors.joining(", "));
            throw new BadInputException("run prefix '" + wanted + "' is ambiguous: " + shown
                    + (matches.size() > 10 ? ", ... (" + matches.size() + " runs)" : ""));
        }
        return matches.get(0);
    }

    /**
     * A handle to continue writing a run (resume, or to finish what another job started). Refused
     * while another live process on this machine is running it.
     */
    public synchronized RunHandle open(String idOrPrefix) {
        String id = resolve(idOrPrefix);
        RunHandle cached = handles.get(id);
        if (cached != null) {
            return cached;
        }
        RunRecord stored = readStored(id);
        if (ownedByOtherLiveProcess(root.resolve(id), stored)) {
            throw new BadInputException("run " + id + " is being run by " + ownerOf(root.resolve(id), stored) + "; stop it first");
        }
        ensureWritableRoot();
        RunHandle handle = new RunHandle(root.resolve(id), stored, clock);
        handles.put(id, handle);
        return handle;
    }

    /** What a job takes as input: a finished run of some kinds, and what to say of one that is not. */
    public enum Input {
        /** A gallery model (of a compatibility training, a supernet, an index): a trained, exported or imported model. */
        GALLERY_MODEL(EnumSet.of(RunKind.gallery, RunKind.query, RunKind.imported), "gallery", "a gallery model",
                "--gallery takes a trained or imported model", "final model"),
        SUPERNET(EnumSet.of(RunKind.supernet), "supernet", "a supernet run", "train one with cmpnas supernet --gallery RUN or --pair",
                "final supernet"),
        SEARCH(EnumSet.of(RunKind.search), "search", "a search run", "make one with cmpnas search --supernet RUN", "result to export");

        private final Set<RunKind> kinds;
        private final String role;
        private final String wanted;
        private final String hint;
        private final String result;

        Input(Set<RunKind> kinds, String role, String wanted, String hint, String result) {
            this.kinds = kinds;
            this.role = role;
            this.wanted = wanted;
            this.hint = hint;
            this.result = result;
        }
    }

    /**
     * The finished run {@code idOrPrefix} names, as a job's {@code input}: one check for every job. A run of
     * another kind or an unfinished one is refused, naming what it is and what was wanted.
     */
    public RunRecord finished(String idOrPrefix, Input input) {
        RunRecord run = load(idOrPrefix);
        if (!input.kinds.contains(run.kind())) {
            throw new BadInputException("run " + run.id() + " is a " + run.kind() + " run, not " + input.wanted + " (" + input.hint + ")");
        }
        if (run.status() != RunStatus.finished) {
            throw new BadInputException(input.role + " run " + run.id() + " is " + run.status() + ", not finished: it has no " + input.result);
        }
        return run;
    }

    /** Soft delete: hidden from {@link #list()}, kept on disk, undone by {@link #restore}. */
    public void delete(String idOrPrefix) {
        setDeleted(resolve(idOrPrefix), true);
    }

    /** Undoes {@link #delete}, also for a damaged run that was moved aside. */
    public void restore(String idOrPrefix) {
        String wanted = idOrPrefix == null ? "" : idOrPrefix.trim();
        Path trashed = root.resolve(TRASH).resolve(wanted);
        if (!wanted.isEmpty() && !wanted.contains("/") && !wanted.contains("\\") && !wanted.startsWith(".")
                && Files.isDirectory(trashed) && !Files.exists(root.resolve(wanted))) {
            move(trashed, root.resolve(wanted));
            return;
        }
        setDeleted(resolve(idOrPrefix), false);
    }

    /** Gives a run another name (trimmed); refused while another process is writing the run. */
    public RunRecord rename(String idOrPrefix, String name) {
        RunText.nameProblem(name).ifPresent(p -> {
            throw new BadInputException("cannot rename the run: " + p);
        });
        return change(resolve(idOrPrefix), r -> r.withName(name.strip()));
    }

    /** Keeps the user's note in a run's record (blank removes it); refused while another process is writing the run. */
    public RunRecord annotate(String idOrPrefix, String note) {
        RunText.noteProblem(note).ifPresent(p -> {
            throw new BadInputException("cannot keep the note: " + p);
        });
        return change(resolve(idOrPrefix), r -> r.withNote(note));
    }

    /** The folder of a run (for its weights and caches); the run must exist. */
    public Path dir(String idOrPrefix) {
        return root.resolve(resolve(idOrPrefix));
    }

    /** The retrieval results kept with a (query) run, one per gallery run and protocol. */
    public List<Evaluation> evaluations(String idOrPrefix) {
        return EvaluationFile.read(dir(idOrPrefix));
    }

    /** Keeps a retrieval result with its query run, replacing one for the same gallery and protocol. */
    public void putEvaluation(Evaluation evaluation) {
        EvaluationFile.put(dir(evaluation.query()), evaluation);
    }

    /** The events of metrics.jsonl in file order; invalid or torn lines are skipped. */
    public List<MetricEvent> metrics(String idOrPrefix) {
        return RunFiles.readMetrics(root.resolve(resolve(idOrPrefix)).resolve(RunFiles.METRICS));
    }

    private void setDeleted(String id, boolean deleted) {
        RunHandle handle;
        synchronized (this) {
            handle = handles.get(id);
        }
        if (handle != null) { // keep the in-memory copy of an open run in step with the file
            handle.update(r -> r.withDeleted(deleted));
            return;
        }
        RunListing listing = RunFiles.read(root.resolve(id));
        if (listing.isDamaged()) {
            if (deleted) { // cannot flag what cannot be read: move the folder aside instead, still on disk
                move(root.resolve(id), root.resolve(TRASH).resolve(id));
                return;
            }
            throw new BadInputException("run " + id + " in " + root + " is damaged: " + listing.problem());
        }
        RunRecord record = listing.record().get();
        if (deleted && ownedByOtherLiveProcess(root.resolve(id), record)) {
            throw new BadInputException("run " + id + " is being run by " + ownerOf(root.resolve(id), record) + "; stop it first");
        }
        ensureWritableRoot();
        new RunHandle(root.resolve(id), record, clock).update(r -> r.withDeleted(deleted));
    }

    /**
     * A user's change to a run's record. A run this process writes goes through its handle, so the job's
     * next write keeps the change; a run another live process writes is refused, as that process would
     * overwrite the change with its own copy of the record.
     */
    private RunRecord change(String id, UnaryOperator<RunRecord> edit) {
        RunHandle handle;
        synchronized (this) {
            handle = handles.get(id);
        }
        if (handle != null && handle.isWriting()) { // a job of this store: its next write keeps the change
            return handle.update(edit);
        }
        RunRecord record = readStored(id);
        Path dir = root.resolve(id);
        if (ownedByOtherLiveProcess(dir, record)) {
            throw new BadInputException("run " + id + " is being written by " + ownerOf(dir, record)
                    + "; change it when that job has ended");
        }
        if (RunLock.state(dir) == RunLock.State.HELD_HERE) { // a job of another store (window) in this process
            throw new BadInputException("run " + id + " is being written by a job of another window; change it when that job has ended");
        }
        ensureWritableRoot();
        return (handle != null ? handle : new RunHandle(dir, record, clock)).update(edit);
    }

    private RunRecord readValid(String id) {
        RunListing listing = reconcile(root.resolve(id), RunFiles.read(root.resolve(id)));
        return listing.record().orElseThrow(() ->
                new BadInputException("run " + id + " in " + root + " is damaged: " + listing.problem()));
    }

    private RunRecord readStored(String id) {
        RunListing listing = RunFiles.read(root.resolve(id));
        return listing.record().orElseThrow(() ->
                new BadInputException("run " + id + " in " + root + " is damaged: " + listing.problem()));
    }

    /** Run folders: every non-hidden directory under the root (hidden ones are trash and temp files). */
    private List<Path> runFolders() {
        if (!Files.exists(root)) {
            return List.of();
        }
        if (!Files.isDirectory(root)) {
            throw new BadInputException("run store " + root + " is not a folder");
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().equals(REPORTS)
                            && Files.isDirectory(p))
                    .filter(p -> !isUnfinishedCreation(p))
                    .collect(Collectors.toCollection(ArrayList::new));
        } catch (IOException e) {
            throw new BadInputException("cannot read run store " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * A run left as running (or queued) by a process that no longer exists on this machine is
     * interrupted: its lock is free. Runs of older versions have no lock file; for them the recorded
     * process id is checked. Runs of another host cannot be checked (shared store) and keep their status.
     */
    private static RunListing reconcile(Path dir, RunListing listing) {
        return listing.record()
                .filter(r -> !r.status().isTerminal() && isLocal(r) && writerIsGone(dir, r))
                .map(r -> RunListing.ok(r.withStatus(RunStatus.interrupted, r.message() != null ? r.message()
                        : r.status() == RunStatus.queued ? "its process ended before the run started"
                        : "process " + (r.pid() != null ? r.pid() + " " : "") + "ended without finishing the run")))
                .orElse(listing);
    }

    private static boolean writerIsGone(Path dir, RunRecord r) {
        return switch (RunLock.state(dir)) {
            case FREE -> true;
            case HELD_HERE, HELD_ELSEWHERE -> false;
            case NONE, UNKNOWN -> r.status() == RunStatus.running && r.pid() != null && !isAlive(r.pid());
        };
    }

    /** True when another process is writing the run, so this one must not. */
    private static boolean ownedByOtherLiveProcess(Path dir, RunRecord r) {
        return switch (RunLock.state(dir)) {
            case HELD_ELSEWHERE -> true;
            case FREE, HELD_HERE -> false;
            case NONE, UNKNOWN -> r.status() == RunStatus.running && r.pid() != null && isLocal(r)
                    && r.pid() != ProcessHandle.current().pid() && isAlive(r.pid());
        };
    }

    private static String ownerOf(Path dir, RunRecord r) {
        String owner = RunLock.owner(dir);
        return owner.startsWith("process") || r.pid() == null ? owner : "process " + r.pid();
    }

    private static boolean isLocal(RunRecord r) {
        return r.provenance() == null || r.provenance().host() == null
                || r.provenance().host().equals(Provenance.localHost());
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Instant sortTime(RunListing l) {
        return l.record().map(RunRecord::createdAt)
                .or(() -> RunIds.timeOf(l.id()))
                .orElse(Instant.EPOCH);
    }

    /**
     * A folder without run.json that holds nothing but hidden files is no run (yet): another process
     * is creating it this very moment, or died doing so. It is not listed when it holds a run's lock
     * file, or when it was made in the last seconds (creation takes milliseconds: the folder exists
     * a moment before its lock file). An older folder without even the lock lists as damaged.
     */
    private static boolean isUnfinishedCreation(Path dir) {
        if (Files.exists(dir.resolve(RunFiles.RECORD))) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (!entries.allMatch(p -> p.getFileName().toString().startsWith("."))) {
                return false; // run.json may have appeared meanwhile: then the folder is read as a run
            }
            return Files.exists(dir.resolve(RunLock.FILE))
                    || Files.getLastModifiedTime(dir).toInstant().isAfter(Instant.now().minus(CREATION_SECONDS)); // file times are wall-clock times
        } catch (IOException e) {
            return false;
        }
    }

    /** Claims a new id by creating its folder: createDirectory is atomic, also across processes. */
    private Path reserveFolder(Instant now) {
        for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
            Path dir = root.resolve(RunIds.next(now, random));
            try {
                Files.createDirectory(dir);
                // The lock file at once, before any wait for the lock: it marks the folder as a run being
                // created, which listings skip until its run.json is there.
                Files.createFile(dir.resolve(RunLock.FILE));
                return dir;
            } catch (FileAlreadyExistsException e) {
                // same second, same 4 hex digits: draw again
            } catch (IOException e) {
                throw StoreWriteException.of(dir, e);
            }
        }
        throw new IllegalStateException("no free run id in " + root + " after " + MAX_ID_ATTEMPTS + " attempts");
    }

    private void ensureWritableRoot() {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new BadInputException("run store " + root + " is not a folder");
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new BadInputException("cannot create run store folder " + root + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(root)) {
            throw new BadInputException("run store folder " + root + " is not writable");
        }
    }

    private void move(Path from, Path to) {
        ensureWritableRoot();
        try {
            Files.createDirectories(to.getParent());
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
