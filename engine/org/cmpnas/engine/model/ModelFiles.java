package org.cmpnas.engine.model;

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
import org.cmpnas.engine.data.Normalization;
import org.cmpnas.engine.store.StoreWriteException;

/**
 * A trained embedding model on disk: {@code model.params} (DJL's parameter format, the classifier
 * included) and {@code model.properties} naming the architecture (with its input) and the number of
 * classes, which are needed to rebuild the network before its parameters can be loaded, and the
 * normalisation statistics it was trained with (none: the Fashion-MNIST ones, as every model recorded
 * before per-channel statistics was).
 */
public final class ModelFiles {
    public static final String PARAMS = "model.params";
    public static final String CARD = "model.properties";
    /** The {@code format} of an imported TorchScript model; absent for networks trained here. */
    public static final String FORMAT_TORCHSCRIPT = "torchscript";

    private ModelFiles() {
    }

    /** The card's normalisation statistics (see {@link Normalization#text}). */
    public static final String NORMALIZATION = "normalization";
    /** An imported model's input, {@code CHANNELSxSIZE}; a trained one's is part of its {@code arch}. */
    public static final String INPUT = "input";

    public static void save(Path weightsDir, ArchSpec spec, int classes, Normalization normalization, EmbeddingNet net) {
        try {
            Path tmp = weightsDir.resolve(PARAMS + ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                net.saveParameters(out);
            }
            Files.move(tmp, weightsDir.resolve(PARAMS), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Properties card = new Properties();
            card.setProperty("arch", spec.text());
            card.setProperty("classes", Integer.toString(classes));
            card.setProperty("embeddingDim", Integer.toString(ArchSpec.EMBEDDING_DIM));
            card.setProperty(NORMALIZATION, normalization.text());
            Path cardTmp = weightsDir.resolve(CARD + ".tmp");
            try (var w = Files.newBufferedWriter(cardTmp)) {
                card.store(w, "CMP-NAS Workbench model");
            }
            Files.move(cardTmp, weightsDir.resolve(CARD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw StoreWriteException.of("the model", weightsDir, e);
        }
    }

    /** The file holding the model's weights: what changes when the model does. */
    public static Path weightsFile(Path weightsDir) {
        return FORMAT_TORCHSCRIPT.equals(readCard(weightsDir).getProperty("format"))
                ? weightsDir.resolve(TorchScriptModels.MODULE) : weightsDir.resolve(PARAMS);
    }

    /**
     * The model of a run folder's {@code weights/}, whatever its format, for inference: a network
     * trained here (with its batch norm folded into the convolutions, see {@link BatchNormFolding}), or
     * an imported TorchScript model. Arrays live in {@code manager}.
     */
    public static LoadedModel open(Path weightsDir, NDManager manager) {
        Properties card = readCard(weightsDir);
        if (FORMAT_TORCHSCRIPT.equals(card.getProperty("format"))) {
            return TorchScriptModels.load(weightsDir, card, manager);
        }
        EmbeddingNet folded;
        try (NDManager loading = manager.newSubManager()) {
            folded = BatchNormFolding.fold(load(weightsDir, loading), manager);
            // The classifier is shared with the trained network: keep its arrays when the rest goes.
            folded.classifier().getParameters().forEach(p -> p.getValue().getArray().attach(manager));
        }
        return new LoadedModel(card.getProperty("arch"), folded, folded.classifier().getParameters().get(0).getValue().getArray(),
                ArchSpec.parse(card.getProperty("arch", "")).input(), Normalization.parse(card.getProperty(NORMALIZATION)), () -> { });
    }

    /** Rebuilds a network trained here and loads its parameters; the arrays live in {@code manager}. */
    public static EmbeddingNet load(Path weightsDir, NDManager manager) {
        Properties card = readCard(weightsDir);
        ArchSpec spec = ArchSpec.parse(card.getProperty("arch", ""));
        int classes;
        try {
            classes = Integer.parseInt(card.getProperty("classes", ""));
        } catch (NumberFormatException e) {
            throw new BadInputException("model description " + weightsDir.resolve(CARD) + " has no valid 'classes'");
        }
        EmbeddingNet net = new EmbeddingNet(spec, classes);
        net.initialize(manager, DataType.FLOAT32, spec.input().batch(1));
        Path params = weightsDir.resolve(PARAMS);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
            net.loadParameters(manager, in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new BadInputException("weights " + params + " cannot be loaded: " + e.getMessage(), e);
        }
        return net;
    }

    /** The model description {@code model.properties}: arch, classes, format and, for imports, MACs. */
    public static Properties readCard(Path weightsDir) {
        Properties card = new Properties();
        try (var r = Files.newBufferedReader(weightsDir.resolve(CARD))) {
            card.load(r);
        } catch (NoSuchFileException e) {
            throw new BadInputException("no trained model in " + weightsDir + " (the run has not finished)");
        } catch (IOException e) {
            throw new BadInputException("model description " + weightsDir.resolve(CARD) + " is unreadable: " + e.getMessage(), e);
        }
        return card;
    }
}
