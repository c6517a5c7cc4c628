package org.cmpnas.engine.compat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.model.LoadedModel;

/**
 * A frozen gallery model seen from the query model's training: its embeddings of a batch (inference
 * mode, no gradient) and its classifier. Nothing here ever changes the gallery model.
 */
public final class GalleryTeacher {
    private final LoadedModel gallery;
    private final CompatibilityLoss loss;

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
    }

    /** The loss when there is no gallery model (independent training). */
    public static CompatibilityLoss independent() {
        return new CompatibilityLoss(new LossSpec.Independent(), null);
    }

    public CompatibilityLoss loss() {
        return loss;
    }

    /** The gallery's embeddings of {@code images} when the loss needs them, else null; arrays live in {@code scope}. */
    public NDArray embed(NDArray images, NDManager scope) {
        if (!loss.spec().needsGalleryEmbeddings()) {
            return null;
        }
        NDList out = gallery.block().forward(new ParameterStore(scope, false), new NDList(images), false);
        out.attach(scope);
        return out.get(0).stopGradient();
    }
}
