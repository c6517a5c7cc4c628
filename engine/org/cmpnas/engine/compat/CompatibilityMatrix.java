package org.cmpnas.engine.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.StoreWriteException;

/**
 * M(row as query model, column as gallery model) for a set of runs, with the empirical compatibility
 * criterion M(Q, G) > M(Q, Q) per cell (in mAP, the primary metric, and in top-1) and each row's cost
 * reduction against the most expensive model of the set.
 */
public record CompatibilityMatrix(List<Model> models, List<List<Cell>> cells) {

    /** A run in the matrix. {@code costReduction} = the most expensive model's MACs / this one's. */
    public record Model(String id, String name, String arch, long macs, double costReduction) {
    }

    /** One query × gallery pair; on the diagonal the criterion is not defined (false). */
    public record Cell(String query, String gallery, double top1, double mAP, boolean compatibleMap, boolean compatibleTop1) {
    }

    /** {@code evaluate} gives M(query run, gallery run), e.g. {@code Evaluator::evaluate}. */
    public static CompatibilityMatrix measure(List<RunRecord> runs, BiFunction<String, String, Evaluation> evaluate) {
        long maxMacs = runs.stream().mapToLong(RunRecord::macs).max().orElse(1);
        List<Model> models = runs.stream().map(r -> new Model(r.id(), r.name(), r.arch(), r.macs(),
                r.macs() > 0 ? (double) maxMacs / r.macs() : 0)).toList();
        List<List<Cell>> cells = new ArrayList<>();
        for (RunRecord q : runs) {
            Evaluation self = evaluate.apply(q.id(), q.id());
            List<Cell> row = new ArrayList<>();
            for (RunRecord g : runs) {
                Evaluation e = q == g ? self : evaluate.apply(q.id(), g.id());
                boolean off = q != g;
                row.add(new Cell(q.id(), g.id(), e.top1(), e.mAP(), off && e.mAP() > self.mAP(), off && e.top1() > self.top1()));
            }
            cells.add(row);
        }
        return new CompatibilityMatrix(models, cells);
    }

    /** Writes {@code compat.json} and {@code compat.csv} (one line per cell) into {@code dir}. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Json.writeAtomically(dir.resolve("compat.json"), this);
            StringBuilder csv = new StringBuilder("query,query_name,gallery,gallery_name,query_macs,gallery_macs,cost_reduction,top1,mAP,compatible_mAP,compatible_top1\n");
            for (int i = 0; i < models.size(); i++) {
                for (int j = 0; j < models.size(); j++) {
                    Model q = models.get(i);
                    Model g = models.get(j);
                    Cell c = cells.get(i).get(j);
                    csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%d,%.3f,%.4f,%.4f,%b,%b%n", q.id(), csvText(q.name()),
                            g.id(), csvText(g.name()), q.macs(), g.macs(), q.costReduction(), c.top1(), c.mAP(),
                            c.compatibleMap(), c.compatibleTop1()));
                }
            }
            Json.writeAtomically(dir.resolve("compat.csv"), csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw StoreWriteException.of("the compatibility matrix", dir, e);
        }
    }

    private static String csvText(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
