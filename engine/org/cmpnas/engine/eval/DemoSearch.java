package org.cmpnas.engine.eval;

/** The three searches the retrieval demo puts side by side (the protocol's words, docs/protocol.md). */
public enum DemoSearch {
    /** The small query model searching a gallery it embedded itself, M(Q, Q): the baseline. */
    QUERY_ALONE("Q alone", "M(Q,Q)"),
    /** Queries embedded by the small model, gallery by the large one, M(Q, G): heterogeneous search. */
    CROSS_MODEL("Q with G's gallery", "M(Q,G)"),
    /** The large model on both sides, M(G, G): the accuracy to approach, at the large model's cost. */
    PARAGON("Paragon", "M(G,G)"),
    /** Queries embedded by the small model, searched in a gallery index the large one embedded (HNSW): search at scale. */
    INDEX("Q with an index", "M(Q,G)");

    private final String title;
    private final String notation;

    DemoSearch(String title, String notation) {
        this.title = title;
        this.notation = notation;
    }

    public String title() {
        return title;
    }

    public String notation() {
        return notation;
    }
}
