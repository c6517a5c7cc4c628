package org.cmpnas.engine.pareto;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;

/**
 * A gallery model exported from a pair-mode search ({@code cmpnas export} on a search of a
 * {@code --pair} supernet writes the gallery subnet as a gallery-model run linked to the search) and
 * the query models exported with it: the finished query runs of the same search whose gallery link
 * names it. Their M(Q, G) results are ordinary evaluations against the gallery run, so the chart
 * draws the ones that exist; {@link #unevaluated} are the exports still waiting for theirs.
 *
 * @param search      the pair search run both were exported from
 * @param queries     the query models exported against this gallery run, cheapest first
 * @param unevaluated those of {@code queries} without an M(Q, G) result under the current protocol
 */
public record PairExports(String search, List<RunRecord> queries, List<RunRecord> unevaluated) {

    public PairExports {
        queries = List.copyOf(queries);
        unevaluated = List.copyOf(unevaluated);
    }

    /**
     * The pair of {@code gallery}, if it is a gallery run exported from a search (only pair-mode
     * exports write gallery runs); empty for any other model.
     *
     * @param runs        the store's readable runs
     * @param evaluations the stored results of a run, e.g. {@code RunStore::evaluations}
     */
    public static Optional<PairExports> of(RunRecord gallery, Collection<RunRecord> runs,
                                           Function<String, List<Evaluation>> evaluations) {
        String search = gallery.links().get("search");
        if (gallery.kind() != RunKind.gallery || search == null) {
            return Optional.empty();
        }
        List<RunRecord> queries = runs.stream()
                .filter(r -> r.kind() == RunKind.query && r.status() == RunStatus.finished && !r.deleted())
                .filter(r -> search.equals(r.links().get("search")) && gallery.id().equals(r.links().get("gallery")))
                .sorted(Comparator.comparingLong(RunRecord::macs).thenComparing(RunRecord::id))
                .toList();
        List<RunRecord> unevaluated = queries.stream()
                .filter(q -> evaluations.apply(q.id()).stream().noneMatch(e -> Provenance.comparable(e.protocol())
                        && e.query().equals(q.id()) && e.gallery().equals(gallery.id())))
                .toList();
        return Optional.of(new PairExports(search, queries, unevaluated));
    }
}
