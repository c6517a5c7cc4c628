package org.cmpnas.views.models;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;

/**
 * One line of the models table. Numbers stay numbers (so columns sort by value); the view formats
 * them. A damaged run is a row too, with its problem in place of the architecture.
 */
public record ModelRow(String id, String name, String kind, String role, String arch, Long macs, Long params, String status,
                       Double valTop1, Double testTop1, Double testMap, Double mapWithGallery, Instant created, String problem) {

    /** Kinds whose runs hold a model that can embed a gallery. */
    private static final Set<RunKind> MODEL_KINDS = EnumSet.of(RunKind.gallery, RunKind.query, RunKind.imported);
    public static final String DAMAGED = "damaged";

    /** A damaged run, or one that holds no model (a supernet or a search): not a row of the models table. */
    public static boolean isModel(RunListing listing) {
        return listing.isDamaged() || listing.record().map(r -> r.kind() != RunKind.supernet && r.kind() != RunKind.search).orElse(true);
    }

    /**
     * @param homogeneous  the run's test-protocol result M(A, A), when it has been evaluated
     * @param withGallery  its result M(Q, G) against the chosen gallery model (M(G, G) for that model itself), when evaluated
     */
    public static ModelRow of(RunListing listing, Optional<Evaluation> homogeneous, Optional<Evaluation> withGallery) {
        if (listing.isDamaged()) {
            return new ModelRow(listing.id(), listing.id(), "", "", "", null, null, DAMAGED, null, null, null, null, null,
                    listing.problem());
        }
        RunRecord r = listing.record().orElseThrow();
        // A search run has no model of its own: no MACs or parameters to show (recorded as 0).
        return new ModelRow(r.id(), r.name(), r.kind().wire(), r.role(), r.arch(), positive(r.macs()), positive(r.params()), r.status().wire(),
                r.metrics().get("val.top1"), homogeneous.map(Evaluation::top1).orElse(null),
                homogeneous.map(Evaluation::mAP).orElse(null), withGallery.map(Evaluation::mAP).orElse(null), r.createdAt(), r.message());
    }

    public boolean isDamaged() {
        return DAMAGED.equals(status);
    }

    /** A finished model trained or exported here: one the evaluation job measures on the test protocol. */
    public boolean canBeEvaluated() {
        return canBeGallery() && !kind.equals("imported");
    }

    /** A finished run of a model kind: something the other views can embed a gallery with. */
    public boolean canBeGallery() {
        if (isDamaged() || !RunStatus.finished.wire().equals(status)) {
            return false;
        }
        return MODEL_KINDS.stream().anyMatch(k -> k.wire().equals(kind));
    }

    /** Every word of the filter must occur in the name, id, kind, architecture or status. */
    public boolean matches(String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String haystack = String.join(" ", name, id, kind, role, arch, status, problem == null ? "" : problem)
                .toLowerCase(Locale.ROOT);
        for (String word : filter.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (!haystack.contains(word)) {
                return false;
            }
        }
        return true;
    }

    private static Long positive(long value) {
        return value > 0 ? value : null;
    }
}
