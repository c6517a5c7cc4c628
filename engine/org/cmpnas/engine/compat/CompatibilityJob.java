package org.cmpnas.engine.compat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.eval.Evaluator;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;

/**
 * The compatibility matrix of a set of runs as a job: every pair evaluated (each result also in the store's
 * evaluations, as {@code cmpnas evaluate} puts it), progress per pair, cancel between pairs, then
 * {@code compat.json} and {@code compat.csv} written into a folder. Not a run: it returns that folder.
 */
public final class CompatibilityJob {

    private CompatibilityJob() {
    }

    /** The matrix of {@code runs} (ids or prefixes), written into {@code out} and handed to {@code result}. */
    public static Job of(RunStore store, List<String> runs, Path out, Consumer<CompatibilityMatrix> result) {
        return Job.of("compatibility of " + runs.size() + " runs", (listener, token) -> {
            List<RunRecord> records = runs.stream().map(store::load).distinct().toList();
            if (records.size() < 2) {
                throw new BadInputException("compat needs at least two different runs, got " + records.size());
            }
            Map<String, String> names = records.stream().collect(Collectors.toMap(RunRecord::id, RunRecord::name));
            int pairs = records.size() * records.size();
            int[] done = {0};
            CompatibilityMatrix matrix;
            try (NDManager manager = NDManager.newBaseManager()) {
                Evaluator evaluator = new Evaluator(store, manager);
                matrix = CompatibilityMatrix.measure(records, (query, gallery) -> {
                    token.check();
                    listener.progress(done[0]++, pairs, "M(" + names.get(query) + ", " + names.get(gallery) + ")");
                    return evaluator.evaluate(query, gallery);
                });
            }
            matrix.write(out);
            listener.progress(pairs, pairs, "written to " + out);
            result.accept(matrix);
            return out.toString();
        });
    }
}
