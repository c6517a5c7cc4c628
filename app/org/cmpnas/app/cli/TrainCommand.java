package org.cmpnas.app.cli;

import java.util.concurrent.Callable;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.engine.train.TrainingJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cmpnas train}: trains one embedding model and prints its run id as the last line. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train one embedding model.")
final class TrainCommand implements Callable<Integer> {
    private static final TrainConfig DEFAULTS = TrainConfig.defaults("resnet-q");

    @Mixin
    GlobalOptions global;

    @Option(names = "--arch", paramLabel = "SPEC", description = "resnet-g, resnet-q or a subnet's text form")
    String arch;

    @Option(names = "--data", paramLabel = "fashion-mnist|DIR", description = "dataset (default: ${DEFAULT-VALUE})", defaultValue = TrainConfig.FASHION_MNIST)
    String data;

    @Option(names = "--epochs", description = "default: ${DEFAULT-VALUE}")
    int epochs = DEFAULTS.schedule().epochs();

    @Mixin
    ScheduleOptions schedule = new ScheduleOptions(DEFAULTS.schedule());

    @Option(names = "--limit", paramLabel = "N", description = "keep N training images, each class in its share of the split (seeded by --seed); 0 uses all")
    int limit;

    @Mixin
    AugmentationOptions augmentation;

    @Mixin
    ImageFlags images;

    @Option(names = "--name", description = "a name for the run (default: the architecture)")
    String name;

    @Option(names = "--loss", description = "independent (default); bct, l2, bct+l2 or contrastive (need --gallery); joint (needs --gallery-arch)")
    String loss = DEFAULTS.loss().text();

    @Option(names = "--gallery", paramLabel = "RUN", description = "the frozen gallery model to be compatible with")
    String gallery;

    @Option(names = "--gallery-arch", paramLabel = "SPEC", description = "with --loss joint: the gallery model trained together with this one")
    String galleryArch;

    @Mixin
    LossWeights weights;

    @Option(names = "--resume", paramLabel = "RUN", description = "continue an interrupted or cancelled run from its last checkpoint")
    String resume;

    @Override
    public Integer call() {
        return JobCommands.run(global, (store, listener, token) -> {
            TrainingJob job = new TrainingJob(store, listener, token);
            if (resume != null) {
                return job.resume(resume);
            }
            if (arch == null) {
                throw new BadInputException("--arch is required (resnet-g, resnet-q or a subnet's text form), or --resume RUN");
            }
            return job.start(config());
        });
    }

    private TrainConfig config() {
        String runName = name != null ? name : "independent".equals(loss) ? arch : arch + " " + loss;
        return new TrainConfig(runName, arch, schedule.schedule(epochs), DataSpec.all(data, images.options(data)).withLimit(limit),
                augmentation.augmentation(), weights.loss(loss), gallery, galleryArch);
    }
}
