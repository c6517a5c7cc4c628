package org.cmpnas.engine.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.store.StoreWriteException;

/**
 * The state after a finished epoch: parameters, momentum buffers and the position in the schedule.
 * Each checkpoint is a folder {@code ckpt-<epoch>} written under a temporary name and renamed in one
 * step, so a process killed mid-write leaves the previous checkpoint intact. Used by model training
 * and by supernet training alike.
 */
public record Checkpoint(int epoch, long step) {
    private static final String PREFIX = "ckpt-";
    private static final String TMP = ".tmp-" + PREFIX;
    private static final String PARAMS = "model.params";
    private static final String OPTIMIZER = "optimizer.ndlist";

    /** Saves {@code net}'s parameters and {@code optimizer}'s momentum buffers as the checkpoint after this epoch. */
    public void save(Path weightsDir, Block net, NesterovSgd optimizer) {
        try (NDManager scope = NDManager.newBaseManager()) {
            save(weightsDir, net, optimizer.state(net.getParameters(), scope));
        }
    }

    private void save(Path weightsDir, Block net, NDList optimizerState) {
        // A named folder rather than createTempDirectory, whose mode 0700 would survive the rename.
        Path tmp = weightsDir.resolve(TMP + epoch + "-" + ProcessHandle.current().pid());
        try {
            deleteTree(tmp);
            Files.createDirectory(tmp);
            writeParams(net, tmp.resolve(PARAMS));
            Files.write(tmp.resolve(OPTIMIZER), optimizerState.encode());
            Files.writeString(tmp.resolve("position"), epoch + " " + step);
            Files.move(tmp, weightsDir.resolve(PREFIX + epoch), StandardCopyOption.ATOMIC_MOVE);
            try (Stream<Path> old = Files.list(weightsDir)) {
                old.filter(p -> p.getFileName().toString().startsWith(PREFIX) && epochOf(p) < epoch)
                        .forEach(Checkpoint::deleteTree);
            }
        } catch (IOException e) {
            deleteTree(tmp); // a full disk gets its space back; the previous checkpoint stays
            throw StoreWriteException.of("a checkpoint", weightsDir, e);
        }
    }

    /** Removes half-written checkpoints a killed process left behind; call only while holding the run. */
    public static void removeUnfinished(Path weightsDir) {
        if (!Files.isDirectory(weightsDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(weightsDir)) {
            files.filter(p -> p.getFileName().toString().startsWith(TMP)).forEach(Checkpoint::deleteTree);
        } catch (IOException e) {
            // leftovers cost disk space only
        }
    }

    /** What a cancelled run's record says of its checkpoints; {@code resume} continues it, e.g. "train --resume RUN". */
    public static String whenCancelled(Path weightsDir, String resume) {
        return latest(weightsDir).map(c -> "cancelled; the checkpoint after epoch " + c.epoch() + " is kept (" + resume + " continues)")
                .orElse("cancelled during the first epoch, before any checkpoint");
    }

    /** The newest complete checkpoint in {@code weightsDir}, if any. */
    public static Optional<Checkpoint> latest(Path weightsDir) {
        if (!Files.isDirectory(weightsDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(weightsDir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(PREFIX) && epochOf(p) >= 0)
                    .max(Comparator.comparingInt(Checkpoint::epochOf))
                    .map(Checkpoint::readPosition);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir(Path weightsDir) {
        return weightsDir.resolve(PREFIX + epoch);
    }

    /** Loads the parameters into {@code net} (initialised, its arrays in {@code manager}) and the momentum buffers into {@code optimizer}. */
    public void restore(Path weightsDir, Block net, NesterovSgd optimizer, NDManager manager) {
        Path dir = dir(weightsDir);
        readParams(net, dir.resolve(PARAMS), manager);
        // Loaded arrays are new and carry no gradient; trainable ones need it back to be trained on.
        net.getParameters().values().stream().filter(Parameter::requiresGradient).forEach(p -> p.getArray().setRequiresGradient(true));
        try {
            optimizer.restore(net.getParameters(), NDList.decode(manager, Files.readAllBytes(dir.resolve(OPTIMIZER))));
        } catch (IOException e) {
            throw new BadInputException("checkpoint " + dir + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static void writeParams(Block net, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            net.saveParameters(out);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void readParams(Block net, Path file, NDManager manager) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            net.loadParameters(manager, in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new BadInputException("weights " + file + " cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static int epochOf(Path p) {
        try {
            return Integer.parseInt(p.getFileName().toString().substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Checkpoint readPosition(Path dir) {
        try {
            String[] parts = Files.readString(dir.resolve("position")).trim().split(" ");
            return new Checkpoint(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("checkpoint " + dir + " is damaged: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // An old checkpoint left behind costs disk space only.
        }
    }
}
