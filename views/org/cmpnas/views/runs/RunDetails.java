package org.cmpnas.views.runs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.views.common.Fact;
import org.cmpnas.views.common.Formats;

/** The labelled facts of one run, grouped as the details pane shows them. */
public record RunDetails(List<Fact> overview, List<Fact> metrics, List<Fact> config, List<Fact> provenance) {

    public static RunDetails of(RunRecord r, RunConfigs configs) {
        return new RunDetails(overview(r), metrics(r.metrics()), configs.describe(r), provenance(r.provenance()));
    }

    private static List<Fact> overview(RunRecord r) {
        List<Fact> f = new ArrayList<>();
        f.add(new Fact("Id", r.id()));
        f.add(new Fact("Kind", r.kind().wire()));
        f.add(new Fact("Architecture", r.arch().isEmpty() ? Formats.NONE : r.arch()));
        f.add(new Fact("MACs", r.macs() > 0 ? Formats.count(r.macs()) + "  (" + Formats.integer(r.macs()) + ")" : Formats.NONE));
        f.add(new Fact("Parameters", r.params() > 0 ? Formats.count(r.params()) + "  (" + Formats.integer(r.params()) + ")" : Formats.NONE));
        f.add(new Fact("Created", Formats.dateTime(r.createdAt())));
        Provenance p = r.provenance();
        if (p != null && p.startedAt() != null && p.endedAt() != null) {
            f.add(new Fact("Duration", Formats.duration(Duration.between(p.startedAt(), p.endedAt()))));
        }
        r.links().forEach((role, id) -> f.add(new Fact("Link: " + role, id)));
        return f;
    }

    private static List<Fact> metrics(Map<String, Double> metrics) {
        List<Fact> f = new ArrayList<>();
        metrics.forEach((name, value) -> f.add(new Fact(name, Formats.metric(name, value))));
        return f;
    }

    private static List<Fact> provenance(Provenance p) {
        List<Fact> f = new ArrayList<>();
        if (p == null) {
            return f;
        }
        f.add(new Fact("Seed", Long.toString(p.seed())));
        f.add(new Fact("Dataset", orNone(p.datasetName()) + (p.datasetSize() > 0 ? "  (" + Formats.integer(p.datasetSize()) + " training images)" : "")));
        f.add(new Fact("Checksum", orNone(p.datasetChecksum())));
        f.add(new Fact("Protocol", "v" + p.protocolVersion()));
        f.add(new Fact("Started", Formats.dateTime(p.startedAt())));
        f.add(new Fact("Ended", Formats.dateTime(p.endedAt())));
        f.add(new Fact("Workbench", orNone(p.appVersion())));
        f.add(new Fact("DJL / PyTorch", orNone(p.djlVersion()) + " / " + orNone(p.pytorchVersion())));
        f.add(new Fact("Java", orNone(p.javaVersion())));
        f.add(new Fact("OS", orNone(p.os())));
        f.add(new Fact("Host", orNone(p.host())));
        return f;
    }

    private static String orNone(String s) {
        return s == null || s.isBlank() ? Formats.NONE : s;
    }
}
