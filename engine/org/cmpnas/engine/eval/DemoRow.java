package org.cmpnas.engine.eval;

import java.util.List;

/**
 * The top-k of one search of the demo, best first. {@code queryMacs} is what the search costs per
 * query: the MACs of the model that embeds the query.
 */
public record DemoRow(DemoSearch search, String queryModel, String galleryModel, long queryMacs, List<DemoHit> hits) {

    public DemoRow {
        hits = List.copyOf(hits);
    }

    /** Hits of the query's class (0 when the query's class is unknown). */
    public int sameClassCount() {
        return (int) hits.stream().filter(h -> Boolean.TRUE.equals(h.sameClass())).count();
    }
}
