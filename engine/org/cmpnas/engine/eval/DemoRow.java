package org.cmpnas.engine.eval;

import java.util.List;

/**
 * The top-k of one search of the demo, best first. {@code queryMacs} is what the search costs per
 * query: the MACs of the model that embeds the query. {@code pictures} holds the hits' images when they are
 * not the test gallery's (a gallery index's files, read as the dataset's images are), else null.
 */
public record DemoRow(DemoSearch search, String queryModel, String galleryModel, long queryMacs, List<DemoHit> hits,
                      org.cmpnas.engine.data.LabeledImages pictures) {

    public DemoRow {
        hits = List.copyOf(hits);
    }

    /** A row of the test gallery. */
    public DemoRow(DemoSearch search, String queryModel, String galleryModel, long queryMacs, List<DemoHit> hits) {
        this(search, queryModel, galleryModel, queryMacs, hits, null);
    }

    /** Hits of the query's class (0 when the query's class is unknown). */
    public int sameClassCount() {
        return (int) hits.stream().filter(h -> Boolean.TRUE.equals(h.sameClass())).count();
    }
}
