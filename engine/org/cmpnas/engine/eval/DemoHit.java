package org.cmpnas.engine.eval;

/**
 * One result of a demo search: a gallery image (its index in the test gallery, or in its row's pictures), its
 * label, its similarity to the query, and whether it is of the query's class ({@code null}: the query is an
 * outside image whose class nobody knows, or the hit is an image of a gallery index, which has no classes).
 * {@code source} is the file of a gallery index's image, else null.
 */
public record DemoHit(int galleryIndex, int label, float similarity, Boolean sameClass, String source) {

    /** A hit of the test gallery. */
    public DemoHit(int galleryIndex, int label, float similarity, Boolean sameClass) {
        this(galleryIndex, label, similarity, sameClass, null);
    }
}
