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

/**
 * A query and a gallery network trained together, sharing one classifier, so that both embed into
 * one space (the paper's "modify the parameters of each model"). Forward returns (query embedding,
 * query logits, gallery embedding, gallery logits); each side is a standalone {@link EmbeddingNet}.
 */
public final class JointNet extends AbstractBlock {
    private static final byte VERSION = 1;

    private final EmbeddingNet query;
    private final EmbeddingNet gallery;

    public JointNet(ArchSpec querySpec, ArchSpec gallerySpec, int classes) {
        super(VERSION);
        Block shared = Linear.builder().setUnits(classes).optBias(false).build();
        this.query = addChildBlock("query", new EmbeddingNet(querySpec, Networks.backbone(querySpec), shared));
        this.gallery = addChildBlock("gallery", new EmbeddingNet(gallerySpec, Networks.backbone(gallerySpec), shared));
    }

    public EmbeddingNet query() {
        return query;
    }

    public EmbeddingNet gallery() {
        return gallery;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList q = query.forward(store, inputs, training, params);
        NDList g = gallery.forward(store, inputs, training, params);
        return new NDList(q.get(0), q.get(1), g.get(0), g.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] q = query.getOutputShapes(inputShapes);
        Shape[] g = gallery.getOutputShapes(inputShapes);
        return new Shape[] {q[0], q[1], g[0], g[1]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        query.initialize(manager, dataType, inputShapes);
        gallery.initialize(manager, dataType, inputShapes);
    }
}
