package org.cmpnas.app.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;

/**
 * Writes into a store as fast as it can: evaluations of one shared query run (read-change-write of
 * one file) and runs of its own, some soft-deleted. Run by a test in this JVM and, at the same time,
 * as {@link #main} of a second process.
 */
final class StoreHammer {
    private StoreHammer() {
    }

    /** Arguments: store folder, the shared query run, a prefix for this writer's names, how many rounds. */
    public static void main(String[] args) {
        hammer(new RunStore(Path.of(args[0])), args[1], args[2], Integer.parseInt(args[3]));
        System.out.println("done");
    }

    static void hammer(RunStore store, String query, String prefix, int rounds) {
        for (int i = 0; i < rounds; i++) {
            store.putEvaluation(new Evaluation(query, prefix + "-gallery-" + i, 1, "fashion-mnist", 90, 95, 80, 30, 10,
                    1000, 2000, 2, 1000, 9000, Instant.now()));
            if (i % 10 == 0) {
                RunHandle run = store.create(prefix + "-" + i, RunKind.gallery, "resnet-q", 1, 1,
                        Json.mapper().createObjectNode().put("writer", prefix), null);
                run.setStatus(RunStatus.running, null);
                for (int step = 0; step < 20; step++) {
                    run.appendMetric("train.step_loss", 1.0 / (step + 1), step, 1);
                }
                run.putMetrics(Map.of("train.loss", 0.5));
                run.setStatus(RunStatus.finished, null);
                if (i % 20 == 0) {
                    store.delete(run.id());
                }
            }
        }
    }
}
