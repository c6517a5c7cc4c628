package org.cmpnas.app.cli;

import java.util.concurrent.Callable;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.nas.SupernetJob;
import org.cmpnas.engine.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cmpnas supernet}: trains the compatibility-aware weight-sharing supernet; prints its run id last. */
@Command(name = "supernet", mixinStandardHelpOptions = true,
        description = {"Train the weight-sharing supernet of the search space, every sampled subnet made compatible with a frozen gallery model "
                + "(--gallery RUN) or, in pair mode (--pair), with the supernet's own largest subnet, whose classifier every subnet shares.",
                "Each step runs the sandwich (largest, smallest and two random subnets) on one batch and sums their compatibility losses. "
                        + "By default the sampling is budget-aware (--budgets): the largest is the largest subnet within the highest budget and "
                        + "the random subnets are spread over the budgets, so the subnets a search will return are the ones trained; "
                        + "--whole-space samples the whole search space as Once-for-All does. "
                        + "In pair mode the largest subnet is trained for classification and is the others' gallery: bct's term goes through "
                        + "the shared classifier, l2 pulls each subnet's embedding onto the largest's (in-place distillation); bct+l2 does both.",
                "With l2, bct+l2 or contrastive the gallery model's embeddings of the training images (and of their mirror images) are "
                        + "computed once and cached in the gallery run; --pad-crop needs them per batch.",
                "Prints the run id as the last line."})
final class SupernetCommand implements Callable<Integer> {
    private static final SupernetConfig DEFAULTS = SupernetConfig.defaults(null);

    @Mixin
    GlobalOptions global;

    @Option(names = "--gallery", paramLabel = "RUN", description = "the frozen gallery model (a trained or imported run) every subnet is made compatible with")
    String gallery;

    @Option(names = "--pair", description = "pair mode: the gallery is a subnet of this supernet (the largest while training; "
            + "search --gallery-budget can search it), every subnet sharing its classifier")
    boolean pair;

    @Option(names = "--data", paramLabel = "fashion-mnist|DIR", description = "dataset (default: the gallery run's; with --pair, fashion-mnist)")
    String data;

    @Mixin
    ImageFlags images;

    @Option(names = "--epochs", description = "default: ${DEFAULT-VALUE}")
    int epochs = DEFAULTS.schedule().epochs();

    @Option(names = "--limit", paramLabel = "N", description = "keep N training images, each class in its share of the split (seeded by --seed); 0 uses all (default: ${DEFAULT-VALUE})")
    int limit = DEFAULTS.data().limit();

    @Option(names = "--budgets", paramLabel = "LIST", description = "MACs budgets the sampling aims at, e.g. 0.5M,1M; a search on this supernet "
            + "may use budgets up to the highest (default: ${DEFAULT-VALUE})")
    String budgets = DEFAULTS.budgets();

    @Option(names = "--resolutions", paramLabel = "PX,...", description = "elastic input resolution: the query subnets may resize "
            + "the image to these sizes (some of 16, 20, 24, 28), the resize counted in their MACs; the gallery sees the full image; "
            + "28 alone is the full-resolution space (default: " + SupernetConfig.ELASTIC_RESOLUTIONS + " when budget-aware against a "
            + "gallery model, else 28)")
    String resolutions;

    @Option(names = "--whole-space", description = "sample subnets from the whole search space (Once-for-All) instead of around --budgets")
    boolean wholeSpace;

    @Mixin
    ScheduleOptions schedule = new ScheduleOptions(DEFAULTS.schedule());

    @Option(names = "--loss", description = "compatibility loss of each subnet: bct, l2, bct+l2 or contrastive (default: ${DEFAULT-VALUE})")
    String loss = DEFAULTS.loss().text();

    @Mixin
    LossWeights weights;

    @Mixin
    AugmentationOptions augmentation;

    @Option(names = "--name", description = "a name for the run (default: supernet LOSS, or supernet pair LOSS)")
    String name;

    @Option(names = "--resume", paramLabel = "RUN", description = "continue an interrupted or cancelled supernet run from its last checkpoint, with its own settings")
    String resume;

    @Override
    public Integer call() {
        if (resume != null) {
            return JobCommands.run(global, (store, listener, token) -> new SupernetJob(store, listener, token).resume(resume));
        }
        // SupernetConfig.validated() refuses --pair with --gallery, and neither of them, naming both options.
        String defaultName = pair ? "supernet pair " + loss : "supernet " + loss;
        DataSpec read = DataSpec.all(data, pair ? images.options(data != null ? data : TrainConfig.FASHION_MNIST) : null).withLimit(limit);
        SupernetConfig config = new SupernetConfig(name != null ? name : defaultName, gallery, schedule.schedule(epochs), read,
                augmentation.augmentation(), weights.loss(loss), pair, wholeSpace ? null : budgets,
                resolutions != null ? resolutions : pair || wholeSpace ? null : SupernetConfig.ELASTIC_RESOLUTIONS);
        if (!pair && images.given()) {
            throw new BadInputException("--image-size and --grey are for --pair: against a gallery run, a supernet reads the images as the gallery did");
        }
        config.validated();
        return JobCommands.run(global, (store, listener, token) -> new SupernetJob(store, listener, token).start(config));
    }
}
