package org.cmpnas.engine.pareto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.junit.jupiter.api.Test;

class ParetoDataTest {
    private static final int P = Provenance.PROTOCOL_VERSION;
    private final Map<String, List<Evaluation>> results = new HashMap<>();
    private final List<RunRecord> runs = new ArrayList<>();

    private final RunRecord g = run("g", "resnet-g", RunKind.gallery, 80_000_000);
    private final RunRecord q = run("q", "resnet-q", RunKind.gallery, 2_000_000);
    private final RunRecord bct = run("bct", "resnet-q bct", RunKind.query, 2_000_000);
    private final RunRecord mid = run("mid", "resnet-m", RunKind.query, 8_000_000);
    private final RunRecord nas = run("nas", "cmpnas 1M", RunKind.query, 1_000_000).withLink("search", "s1");

    private RunRecord run(String id, String name, RunKind kind, long macs) {
        RunRecord r = RunRecord.newRun(id, name, kind, name, macs, 1000, Instant.parse("2026-01-01T00:00:00Z"), null, null)
                .withStatus(RunStatus.finished, null);
        runs.add(r);
        return r;
    }

    private void result(RunRecord query, RunRecord gallery, double mAP, double top1) {
        result(query, gallery, mAP, top1, P, "fashion-mnist");
    }

    private void result(RunRecord query, RunRecord gallery, double mAP, double top1, int protocol, String dataset) {
        results.computeIfAbsent(query.id(), k -> new ArrayList<>()).add(new Evaluation(query.id(), gallery.id(), protocol, dataset,
                top1, top1 + 5, mAP, mAP / 2, mAP / 4, query.macs(), gallery.macs(), (double) gallery.macs() / query.macs(),
                1000, 9000, Instant.EPOCH));
    }

    private ParetoData data(RetrievalMetric metric) {
        // Each run's list holds replaced copies of records with links, so look runs up by id.
        List<RunRecord> current = runs.stream().map(r -> r.id().equals("nas") ? nas : r).distinct().toList();
        return ParetoData.assemble(g, current, id -> results.getOrDefault(id, List.of()), metric);
    }

    private void typicalStore() {
        result(g, g, 89, 93);      // paragon
        result(q, q, 82, 91);      // small model alone
        result(q, g, 19, 14);      // independent: incompatible
        result(bct, bct, 83, 91);
        result(bct, g, 85, 87);    // compatible
        result(mid, g, 84, 90);    // dearer and worse than bct: dominated
        result(nas, g, 86, 88);    // cheapest and best query model
        result(bct, q, 50, 60);    // against another gallery: not on G's chart
    }

    @Test
    void sortsEveryResultIntoItsSeries() {
        typicalStore();
        ParetoData d = data(RetrievalMetric.MAP);
        assertThat(d.paragonPoint()).map(ParetoPoint::queryId).contains("g");
        assertThat(d.points(PointKind.TRAINED)).extracting(ParetoPoint::queryId).containsExactlyInAnyOrder("q", "bct", "mid");
        assertThat(d.points(PointKind.SEARCHED)).extracting(ParetoPoint::queryId).containsExactly("nas");
        assertThat(d.points(PointKind.HOMOGENEOUS)).extracting(ParetoPoint::queryId).containsExactlyInAnyOrder("q", "bct");
        assertThat(d.points()).hasSize(7);
        assertThat(d.dataset()).isEqualTo("fashion-mnist");
        assertThat(d.queries()).isEqualTo(1000);
        assertThat(d.otherData()).isZero();
    }

    @Test
    void costReductionIsGalleryMacsOverQueryMacsAndGapIsToTheParagon() {
        typicalStore();
        ParetoData d = data(RetrievalMetric.MAP);
        ParetoPoint bctVsG = d.points(PointKind.TRAINED).stream().filter(p -> p.queryId().equals("bct")).findFirst().orElseThrow();
        assertThat(bctVsG.costReduction()).isEqualTo(40.0);
        assertThat(bctVsG.gapToParagon()).isCloseTo(4.0, within(1e-9));
        // M(A, A) is costed against the paragon too, not against its own gallery.
        assertThat(d.homogeneousOf("bct")).map(ParetoPoint::costReduction).contains(40.0);
        assertThat(d.paragonPoint().orElseThrow().costReduction()).isEqualTo(1.0);
        assertThat(d.withinBand(3.0)).extracting(ParetoPoint::queryId).containsExactly("nas");
        assertThat(d.withinBand(5.0)).extracting(ParetoPoint::queryId).containsExactlyInAnyOrder("bct", "mid", "nas");
    }

    @Test
    void frontHoldsTheSearchesAgainstTheGalleryThatNothingCheaperBeats() {
        typicalStore();
        ParetoData d = data(RetrievalMetric.MAP);
        assertThat(d.front()).extracting(ParetoPoint::queryId).containsExactly("nas", "g");
        assertThat(d.points()).filteredOn(ParetoPoint::onFront).extracting(ParetoPoint::queryId).containsExactlyInAnyOrder("nas", "g");
        assertThat(d.bestQueryModel()).map(ParetoPoint::queryId).contains("nas");
    }

    @Test
    void theMetricChangesValuesAndFront() {
        typicalStore();
        ParetoData d = data(RetrievalMetric.TOP1);
        // top-1: nas 88 at 1M, bct 87 at 2M, q 14, mid 90 at 8M, paragon 93 at 80M.
        assertThat(d.front()).extracting(ParetoPoint::queryId).containsExactly("nas", "mid", "g");
        assertThat(d.paragonPoint().orElseThrow().value()).isEqualTo(93.0);
        assertThat(data(RetrievalMetric.TOP5).paragonPoint().orElseThrow().value()).isEqualTo(98.0);
        assertThat(data(RetrievalMetric.TAR_FAR_1E3).paragonPoint().orElseThrow().value()).isEqualTo(44.5);
        assertThat(data(RetrievalMetric.TAR_FAR_1E4).paragonPoint().orElseThrow().value()).isEqualTo(22.25);
    }

    @Test
    void unknownProtocolsAndOtherDataAreLeftOutAndVersionOneStays() {
        result(g, g, 89, 93);
        result(bct, g, 85, 87, P + 1, "fashion-mnist"); // a protocol this version does not know
        result(nas, g, 86, 88, 1, "fashion-mnist"); // version 1: the same evaluation rules, kept
        result(mid, g, 84, 90, P, "my-folder");
        result(q, q, 82, 91, P, "my-folder");
        ParetoData d = data(RetrievalMetric.MAP);
        assertThat(d.points()).extracting(ParetoPoint::queryId).containsExactlyInAnyOrder("g", "nas");
        assertThat(d.otherData()).isEqualTo(2);
    }

    @Test
    void withoutAParagonResultTheGapIsUnknownButPointsStillShow() {
        result(bct, g, 85, 87);
        ParetoData d = data(RetrievalMetric.MAP);
        assertThat(d.paragonPoint()).isEmpty();
        assertThat(d.points()).hasSize(1);
        assertThat(d.points().get(0).gapToParagon()).isNaN();
        assertThat(d.points().get(0).within(100)).isFalse();
        assertThat(d.front()).hasSize(1);
    }

    @Test
    void nothingAgainstTheGalleryIsEmpty() {
        result(q, q, 82, 91);
        ParetoData d = data(RetrievalMetric.MAP);
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.front()).isEmpty();
    }

    @Test
    void csvHasOneLinePerPointWithEveryMetric() {
        typicalStore();
        String[] lines = data(RetrievalMetric.MAP).csv().split("\n");
        assertThat(lines).hasSize(8);
        assertThat(lines[0]).startsWith("series,query_run,query_name,arch,gallery_run,paragon_run").endsWith(",gap_to_paragon_mAP,on_front_mAP");
        assertThat(lines).contains("searched,nas,cmpnas 1M,cmpnas 1M,g,g," + P + ",fashion-mnist,1000000,80000000,80.0000,88.0000,93.0000,86.0000,43.0000,21.5000,3.0000,true");
        assertThat(lines).anyMatch(l -> l.startsWith("homogeneous,bct,resnet-q bct,resnet-q bct,bct,g,"));
        for (String line : lines) {
            assertThat(line.split(",", -1)).hasSize(18);
        }
    }

    @Test
    void csvQuotesNamesWithCommas() {
        RunRecord odd = run("odd", "small, \"v2\"", RunKind.query, 1_000_000);
        result(odd, g, 70, 80);
        assertThat(data(RetrievalMetric.MAP).csv()).contains(",\"small, \"\"v2\"\"\",");
    }

    @Test
    void suggestsTheMostExpensiveModelOthersWereSearchedAgainst() {
        typicalStore();
        assertThat(ParetoData.suggestGallery(runs, id -> results.getOrDefault(id, List.of()))).map(RunRecord::id).contains("g");
        results.clear();
        result(q, q, 82, 91);
        assertThat(ParetoData.suggestGallery(runs, id -> results.getOrDefault(id, List.of()))).isEmpty();
        result(bct, q, 50, 60);
        assertThat(ParetoData.suggestGallery(runs, id -> results.getOrDefault(id, List.of()))).map(RunRecord::id).contains("q");
    }

    /** A pair search "ps": its gallery subnet exported as run "pg", two queries exported against it, one against another gallery run. */
    private final class PairStore {
        final RunRecord gallery = linked(run("pg", "cmpnas 1M (gallery)", RunKind.gallery, 56_600_000), "search", "ps", "query", "pq1");
        final RunRecord cheap = linked(run("pq1", "cmpnas 1M", RunKind.query, 1_000_000), "search", "ps", "gallery", "pg");
        final RunRecord dear = linked(run("pq2", "cmpnas 2M", RunKind.query, 2_000_000), "search", "ps", "gallery", "pg");
        final RunRecord elsewhere = linked(run("pq3", "cmpnas 3M", RunKind.query, 3_000_000), "search", "ps", "gallery", "pg-other");

        ParetoData data() {
            return ParetoData.assemble(gallery, runs, id -> results.getOrDefault(id, List.of()), RetrievalMetric.MAP);
        }
    }

    /** Replaces the run in the store's list by a copy with links (role, run, role, run...). */
    private RunRecord linked(RunRecord r, String... links) {
        RunRecord l = r;
        for (int i = 0; i < links.length; i += 2) {
            l = l.withLink(links[i], links[i + 1]);
        }
        runs.set(runs.indexOf(r), l);
        return l;
    }

    @Test
    void aPairsGalleryShowsItsEvaluatedExportsItsParagonAndWhatIsNotEvaluatedYet() {
        typicalStore(); // the external-gallery runs are in the same store
        PairStore pair = new PairStore();
        result(pair.gallery, pair.gallery, 80, 90);
        result(pair.cheap, pair.gallery, 75, 85);
        result(pair.cheap, pair.cheap, 70, 80);
        result(pair.dear, pair.dear, 72, 81); // M(Q, Q) only
        result(pair.elsewhere, pair.elsewhere, 73, 82);

        ParetoData d = pair.data();
        assertThat(d.paragonPoint()).map(ParetoPoint::queryId).contains("pg");
        assertThat(d.points(PointKind.SEARCHED)).extracting(ParetoPoint::queryId).containsExactly("pq1");
        assertThat(d.points(PointKind.TRAINED)).isEmpty();
        assertThat(d.points(PointKind.HOMOGENEOUS)).extracting(ParetoPoint::queryId).contains("pq1", "pq2", "pq3", "q", "bct");
        ParetoPoint cheap = d.points(PointKind.SEARCHED).get(0);
        assertThat(cheap.gapToParagon()).isEqualTo(5.0, within(1e-9));
        assertThat(cheap.costReduction()).isEqualTo(56.6, within(1e-9));
        assertThat(d.front()).extracting(ParetoPoint::queryId).containsExactly("pq1", "pg");

        PairExports exports = d.pairExports().orElseThrow();
        assertThat(exports.search()).isEqualTo("ps");
        assertThat(exports.queries()).extracting(RunRecord::id).containsExactly("pq1", "pq2");
        assertThat(exports.unevaluated()).extracting(RunRecord::id).containsExactly("pq2");
    }

    @Test
    void aPairsGalleryWithoutResultsIsEmptyButNamesTheExportsToEvaluate() {
        PairStore pair = new PairStore();
        result(pair.cheap, pair.gallery, 75, 85, P + 1, "fashion-mnist"); // a protocol this version does not know does not count
        ParetoData d = pair.data();
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.pairExports()).hasValueSatisfying(e -> assertThat(e.unevaluated()).extracting(RunRecord::id).containsExactly("pq1", "pq2"));
    }

    @Test
    void otherGalleryModelsHaveNoPair() {
        typicalStore();
        RunRecord joint = linked(run("jg", "resnet-q joint (gallery)", RunKind.gallery, 2_000_000), "query", "jq"); // joint training
        assertThat(data(RetrievalMetric.MAP).pairExports()).isEmpty();
        assertThat(PairExports.of(joint, runs, id -> List.of())).isEmpty();
        assertThat(PairExports.of(nas, runs, id -> List.of())).isEmpty(); // a query model, even an exported one
    }

    @Test
    void exportedModelsAreTheOnesLinkedToASearch() {
        assertThat(PointKind.isExported(nas)).isTrue();
        assertThat(PointKind.isExported(bct)).isFalse();
    }
}
