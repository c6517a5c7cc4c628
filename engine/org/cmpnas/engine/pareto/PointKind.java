package org.cmpnas.engine.pareto;

import org.cmpnas.engine.store.RunRecord;

/** What a point on the Pareto chart measures; each kind is its own series. */
public enum PointKind {
    /** M(G, G): the gallery model searching its own gallery, the accuracy to approach. */
    PARAGON("paragon M(G, G)"),
    /** M(Q, G) of a query model that was trained (independently or for compatibility). */
    TRAINED("M(Q, G) trained models"),
    /** M(Q, G) of a query model exported from a CMP-NAS search. */
    SEARCHED("M(Q, G) CMP-NAS exports"),
    /** M(A, A): a model other than the gallery model searching its own gallery. */
    HOMOGENEOUS("M(A, A) each model alone");

    private final String label;

    PointKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the point searches the chosen gallery model's gallery (and so may be on its front). */
    public boolean againstGallery() {
        return this != HOMOGENEOUS;
    }

    /** M(Q, G) of {@code query}: exported models are the ones linked to the search they came from. */
    static PointKind heterogeneous(RunRecord query) {
        return isExported(query) ? SEARCHED : TRAINED;
    }

    /** A query model made by {@code cmpnas export} from a search run (it links to that run). */
    public static boolean isExported(RunRecord run) {
        return run.links().containsKey("search");
    }
}
