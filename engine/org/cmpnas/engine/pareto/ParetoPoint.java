package org.cmpnas.engine.pareto;

import org.cmpnas.engine.nas.ParetoFront;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.RunRecord;

/**
 * One test-protocol result on the Pareto chart of a gallery model G.
 *
 * @param query          the query model's run
 * @param evaluation     the stored result (its gallery is G, or the query model itself for M(A, A))
 * @param value          the chart's metric of that result, in percent
 * @param costReduction  MACs of G / MACs of the query model (the protocol's cost reduction)
 * @param gapToParagon   M(G, G) minus {@code value}, in points; NaN without a paragon result
 * @param onFront        whether no other search against G is cheaper and at least as accurate
 */
public record ParetoPoint(PointKind kind, RunRecord query, Evaluation evaluation, double value, double costReduction,
                          double gapToParagon, boolean onFront) implements ParetoFront.Point {

    public String queryId() {
        return query.id();
    }

    public String name() {
        return query.name();
    }

    public String arch() {
        return query.arch();
    }

    /** The query model's cost: MACs for one image. */
    @Override
    public long macs() {
        return evaluation.queryMacs();
    }

    @Override
    public double reward() {
        return value;
    }

    /** Within {@code points} of the paragon (or above it); false without a paragon result. */
    public boolean within(double points) {
        return gapToParagon <= points;
    }

    /** The same model in the same role: lets a selection survive a reload of the store. */
    public boolean sameAs(ParetoPoint other) {
        return other != null && kind == other.kind && query.id().equals(other.query.id());
    }

    ParetoPoint onFront(boolean front) {
        return new ParetoPoint(kind, query, evaluation, value, costReduction, gapToParagon, front);
    }
}
