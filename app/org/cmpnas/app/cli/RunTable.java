package org.cmpnas.app.cli;

import java.util.List;
import java.util.stream.Collectors;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.Json;

/** Plain-text views of run records for the terminal. */
final class RunTable {
    private static final String ROW = "%-20s  %-16s  %-8s  %-11s  %-24s  %9s  %9s  %8s%n";

    private RunTable() {
    }

    static String render(List<RunListing> runs) {
        StringBuilder out = new StringBuilder(String.format(ROW, "ID", "NAME", "KIND", "STATUS", "ARCH", "MACS", "PARAMS", "VAL TOP1"));
        for (RunListing listing : runs) {
            if (listing.isDamaged()) {
                out.append(String.format("%-20s  damaged: %s%n", listing.id(), listing.problem()));
                continue;
            }
            RunRecord r = listing.record().orElseThrow();
            Double top1 = r.metrics().get("val.top1");
            out.append(String.format(ROW, r.id(), cut(r.name(), 16), r.kind(), r.status(), cut(r.arch(), 24),
                    millions(r.macs()), millions(r.params()), top1 == null ? "-" : String.format("%.2f", top1)));
        }
        return out.toString().stripTrailing();
    }

    static String describe(RunRecord r) {
        String metrics = r.metrics().entrySet().stream()
                .map(e -> String.format("  %-16s %.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining("\n"));
        return String.join("\n",
                "id:        " + r.id(),
                "name:      " + r.name(),
                "kind:      " + r.kind(),
                "status:    " + r.status() + (r.message() != null ? " (" + r.message() + ")" : ""),
                "arch:      " + r.arch(),
                "MACs:      " + String.format("%,d (%s)", r.macs(), millions(r.macs())),
                "params:    " + String.format("%,d", r.params()),
                "created:   " + r.createdAt(),
                "links:     " + (r.links().isEmpty() ? "-" : r.links().toString()),
                "config:    " + Json.line(r.config()),
                "provenance: " + Json.line(r.provenance()),
                "metrics:",
                metrics.isEmpty() ? "  -" : metrics)
                + (r.note() == null ? "" : "\nnote:\n  " + r.note().replace("\n", "\n  "));
    }

    static String millions(long n) {
        return n >= 1_000_000 ? String.format("%.2fM", n / 1e6) : String.format("%.1fK", n / 1e3);
    }

    private static String cut(String s, int width) {
        return s == null ? "-" : s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
