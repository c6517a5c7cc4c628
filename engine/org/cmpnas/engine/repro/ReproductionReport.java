package org.cmpnas.engine.repro;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.cmpnas.engine.compat.CompatibilityMatrix;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Json;

/**
 * What a reproduction measured: one row per model (M(A,A) and M(A,G) against the paragon G), the
 * compatibility matrix and the steps that produced the runs. Written as {@code report.md},
 * {@code results.csv}, {@code report.json} and the matrix files; the charts are added by the caller.
 */
public record ReproductionReport(ReproductionPlan plan, String dataset, List<Row> rows, CompatibilityMatrix matrix,
                                 List<Step> steps, String search, double wallSeconds) {

    /** A model: its homogeneous result M(A,A) and its result against the paragon's gallery M(A,G). */
    public record Row(String run, String name, String arch, long macs, Evaluation self, Evaluation cross) {
        public double costReduction() {
            return cross.costReduction();
        }

        public boolean isParagon() {
            return run.equals(cross.gallery());
        }
    }

    /** One step of the experiment: the run it produced (or reused) and the command that does the same. */
    public record Step(String title, String run, String command, boolean reused, double seconds) {
    }

    public ReproductionReport withWallSeconds(double seconds) {
        return new ReproductionReport(plan, dataset, rows, matrix, steps, search, seconds);
    }

    public Row paragon() {
        return rows.stream().filter(Row::isParagon).findFirst().orElseThrow();
    }

    /** Writes the report files into {@code dir}; returns the Markdown file. */
    public Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            Json.writeAtomically(dir.resolve("report.json"), this);
            Files.writeString(dir.resolve("results.csv"), csv(), StandardCharsets.UTF_8);
            matrix.write(dir);
            Path md = dir.resolve("report.md");
            Files.writeString(md, markdown(), StandardCharsets.UTF_8);
            return md;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
        }
    }

    public String csv() {
        StringBuilder s = new StringBuilder("run,name,arch,macs,cost_reduction,self_top1,self_top5,self_mAP,self_tar1e3,self_tar1e4,"
                + "cross_top1,cross_top5,cross_mAP,cross_tar1e3,cross_tar1e4\n");
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "%s,\"%s\",%s,%d,%.3f,%s,%s%n", r.run(), r.name().replace("\"", "\"\""), r.arch(), r.macs(),
                    r.costReduction(), metrics(r.self()), metrics(r.cross())));
        }
        return s.toString();
    }

    private static String metrics(Evaluation e) {
        return String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%.4f", e.top1(), e.top5(), e.mAP(), e.tarAtFar1e3(), e.tarAtFar1e4());
    }

    public String markdown() {
        Row g = paragon();
        StringBuilder s = new StringBuilder("# CMP-NAS reproduction on Fashion-MNIST\n\n");
        s.append(plan.isQuick()
                ? "**Quick run** on a slice (" + plan.trainImages() + " training images, " + plan.queries() + " queries against "
                        + plan.gallery() + " gallery images): it checks the pipeline, its numbers are not the protocol's.\n\n"
                : "The test protocol of docs/protocol.md: 1,000 queries against 9,000 gallery images of the test split.\n\n");
        s.append(String.format(Locale.ROOT, "Dataset `%s`; wall time %s; paragon M(G,G) = %s %.2f top-1, %.2f mAP.%n%n",
                dataset, duration(wallSeconds), g.name(), g.self().top1(), g.self().mAP()));
        s.append("M(Q,Q): the model searches its own gallery. M(Q,G): its queries against the paragon's gallery. "
                + "Gap: M(Q,G) minus the paragon M(G,G), in points. Compatible: M(Q,G) > M(Q,Q) in mAP.\n\n");
        s.append("| model | arch | MACs | cost reduction | M(Q,Q) top-1 | M(Q,Q) mAP | M(Q,G) top-1 | M(Q,G) top-5 | M(Q,G) mAP "
                + "| TAR@1e-3 | TAR@1e-4 | gap top-1 | gap mAP | compatible |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|\n");
        for (Row r : rows) {
            boolean paragon = r.isParagon();
            s.append(String.format(Locale.ROOT, "| %s | `%s` | %s | %.1f× | %.2f | %.2f | %s | %.2f | %s | %.2f | %.2f | %s | %s | %s |%n",
                    r.name(), r.arch(), millions(r.macs()), r.costReduction(), r.self().top1(), r.self().mAP(),
                    paragon ? "(paragon)" : String.format(Locale.ROOT, "%.2f", r.cross().top1()), r.cross().top5(),
                    paragon ? "(paragon)" : String.format(Locale.ROOT, "%.2f", r.cross().mAP()),
                    r.cross().tarAtFar1e3(), r.cross().tarAtFar1e4(),
                    paragon ? "" : String.format(Locale.ROOT, "%+.2f", r.cross().top1() - g.self().top1()),
                    paragon ? "" : String.format(Locale.ROOT, "%+.2f", r.cross().mAP() - g.self().mAP()),
                    paragon ? "" : r.cross().mAP() > r.self().mAP() ? "yes" : "no"));
        }
        s.append("\n![Pareto chart](pareto.png)\n\n![Compatibility matrix](compat.png)\n\n");
        s.append("Files: `results.csv` (the table), `compat.json` / `compat.csv` (the matrix M(row, column), top-1 and mAP), "
                + "`pareto.png` / `pareto.svg`, `report.json`.\n\n## Steps, runs and the commands that repeat them\n\n");
        s.append("| step | run | reused | time | command |\n|---|---|:---:|---:|---|\n");
        for (Step step : steps) {
            s.append(String.format(Locale.ROOT, "| %s | `%s` | %s | %s | `%s` |%n", step.title(), step.run(), step.reused() ? "yes" : "",
                    duration(step.seconds()), step.command()));
        }
        s.append("\nEvaluation: `cmpnas evaluate --query RUN --gallery RUN` for each model against itself and against the paragon; "
                + "`cmpnas compat` with all the runs above gives the matrix.");
        if (plan.isQuick()) {
            s.append(" The quick run cuts the val, query and gallery splits too, which the commands cannot; its numbers differ from theirs.");
        }
        return s.append('\n').toString();
    }

    static String millions(long macs) {
        return String.format(Locale.ROOT, "%.2f M", macs / 1e6);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + " s";
    }
}
