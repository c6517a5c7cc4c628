package org.cmpnas.engine.nas;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.InputShape;
import org.cmpnas.engine.store.StoreWriteException;

/**
 * A trained supernet on disk, in a run's {@code weights/}: the parameters {@code supernet.params} with
 * {@code supernet.properties} (classes, embedding size), each written under a temporary name and moved
 * into place in one step. (Checkpoints during training are {@link org.cmpnas.engine.train.Checkpoint}s.)
 */
public final class SupernetFiles {
    public static final String PARAMS = "supernet.params";
    public static final String CARD = "supernet.properties";

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
            card.setProperty("input", net.input().text());
            Path tmp = weightsDir.resolve(CARD + ".tmp");
            try (var w = Files.newBufferedWriter(tmp)) {
                card.store(w, "CMP-NAS Workbench supernet");
            }
            Files.move(tmp, weightsDir.resolve(CARD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw StoreWriteException.of("the supernet", weightsDir, e);
        }
    }

    /** The images a finished supernet takes, from its card (supernets recorded before image sizes: 1 x 28 x 28). */
    public static InputShape input(Path weightsDir) {
        return InputShape.parse(readCard(weightsDir).getProperty("input", InputShape.GREY_28.text()));
    }

    /** Rebuilds the supernet of a finished run's {@code weights/}; its arrays live in {@code manager}. */
    public static Supernet load(Path weightsDir, NDManager manager) {
        Properties card = readCard(weightsDir);
        int classes;
        try {
            classes = Integer.parseInt(card.getProperty("classes", ""));
        } catch (NumberFormatException e) {
            throw new BadInputException("supernet description " + weightsDir.resolve(CARD) + " has no valid 'classes'");
        }
        // supernets recorded before image sizes have no input: the protocol's 1 x 28 x 28
        InputShape input = input(weightsDir);
        Supernet net = new Supernet(classes, input);
        net.initialize(manager, DataType.FLOAT32, input.batch(1));
        readParams(net, weightsDir.resolve(PARAMS), manager);
        return net;
    }

    private static Properties readCard(Path weightsDir) {
        Properties card = new Properties();
        try (var r = Files.newBufferedReader(weightsDir.resolve(CARD))) {
            card.load(r);
        } catch (NoSuchFileException e) {
            throw new BadInputException("no trained supernet in " + weightsDir + " (the supernet run has not finished)");
        } catch (IOException e) {
            throw new BadInputException("supernet description " + weightsDir.resolve(CARD) + " is unreadable: " + e.getMessage(), e);
        }
        return card;
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
}
