package org.cmpnas.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.Optional;
import org.cmpnas.engine.data.Normalization;

/**
 * A model read back from a run folder, ready for inference: its block's first output is the
 * embedding; its classifier matrix (classes × embedding), when it has one, is what the {@code bct}
 * loss borrows from a gallery model. {@code input} and {@code normalization} are the images it takes and
 * the statistics it was trained with: whoever feeds it feeds those. Arrays live in the manager the model
 * was loaded into; closing releases what the loader opened besides (e.g. a TorchScript module).
 */
public record LoadedModel(String arch, Block block, NDArray classifier, InputShape input, Normalization normalization,
                          AutoCloseable resources) implements AutoCloseable {

    /** A model of the protocol's input (1 x 28 x 28, Fashion-MNIST statistics) with nothing else to release. */
    public LoadedModel(String arch, Block block, NDArray classifier) {
        this(arch, block, classifier, InputShape.GREY_28, Normalization.FASHION_MNIST, () -> { });
    }

    public Optional<NDArray> classifierMatrix() {
        return Optional.ofNullable(classifier);
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not release model " + arch + ": " + e.getMessage(), e);
        }
    }
}
