package org.cmpnas.app.cli;

import java.util.concurrent.Callable;
import org.cmpnas.engine.nas.ExportConfig;
import org.cmpnas.engine.nas.ExportJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cmpnas export}: a searched subnet becomes a standalone query-model run; prints its id last. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Turn the subnet a search found for one budget into a standalone query model run, weights inherited from the supernet "
                + "(batch norm recalibrated on the search's batches, so it is the model the search scored).",
                "With --finetune-epochs N it is then fine-tuned with the supernet's compatibility loss against the gallery model.",
                "For a search of a pair-mode supernet the pair's gallery subnet is exported too, as a gallery run linked to the query run "
                        + "(runs show QUERY names it under links.gallery); the query is fine-tuned against it. A gallery run exported earlier "
                        + "from the same search with the same gallery subnet is linked to instead, so the pair's queries share one gallery.",
                "Evaluate it like any model: cmpnas evaluate --query RUN --gallery GALLERY. Prints the (query) run id as the last line."})
final class ExportCommand implements Callable<Integer> {
    private static final ExportConfig DEFAULTS = ExportConfig.of(null, null, 0);

    @Mixin
    GlobalOptions global;

    @Option(names = "--search", paramLabel = "RUN", required = true, description = "the finished search run")
    String search;

    @Option(names = "--budget", paramLabel = "B", required = true, description = "one of the search's budgets, e.g. 1M")
    String budget;

    @Option(names = "--finetune-epochs", paramLabel = "N", description = "fine-tuning epochs (default: ${DEFAULT-VALUE})")
    int finetuneEpochs = DEFAULTS.finetune().epochs();

    @Option(names = "--finetune-limit", paramLabel = "N", description = "fine-tune on N training images, each class in its share (seeded by --seed; default: ${DEFAULT-VALUE}, all of them)")
    int finetuneLimit = DEFAULTS.data().limit();

    @Mixin
    ScheduleOptions finetune = new ScheduleOptions(DEFAULTS.finetune());

    @Option(names = "--name", description = "a name for the run (default: cmpnas BUDGET)")
    String name;

    @Override
    public Integer call() {
        ExportConfig config = ExportConfig.of(search, budget, finetuneEpochs).withName(name).withFinetune(finetune.schedule(finetuneEpochs))
                .withFinetuneLimit(finetuneLimit).validated();
        return JobCommands.run(global, (store, listener, token) -> new ExportJob(store, listener, token).start(config));
    }
}
