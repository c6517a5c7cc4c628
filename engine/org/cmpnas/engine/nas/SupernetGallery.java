package org.cmpnas.engine.nas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Objects;
import org.cmpnas.engine.compat.CompatibilityLoss;
import org.cmpnas.engine.compat.GalleryTeacher;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.BatchSource;

/**
 * What every sampled subnet is made compatible with while the supernet trains: the loss (its
 * gallery classifier) and the gallery's embeddings of a batch. Nothing here ever changes the gallery.
 *
 * <p>Two modes: an external gallery model ({@link #external}), and pair mode ({@link #largestSubnet}),
 * where the gallery is the supernet's own largest subnet.
 */
public interface SupernetGallery {

    /** The loss of the sampled subnets for one step; arrays it makes live in {@code scope}. */
    CompatibilityLoss loss(NDManager scope);

    /**
     * The gallery's embeddings of {@code batch} ({@code images} as a tensor; no gradient) when the loss needs them, else null;
     * arrays live in {@code scope}. Null in pair mode, where they come from the largest subnet's
     * forward of the same step.
     */
    NDArray embed(BatchSource.Batch batch, NDArray images, NDManager scope);

    /**
     * Whether the gallery is the sandwich's largest subnet: then the trainer gives the largest subnet
     * its plain classification loss and hands its detached embedding of the batch to the others as
     * the gallery embedding.
     */
    default boolean isLargestSubnet() {
        return false;
    }

    /** A frozen gallery model from another run. */
    static SupernetGallery external(GalleryTeacher teacher) {
        Objects.requireNonNull(teacher, "teacher");
        return new SupernetGallery() {
            @Override
            public CompatibilityLoss loss(NDManager scope) {
                return teacher.loss();
            }

            @Override
            public NDArray embed(BatchSource.Batch batch, NDArray images, NDManager scope) {
                return teacher.embed(batch, images, scope);
            }
        };
    }

    /**
     * Pair mode: the gallery is the largest subnet, which is trained too (it is the first subnet of
     * every sandwich) and whose classifier every subnet shares. The loss {@code spec} keeps its
     * meaning, the largest subnet standing for the gallery model:
     * <ul>
     *   <li>{@code bct}'s influence term is the subnet's embedding through the shared classifier,
     *       detached (the gallery's classifier is not moved by the query's term). With one shared
     *       classifier that is the subnet's own cross-entropy again, so {@code bct} alone makes the
     *       subnets compatible only inside the classifier's span (10 of 128 dimensions here).</li>
     *   <li>{@code l2} (and the l2 part of {@code bct+l2}) pulls each subnet's normalised embedding
     *       onto the largest subnet's embedding of the same images, detached: Once-for-All's in-place
     *       distillation, applied to the embedding instead of the logits. This aligns the whole
     *       embedding, which is what retrieval compares; {@code contrastive} likewise uses the
     *       largest subnet's embeddings of the batch as its gallery side.</li>
     * </ul>
     * We keep one loss option for both modes rather than always adding the distillation, so an
     * external-gallery supernet and a pair-mode one trained with the same {@code --loss} compare like
     * for like; {@code bct+l2} gives pair mode both the shared classifier and the distillation.
     *
     * <p>The classifier is read afresh each step (a detached view in the step's scope): the optimiser
     * changes it in place between steps.
     */
    static SupernetGallery largestSubnet(Supernet net, LossSpec spec) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(spec, "spec");
        return new SupernetGallery() {
            @Override
            public CompatibilityLoss loss(NDManager scope) {
                NDArray classifier = net.classifierMatrix().stopGradient();
                classifier.attach(scope);
                return new CompatibilityLoss(spec, classifier);
            }

            @Override
            public NDArray embed(BatchSource.Batch batch, NDArray images, NDManager scope) {
                return null;
            }

            @Override
            public boolean isLargestSubnet() {
                return true;
            }
        };
    }
}
