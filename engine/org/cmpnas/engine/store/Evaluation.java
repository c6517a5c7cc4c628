package org.cmpnas.engine.store;

import java.time.Instant;

/**
 * One test-protocol retrieval result of a query model against a gallery model, kept with the query
 * run so charts read it without recomputing. Percentages are 0–100; cost reduction is
 * galleryMacs / queryMacs (the gallery model is the paragon of its column).
 */
public record Evaluation(String query, String gallery, int protocol, String dataset, double top1, double top5,
                         double mAP, double tarAtFar1e3, double tarAtFar1e4, long queryMacs, long galleryMacs,
                         double costReduction, int queries, int galleryItems, Instant evaluatedAt) {

    /** Homogeneous search M(A, A): the same model on both sides. */
    public boolean homogeneous() {
        return query.equals(gallery);
    }

    /** The key under which a run keeps it: one result per gallery model and protocol version. */
    public String key() {
        return gallery + "@p" + protocol;
    }
}
