package org.cmpnas.views.pareto;

import java.nio.file.Path;
import java.time.Instant;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;

/** A store with a gallery model and query models evaluated against it, written through the real store (no training). */
public final class ParetoRuns {
    /** An exported subnet of the CMP-NAS space, cheaper than resnet-q. */
    public static final String SUBNET = "d1-1-1_w8-16-32_k3-3-3_e1-1-1";

    public final RunStore store;
    public final RunRecord gallery;
    public final RunRecord alone;
    public final RunRecord bct;
    public final RunRecord searched;

    private ParetoRuns(RunStore store) {
        this.store = store;
        gallery = run("resnet-g", RunKind.gallery, "resnet-g", null);
        alone = run("resnet-q", RunKind.gallery, "resnet-q", null);
        bct = run("resnet-q bct", RunKind.query, "resnet-q", null);
        searched = run("cmpnas export", RunKind.query, SUBNET, "20260101-000000-5ea7");
        result(gallery, gallery, 88.9, 93.4);
        result(alone, alone, 82.4, 91.1);
        result(alone, gallery, 19.2, 14.4); // trained alone: not compatible
        result(bct, bct, 83.5, 91.2);
        result(bct, gallery, 84.8, 86.7);
        result(searched, searched, 80.0, 89.0);
        result(searched, gallery, 86.0, 88.5);
    }

    /** The typical store: paragon, an independent small model, a BCT model and a CMP-NAS export. */
    public static ParetoRuns typical(Path root) {
        return new ParetoRuns(new RunStore(root));
    }

    public RunRecord run(String name, RunKind kind, String arch, String searchRun) {
        ArchSpec spec = ArchSpec.parse(arch);
        RunHandle h = store.create(name, kind, spec.text(), spec.macs(), spec.params(), null,
                Provenance.capture(7, "fashion-mnist", "sha256:00ff", 2000, null, "0.36.0", "2.7.1"));
        if (searchRun != null) {
            h.update(r -> r.withLink("search", searchRun));
        }
        h.setStatus(RunStatus.finished, null);
        return h.record();
    }

    /**
     * A pair-mode search's exports, beside the typical runs: its gallery subnet as a gallery run and two
     * query models exported against it, nothing evaluated yet.
     */
    public Pair pair() {
        String search = "20260101-000000-9a12";
        RunRecord g = linkedRun("cmpnas 1M (gallery)", RunKind.gallery, org.cmpnas.engine.model.SearchSpace.largest().text(),
                java.util.Map.of("search", search));
        RunRecord cheap = linkedRun("cmpnas 1M", RunKind.query, SUBNET, java.util.Map.of("search", search, "gallery", g.id()));
        RunRecord dear = linkedRun("cmpnas 2M", RunKind.query, "d1-1-1_w16-16-32_k3-3-3_e1-1-1", java.util.Map.of("search", search, "gallery", g.id()));
        return new Pair(g, cheap, dear);
    }

    public record Pair(RunRecord gallery, RunRecord cheap, RunRecord dear) {
    }

    private RunRecord linkedRun(String name, RunKind kind, String arch, java.util.Map<String, String> links) {
        ArchSpec spec = ArchSpec.parse(arch);
        RunHandle h = store.create(name, kind, spec.text(), spec.macs(), spec.params(), null,
                Provenance.capture(7, "fashion-mnist", "sha256:00ff", 2000, null, "0.36.0", "2.7.1"));
        h.update(r -> r.withLinks(links));
        h.setStatus(RunStatus.finished, null);
        return h.record();
    }

    public void result(RunRecord query, RunRecord galleryRun, double mAP, double top1) {
        store.putEvaluation(new Evaluation(query.id(), galleryRun.id(), Provenance.PROTOCOL_VERSION, "fashion-mnist", top1,
                Math.min(100, top1 + 5), mAP, mAP / 3, mAP / 6, query.macs(), galleryRun.macs(),
                (double) galleryRun.macs() / query.macs(), 1000, 9000, Instant.parse("2026-01-02T10:00:00Z")));
    }
}
