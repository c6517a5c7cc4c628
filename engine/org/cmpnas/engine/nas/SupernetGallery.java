package org.cmpnas.engine.nas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Objects;
import org.cmpnas.engine.compat.CompatibilityLoss;
import org.cmpnas.engine.compat.GalleryTeacher;

/**
 * What every sampled subnet is made compatible with while the supernet trains: the loss (its
 * gallery classifier) and the gallery's embeddings of a batch. Nothing here ever changes the gallery.
 *
 * <p>Two modes in issue 5: an external gallery model ({@link #external}, done), and pair mode, where
 * the gallery is the supernet's own largest subnet with the shared classifier: a second
 * implementation with {@code new CompatibilityLoss(spec, supernet.classifierMatrix())} and, when the
 * loss needs embeddings, the largest subnet's detached embedding of the batch (not written yet).
 */
public interface SupernetGallery {

    CompatibilityLoss loss();

    /** The gallery's embeddings of {@code images} (no gradient) when the loss needs them, else null; arrays live in {@code scope}. */
    NDArray embed(NDArray images, NDManager scope);

    /** A frozen gallery model from another run. */
    static SupernetGallery external(GalleryTeacher teacher) {
        Objects.requireNonNull(teacher, "teacher");
        return new SupernetGallery() {
            @Override
            public CompatibilityLoss loss() {
                return teacher.loss();
            }

            @Override
            public NDArray embed(NDArray images, NDManager scope) {
                return teacher.embed(images, scope);
            }
        };
    }
}
