package org.cmpnas.engine.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.cmpnas.engine.BadInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each loss on a two-image, two-class, two-dimensional example worked out by hand:
 * query embeddings e = [[1,0],[0,2]], own logits [[2,0],[0,1]], labels [0,1],
 * gallery classifier W_g = I, gallery embeddings g = [[1,1],[0,-3]].
 */
class CompatibilityLossTest {
    /** Own CE: (log(1+e^-2) + log(1+e^-1)) / 2. */
    static final double OWN = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-1))) / 2;
    /** Influence: e·W_gᵀ = e, so logits [[1,0],[0,2]]: (log(1+e^-1) + log(1+e^-2)) / 2. */
    static final double INFLUENCE = (Math.log1p(Math.exp(-1)) + Math.log1p(Math.exp(-2))) / 2;
    /** ‖ê − ĝ‖²: (2 − √2) for the first image ([1,0] vs [½√2, ½√2]), 4 for the second ([0,1] vs [0,-1]). */
    static final double L2 = ((2 - Math.sqrt(2)) + 4) / 2;

    NDManager manager;
    NDArray embedding;
    NDArray logits;
    NDArray labels;
    NDArray galleryClassifier;
    NDArray galleryEmbedding;

    @BeforeEach
    void example() {
        manager = NDManager.newBaseManager();
        embedding = manager.create(new float[] {1, 0, 0, 2}, new Shape(2, 2));
        logits = manager.create(new float[] {2, 0, 0, 1}, new Shape(2, 2));
        labels = manager.create(new int[] {0, 1});
        galleryClassifier = manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
        galleryEmbedding = manager.create(new float[] {1, 1, 0, -3}, new Shape(2, 2));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private double value(LossSpec spec) {
        return new CompatibilityLoss(spec, galleryClassifier).evaluate(embedding, logits, labels, galleryEmbedding).getFloat();
    }

    @Test
    void independentIsTheOwnCrossEntropy() {
        assertThat(value(new LossSpec.Independent())).isCloseTo(OWN, within(1e-6));
    }

    @Test
    void bctAddsTheInfluenceThroughTheGalleryClassifier() {
        assertThat(value(new LossSpec.Bct(0.5))).isCloseTo(OWN + 0.5 * INFLUENCE, within(1e-6));
    }

    @Test
    void l2ComparesNormalisedEmbeddings() {
        assertThat(value(new LossSpec.L2(1))).isCloseTo(OWN + L2, within(1e-6));
    }

    @Test
    void bctPlusL2HasBothTerms() {
        assertThat(value(new LossSpec.BctL2(2))).isCloseTo(OWN + 2 * (INFLUENCE + L2), within(1e-5));
    }

    @Test
    void contrastiveIsInfoNceOverTheBatch() {
        // ê·ĝᵀ = [[½√2, 0], [½√2, -1]]; positives on the diagonal; at temperature 0.5 the logits double.
        double s = Math.sqrt(2) / 2 / 0.5;
        double row1 = Math.log1p(Math.exp(0 - s));          // label 0: logits [s, 0]
        double row2 = Math.log1p(Math.exp(s - (-1 / 0.5))); // label 1: logits [s, -2]
        assertThat(value(new LossSpec.Contrastive(1, 0.5))).isCloseTo(OWN + (row1 + row2) / 2, within(1e-5));
    }

    @Test
    void unknownLossAndBadParametersAreNamed() {
        assertThatThrownBy(() -> LossSpec.of("triplet", 1, 0.1)).isInstanceOf(BadInputException.class).hasMessageContaining("triplet");
        assertThatThrownBy(() -> LossSpec.of("bct", -1, 0.1)).hasMessageContaining("--lambda");
        assertThatThrownBy(() -> LossSpec.of("contrastive", 1, 0)).hasMessageContaining("--temperature");
        assertThat(LossSpec.of("bct+l2", 1, 0.1)).isEqualTo(new LossSpec.BctL2(1));
    }
}
