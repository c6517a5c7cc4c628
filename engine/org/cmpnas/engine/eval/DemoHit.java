package org.cmpnas.engine.eval;

/**
 * One result of a demo search: a gallery image (its index in the test gallery), its label, its
 * similarity to the query, and whether it is of the query's class ({@code null}: the query is an
 * outside image whose class nobody knows).
 */
public record DemoHit(int galleryIndex, int label, float similarity, Boolean sameClass) {
}
