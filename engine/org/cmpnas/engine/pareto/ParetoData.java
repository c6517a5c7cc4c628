package org.cmpnas.engine.pareto;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.cmpnas.engine.nas.ParetoFront;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;

/**
 * Everything the Pareto chart of one gallery model G shows for one metric, from the stored
 * test-protocol results of the current protocol version: the paragon M(G, G), every M(Q, G) (trained
 * and CMP-NAS exported query models apart), every other model's M(A, A), and the Pareto front of the
 * searches against G (the paragon and the M(Q, G) points; M(A, A) needs a gallery indexed by A, so it
 * is a reference, not an option for G). Only results on G's data are taken, so every point shares
 * one query set and one gallery set; results on other data are counted in {@link #otherData()}.
 * Search runs' rewards (NAS reward set, validation data) never enter: they are not test numbers.
 *
 * <p>When G is the gallery run of a pair-mode search, {@code pair} names the query models exported
 * with it and those still without an M(Q, G) result; null for any other gallery model.
 */
public record ParetoData(RunRecord gallery, RetrievalMetric metric, int protocol, String dataset, int queries,
                         int galleryItems, ParetoPoint paragon, List<ParetoPoint> points, List<ParetoPoint> front,
                         int otherData, PairExports pair) {

    public ParetoData {
        points = List.copyOf(points);
        front = List.copyOf(front);
    }

    /**
     * @param runs        the store's readable runs (deleted ones left out by the caller)
     * @param evaluations the stored results of a run, e.g. {@code RunStore::evaluations}
     */
    public static ParetoData assemble(RunRecord gallery, Collection<RunRecord> runs,
                                      Function<String, List<Evaluation>> evaluations, RetrievalMetric metric) {
        PairExports pair = PairExports.of(gallery, runs, evaluations).orElse(null);
        List<Candidate> candidates = new ArrayList<>();
        for (RunRecord run : runs) {
            for (Evaluation e : evaluations.apply(run.id())) {
                if (!Provenance.comparable(e.protocol()) || !e.query().equals(run.id())) {
                    continue;
                }
                if (e.gallery().equals(gallery.id())) {
                    candidates.add(new Candidate(run.id().equals(gallery.id()) ? PointKind.PARAGON : PointKind.heterogeneous(run), run, e));
                } else if (e.homogeneous()) {
                    candidates.add(new Candidate(PointKind.HOMOGENEOUS, run, e));
                }
            }
        }
        // G's data: that of the paragon, else of the first result against G.
        Optional<Evaluation> reference = candidates.stream().filter(c -> c.kind() == PointKind.PARAGON).map(Candidate::evaluation).findFirst()
                .or(() -> candidates.stream().filter(c -> c.kind().againstGallery()).map(Candidate::evaluation).findFirst());
        if (reference.isEmpty()) {
            return new ParetoData(gallery, metric, Provenance.PROTOCOL_VERSION, null, 0, 0, null, List.of(), List.of(), 0, pair);
        }
        String dataset = reference.get().dataset();
        List<Candidate> sameData = candidates.stream().filter(c -> dataset.equals(c.evaluation().dataset())).toList();
        int otherData = candidates.size() - sameData.size();

        Optional<Candidate> paragonResult = sameData.stream().filter(c -> c.kind() == PointKind.PARAGON).findFirst();
        double paragonValue = paragonResult.map(c -> metric.of(c.evaluation())).orElse(Double.NaN);
        List<ParetoPoint> points = new ArrayList<>();
        for (Candidate c : sameData) {
            double value = metric.of(c.evaluation());
            if (!Double.isFinite(value)) {
                continue; // nothing to plot (a metric this result lacks)
            }
            long macs = c.evaluation().queryMacs();
            double reduction = macs > 0 ? (double) gallery.macs() / macs : Double.NaN;
            points.add(new ParetoPoint(c.kind(), c.run(), c.evaluation(), value, reduction, paragonValue - value, false));
        }
        Set<ParetoPoint> onFront = new HashSet<>(ParetoFront.of(points.stream().filter(p -> p.kind().againstGallery()).toList()));
        List<ParetoPoint> marked = points.stream().map(p -> p.onFront(onFront.contains(p)))
                .sorted(Comparator.comparing(ParetoPoint::kind).thenComparingLong(ParetoPoint::macs).thenComparing(ParetoPoint::queryId))
                .toList();
        List<ParetoPoint> front = marked.stream().filter(ParetoPoint::onFront)
                .sorted(Comparator.comparingLong(ParetoPoint::macs).thenComparing(ParetoPoint::value, Comparator.reverseOrder()))
                .toList();
        ParetoPoint paragon = marked.stream().filter(p -> p.kind() == PointKind.PARAGON).findFirst().orElse(null);
        return new ParetoData(gallery, metric, Provenance.PROTOCOL_VERSION, dataset, reference.get().queries(), reference.get().galleryItems(),
                paragon, marked, front, otherData, pair);
    }

    /** No result against G under the current protocol: nothing to draw. */
    public boolean isEmpty() {
        return points.isEmpty();
    }

    /** The pair-mode exports of G, when G is a pair search's gallery run. */
    public Optional<PairExports> pairExports() {
        return Optional.ofNullable(pair);
    }

    public Optional<ParetoPoint> paragonPoint() {
        return Optional.ofNullable(paragon);
    }

    public List<ParetoPoint> points(PointKind kind) {
        return points.stream().filter(p -> p.kind() == kind).toList();
    }

    /** The query model (M(Q, G), not the paragon) closest to the paragon: the headline result. */
    public Optional<ParetoPoint> bestQueryModel() {
        return points.stream().filter(p -> p.kind() == PointKind.TRAINED || p.kind() == PointKind.SEARCHED)
                .max(Comparator.comparingDouble(ParetoPoint::value).thenComparing(ParetoPoint::costReduction));
    }

    /** M(Q, G) points within {@code band} points of the paragon. */
    public List<ParetoPoint> withinBand(double band) {
        return points.stream().filter(p -> (p.kind() == PointKind.TRAINED || p.kind() == PointKind.SEARCHED) && p.within(band)).toList();
    }

    /** M(Q, Q) of a query model, if it was evaluated: the other side of the compatibility criterion. */
    public Optional<ParetoPoint> homogeneousOf(String runId) {
        return points.stream().filter(p -> p.kind() == PointKind.HOMOGENEOUS && p.queryId().equals(runId)).findFirst();
    }

    /**
     * One line per point with every metric, its cost reduction against G, and its gap to the paragon
     * and place on the front in the chosen metric.
     */
    public String csv() {
        String m = metric.column();
        StringBuilder out = new StringBuilder("series,query_run,query_name,arch,gallery_run,paragon_run,protocol,dataset,"
                + "query_macs,paragon_macs,cost_reduction,top1,top5,mAP,tar_far_1e3,tar_far_1e4,gap_to_paragon_" + m + ",on_front_" + m + "\n");
        for (ParetoPoint p : points) {
            Evaluation e = p.evaluation();
            out.append(String.join(",", p.kind().name().toLowerCase(Locale.ROOT), p.queryId(), text(p.name()), text(p.arch()),
                    e.gallery(), gallery.id(), Integer.toString(e.protocol()), text(e.dataset()), Long.toString(p.macs()),
                    Long.toString(gallery.macs()), number(p.costReduction()), number(e.top1()), number(e.top5()), number(e.mAP()),
                    number(e.tarAtFar1e3()), number(e.tarAtFar1e4()), number(p.gapToParagon()), Boolean.toString(p.onFront())));
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * The gallery model a chart opens on when none was chosen: the most expensive finished run that
     * has a current-protocol result of some other model against it (a paragon with query models).
     */
    public static Optional<RunRecord> suggestGallery(Collection<RunRecord> runs, Function<String, List<Evaluation>> evaluations) {
        Set<String> searched = new HashSet<>();
        for (RunRecord run : runs) {
            evaluations.apply(run.id()).stream()
                    .filter(e -> Provenance.comparable(e.protocol()) && !e.homogeneous() && e.query().equals(run.id()))
                    .forEach(e -> searched.add(e.gallery()));
        }
        return runs.stream().filter(r -> r.status() == RunStatus.finished && searched.contains(r.id()))
                .max(Comparator.comparingLong(RunRecord::macs).thenComparing(RunRecord::createdAt));
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "";
    }

    private static String text(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private record Candidate(PointKind kind, RunRecord run, Evaluation evaluation) {
    }
}
