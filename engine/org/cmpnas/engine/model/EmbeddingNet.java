package org.cmpnas.engine.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Optional;

/**
 * A backbone that embeds images, plus the classifier (Linear 128 → classes, no bias) used only in
 * training. Forward returns (embedding, logits); the classifier is a named child so that a compatible
 * query model can borrow a gallery model's classifier later.
 */
public final class EmbeddingNet extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Block backbone;
    private final Block classifier;
    /** The architecture whose {@link Networks#backbone} this backbone is, or null for any other block. */
    private final ArchSpec spec;

    public EmbeddingNet(ArchSpec spec, int classes) {
        this(spec, Networks.backbone(spec), Linear.builder().setUnits(classes).optBias(false).build());
    }

    /** A network over given blocks; two networks may share one classifier (joint training). */
    public EmbeddingNet(Block backbone, Block classifier) {
        this(null, backbone, classifier);
    }

    /** A network over given blocks, {@code backbone} built by {@link Networks#backbone} for {@code spec}. */
    public EmbeddingNet(ArchSpec spec, Block backbone, Block classifier) {
        super(VERSION);
        this.spec = spec;
        this.backbone = addChildBlock("backbone", backbone);
        this.classifier = addChildBlock("classifier", classifier);
    }

    /** The architecture of the backbone, when it is a {@link Networks#backbone} (what batch-norm folding needs). */
    public Optional<ArchSpec> spec() {
        return Optional.ofNullable(spec);
    }

    public Block backbone() {
        return backbone;
    }

    public Block classifier() {
        return classifier;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList embedding = backbone.forward(store, inputs, training, params);
        NDList logits = classifier.forward(store, embedding, training, params);
        return new NDList(embedding.singletonOrThrow(), logits.singletonOrThrow());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] embedding = backbone.getOutputShapes(inputShapes);
        return new Shape[] {embedding[0], classifier.getOutputShapes(embedding)[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        classifier.initialize(manager, dataType, backbone.getOutputShapes(inputShapes));
    }
}
