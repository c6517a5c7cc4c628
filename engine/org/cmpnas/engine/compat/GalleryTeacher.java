package org.cmpnas.engine.compat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.Augmentation;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.model.LoadedModel;

/**
 * A frozen gallery model seen from the query model's training: its embeddings of a batch (inference
 * mode, no gradient) and its classifier. Nothing here ever changes the gallery model.
 */
public final class GalleryTeacher {
    private final LoadedModel gallery;
    private final CompatibilityLoss loss;
    private final GalleryEmbeddingTable table;

    /**
     * @param runId   the gallery run, for messages
     * @param classes the number of classes the query model is trained on
     */
    public GalleryTeacher(String runId, LoadedModel gallery, LossSpec spec, int classes) {
        if (spec.needsGalleryClassifier()) {
            NDArray w = gallery.classifierMatrix().orElseThrow(() -> new BadInputException("gallery run " + runId
                    + " is a model without a classifier: " + spec.text() + " needs one (import it with --classifier FILE.npy); l2 and contrastive work without it"));
            if (w.getShape().get(0) != classes) {
                throw new BadInputException("gallery run " + runId + " classifies " + w.getShape().get(0)
                        + " classes but the training data has " + classes + ": " + spec.text() + " needs the same classes");
            }
        }
        this.gallery = gallery;
        this.loss = new CompatibilityLoss(spec, gallery.classifier());
        this.table = null;
    }

    private GalleryTeacher(GalleryTeacher teacher, GalleryEmbeddingTable table) {
        this.gallery = teacher.gallery;
        this.loss = teacher.loss;
        this.table = table;
    }

    /**
     * This teacher with the gallery's embeddings of the training images looked up instead of computed
     * per batch, when the loss needs embeddings and the batches are not randomly cropped; {@code log}
     * is told which.
     *
     * @param table computes or reads the table; called only when it is used
     */
    public GalleryTeacher withTrainingEmbeddings(Supplier<GalleryEmbeddingTable> table, Augmentation augmentation, Consumer<String> log) {
        if (!loss.spec().needsGalleryEmbeddings()) {
            return this;
        }
        if (augmentation.padCrop() > 0) {
            log.accept("random crops (--pad-crop) make new images every batch: the gallery model embeds each batch");
            return this;
        }
        GalleryEmbeddingTable computed = table.get();
        log.accept("gallery embeddings of the " + computed.plain().count() + " training images and their mirror images: computed once, cached in the gallery run");
        return new GalleryTeacher(this, computed);
    }

    /** Whether the gallery side of a batch comes from the cached table. */
    public boolean usesTable() {
        return table != null;
    }

    /** The loss when there is no gallery model (independent training). */
    public static CompatibilityLoss independent() {
        return new CompatibilityLoss(new LossSpec.Independent(), null);
    }

    public CompatibilityLoss loss() {
        return loss;
    }

    /**
     * The gallery's embeddings of {@code batch} when the loss needs them, else null: looked up in the
     * training table when there is one and it covers the batch, else computed from {@code images} (the
     * batch as a tensor); arrays live in {@code scope}.
     */
    public NDArray embed(BatchSource.Batch batch, NDArray images, NDManager scope) {
        if (!loss.spec().needsGalleryEmbeddings()) {
            return null;
        }
        if (table != null && table.covers(batch)) {
            return table.lookup(batch, scope);
        }
        return embedLive(images, scope);
    }

    /**
     * The gallery model's forward of {@code images} (no gradient), whatever the loss. The batch goes in as it
     * is, so it must be of the gallery's input; a gallery of another input is refused (the cached table feeds
     * every model its own input, live batches cannot).
     */
    public NDArray embedLive(NDArray images, NDManager scope) {
        if (!images.getShape().slice(1).equals(gallery.input().batch(1).slice(1))) {
            throw new BadInputException("the gallery model " + gallery.arch() + " takes " + gallery.input().text() + " images but the training"
                    + " batches are " + images.getShape().slice(1) + ": random crops (--pad-crop) feed it the batches as they are; train without them");
        }
        NDList out = gallery.block().forward(new ParameterStore(scope, false), new NDList(images), false);
        out.attach(scope);
        return out.get(0).stopGradient();
    }
}
