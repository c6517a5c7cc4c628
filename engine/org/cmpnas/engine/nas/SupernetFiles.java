package org.cmpnas.engine.nas;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.store.StoreWriteException;

/**
 * A supernet on disk, in a run's {@code weights/}: the final parameters {@code supernet.params} with
 * {@code supernet.properties} (classes, the search space's largest subnet), and during training a
 * checkpoint folder {@code supernet-ckpt/} (parameters and the epoch and step after which they were
 * taken), each written under a temporary name and moved into place in one step.
 */
public final class SupernetFiles {
    public static final String PARAMS = "supernet.params";
    public static final String CARD = "supernet.properties";
    public static final String CHECKPOINT = "supernet-ckpt";

    /** Where a checkpoint stands: after {@code epoch}, the next optimiser step being {@code step}. */
    public record Position(int epoch, long step) {
    }

    private SupernetFiles() {
    }

    /** The final supernet: parameters and the card needed to rebuild it. */
    public static void save(Path weightsDir, Supernet net) {
        try {
            writeParams(net, weightsDir.resolve(PARAMS));
            Properties card = new Properties();
            card.setProperty("format", "supernet");
            card.setProperty("classes", Integer.toString(net.classes()));
            card.setProperty("embeddingDim", Integer.toString(ArchSpec.EMBEDDING_DIM));
            Path tmp = weightsDir.resolve(CARD + ".tmp");
            try (var w = Files.newBufferedWriter(tmp)) {
                card.store(w, "CMP-NAS Workbench supernet");
            }
            Files.move(tmp, weightsDir.resolve(CARD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw StoreWriteException.of("the supernet", weightsDir, e);
        }
    }

    /** Rebuilds the supernet of a finished run's {@code weights/}; its arrays live in {@code manager}. */
    public static Supernet load(Path weightsDir, NDManager manager) {
        Properties card = new Properties();
        try (var r = Files.newBufferedReader(weightsDir.resolve(CARD))) {
            card.load(r);
        } catch (NoSuchFileException e) {
            throw new BadInputException("no trained supernet in " + weightsDir + " (the supernet run has not finished)");
        } catch (IOException e) {
            throw new BadInputException("supernet description " + weightsDir.resolve(CARD) + " is unreadable: " + e.getMessage(), e);
        }
        int classes;
        try {
            classes = Integer.parseInt(card.getProperty("classes", ""));
        } catch (NumberFormatException e) {
            throw new BadInputException("supernet description " + weightsDir.resolve(CARD) + " has no valid 'classes'");
        }
        Supernet net = new Supernet(classes);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, ArchSpec.INPUT_SIZE, ArchSpec.INPUT_SIZE));
        readParams(net, weightsDir.resolve(PARAMS), manager);
        return net;
    }

    /** Replaces the checkpoint by the supernet's current parameters, taken after {@code position.epoch()}. */
    public static void saveCheckpoint(Path weightsDir, Supernet net, Position position) {
        Path target = weightsDir.resolve(CHECKPOINT);
        try {
            Path tmp = Files.createTempDirectory(weightsDir, ".tmp-" + CHECKPOINT);
            writeParams(net, tmp.resolve(PARAMS));
            Files.writeString(tmp.resolve("position"), position.epoch() + " " + position.step());
            Path old = null;
            if (Files.exists(target)) { // a folder cannot be moved over another: move the old one aside first
                old = weightsDir.resolve(".old-" + CHECKPOINT);
                deleteTree(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw StoreWriteException.of("a supernet checkpoint", weightsDir, e);
        }
    }

    /** The position of the checkpoint in {@code weightsDir}, if there is a complete one. */
    public static Optional<Position> checkpoint(Path weightsDir) {
        Path file = weightsDir.resolve(CHECKPOINT).resolve("position");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String[] parts = Files.readString(file).trim().split(" ");
            return Optional.of(new Position(Integer.parseInt(parts[0]), Long.parseLong(parts[1])));
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("supernet checkpoint " + file.getParent() + " is damaged: " + e.getMessage(), e);
        }
    }

    /** Loads the checkpoint's parameters into {@code net} (built for the same number of classes). */
    public static void loadCheckpoint(Path weightsDir, Supernet net, NDManager manager) {
        readParams(net, weightsDir.resolve(CHECKPOINT).resolve(PARAMS), manager);
    }

    private static void writeParams(Supernet net, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            net.saveParameters(out);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void readParams(Supernet net, Path file, NDManager manager) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            net.loadParameters(manager, in);
        } catch (NoSuchFileException e) {
            throw new BadInputException("no supernet weights at " + file);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new BadInputException("supernet weights " + file + " cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
