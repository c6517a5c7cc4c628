package org.cmpnas.engine.compat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * The value of a {@link LossSpec} on one batch. The gallery side (its classifier, its embeddings) is
 * constant: gradients flow only into the query model.
 */
public final class CompatibilityLoss {
    private static final Loss CE = Loss.softmaxCrossEntropyLoss();

    private final LossSpec spec;
    /** W_gᵀ, detached, made once: per step it would leave a handle in the gallery model's manager. */
    private final NDArray galleryClassifierT;

    /** {@code galleryClassifier} (classes × dim) is needed by bct and bct+l2, else may be null. */
    public CompatibilityLoss(LossSpec spec, NDArray galleryClassifier) {
        if (spec instanceof LossSpec.Joint) {
            throw new IllegalArgumentException("joint training has its own loss over two models");
        }
        if (spec.needsGalleryClassifier() && galleryClassifier == null) {
            throw new IllegalArgumentException(spec.text() + " needs the gallery model's classifier");
        }
        this.spec = spec;
        this.galleryClassifierT = galleryClassifier == null ? null : galleryClassifier.stopGradient().transpose();
    }

    public LossSpec spec() {
        return spec;
    }

    /**
     * @param embedding     the query model's raw embeddings (batch × dim)
     * @param logits        the query model's own classifier logits
     * @param labels        class labels (batch), any numeric type
     * @param galleryEmbedding the gallery model's raw embeddings of the same images, or null when not needed
     */
    public NDArray evaluate(NDArray embedding, NDArray logits, NDArray labels, NDArray galleryEmbedding) {
        NDArray y = labels.toType(DataType.FLOAT32, false);
        NDArray loss = ce(logits, y);
        if (spec instanceof LossSpec.Bct b) {
            loss = loss.add(influence(embedding, y).mul((float) b.lambda()));
        } else if (spec instanceof LossSpec.L2 l) {
            loss = loss.add(l2(embedding, galleryEmbedding).mul((float) l.lambda()));
        } else if (spec instanceof LossSpec.BctL2 bl) {
            loss = loss.add(influence(embedding, y).add(l2(embedding, galleryEmbedding)).mul((float) bl.lambda()));
        } else if (spec instanceof LossSpec.Contrastive c) {
            loss = loss.add(infoNce(embedding, galleryEmbedding, c.temperature()).mul((float) c.lambda()));
        }
        return loss;
    }

    private static NDArray ce(NDArray logits, NDArray labels) {
        return CE.evaluate(new NDList(labels), new NDList(logits));
    }

    /** The BCT influence term: the query embedding through the gallery model's frozen classifier. */
    private NDArray influence(NDArray embedding, NDArray labels) {
        return ce(embedding.matMul(galleryClassifierT), labels);
    }

    private static NDArray l2(NDArray embedding, NDArray galleryEmbedding) {
        NDArray diff = normalise(embedding).sub(normalise(galleryEmbedding.stopGradient()));
        return diff.square().sum(new int[] {1}).mean();
    }

    private static NDArray infoNce(NDArray embedding, NDArray galleryEmbedding, double temperature) {
        NDArray similarities = normalise(embedding).matMul(normalise(galleryEmbedding.stopGradient()).transpose())
                .div((float) temperature);
        NDManager manager = embedding.getManager();
        NDArray positives = manager.arange((int) embedding.getShape().get(0)).toType(DataType.FLOAT32, false);
        return ce(similarities, positives);
    }

    static NDArray normalise(NDArray x) {
        return x.div(x.norm(new int[] {1}, true).maximum(1e-12f));
    }
}
