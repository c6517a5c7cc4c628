package org.cmpnas.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cmpnas.engine.eval.EvaluationJob;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.store.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cmpnas evaluate}: test-protocol retrieval of a query model against a gallery model. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Retrieval of the query model's queries against the gallery model's gallery (test protocol).")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--query", paramLabel = "RUN", required = true, description = "the run of the query model")
    String query;

    @Option(names = "--gallery", paramLabel = "RUN", required = true, description = "the run of the gallery model (the same run: homogeneous search)")
    String gallery;

    @Override
    public Integer call() {
        List<Evaluation> results = new ArrayList<>();
        Job job = EvaluationJob.pairs(global.store(), query, List.of(gallery), results::add); // as the window queues it
        JobCommands.execute(global, job);
        Evaluation e = results.get(0);
        if (global.json) {
            Output.json(e);
        } else {
            System.out.printf("M(%s, %s)  protocol v%d, %d queries × %d gallery images of %s%n", e.query(), e.gallery(),
                    e.protocol(), e.queries(), e.galleryItems(), e.dataset());
            System.out.printf("top-1 %.2f%%   top-5 %.2f%%   mAP %.2f%%   TAR@FAR=1e-3 %.2f%%   TAR@FAR=1e-4 %.2f%%%n",
                    e.top1(), e.top5(), e.mAP(), e.tarAtFar1e3(), e.tarAtFar1e4());
            System.out.printf("query cost %s MACs, gallery model %s MACs: cost reduction %.1f×%n",
                    RunTable.millions(e.queryMacs()), RunTable.millions(e.galleryMacs()), e.costReduction());
        }
        return 0;
    }
}
