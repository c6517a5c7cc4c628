package org.cmpnas.engine.repro;

import java.util.List;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.nas.ExportConfig;
import org.cmpnas.engine.nas.SearchConfig;
import org.cmpnas.engine.nas.SearchRunConfig;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.train.TrainConfig;

/**
 * The settings of the headline experiment: the paragon resnet-g, resnet-q trained independently and
 * with {@code bct}, a compatibility-aware supernet, a search over five MACs budgets and the export
 * (with fine-tuning) of each budget's subnet. {@link #full()} is the PROTOCOL run with each command's
 * defaults; {@link #quick()} the same steps on a slice of Fashion-MNIST, in a few minutes.
 *
 * @param trainImages first N training images (0: all); {@code val}, {@code queries}, {@code gallery}
 *                    cut the other splits (0: the whole split, as the protocol says)
 */
public record ReproductionPlan(String name, int trainImages, int val, int queries, int gallery, int epochs, int batch,
                               int supernetEpochs, int supernetImages, List<String> budgets, SearchConfig evolution,
                               int calibrationBatches, int finetuneEpochs) {

    public static final String GALLERY_ARCH = "resnet-g";
    public static final String QUERY_ARCH = "resnet-q";
    /** Fine-tuning of each export: with the gallery's embeddings cached an epoch is cheap, and longer schedules kept paying. */
    public static final int FULL_FINETUNE_EPOCHS = 12;

    public static ReproductionPlan full() {
        return new ReproductionPlan("reproduce", 0, 0, 0, 0, 8, 64, SupernetConfig.DEFAULT_EPOCHS, 0,
                List.of(SupernetConfig.DEFAULT_BUDGETS.split(",")), SearchConfig.defaults(), SearchRunConfig.DEFAULT_CALIBRATION_BATCHES,
                FULL_FINETUNE_EPOCHS);
    }

    /** 512 training images, 100 queries against 400 gallery images, one or two epochs a step. */
    public static ReproductionPlan quick() {
        return new ReproductionPlan("reproduce-quick", 512, 500, 100, 400, 2, 32, 1, 512,
                List.of("0.45M", "0.6M", "0.8M", "1.2M", "2M"), SearchConfig.quick().withPopulation(6).withGenerations(1), 2, 1);
    }

    public boolean isQuick() {
        return trainImages > 0;
    }

    /** The data every step runs on: the quick plan's slices, its training images chosen as its configs' limit chooses them. */
    public DataSplits load() {
        DataSplits data = Datasets.load(TrainConfig.FASHION_MNIST);
        if (!isQuick()) {
            return data;
        }
        TrainConfig rule = paragon();
        return data.limit(data.train().size(), val, queries, gallery).limitTrain(trainImages, rule.data().subset(), rule.schedule().seed());
    }

    public TrainConfig paragon() {
        return train(GALLERY_ARCH, "paragon " + GALLERY_ARCH, isQuick() ? 1 : epochs);
    }

    public TrainConfig independent() {
        return train(QUERY_ARCH, QUERY_ARCH + " independent", epochs);
    }

    public TrainConfig bct(String paragonRun) {
        return train(QUERY_ARCH, QUERY_ARCH + " bct", epochs).withLoss(LossSpec.of("bct", LossSpec.DEFAULT_LAMBDA, LossSpec.DEFAULT_TEMPERATURE), paragonRun);
    }

    public SupernetConfig supernet(String paragonRun) {
        SupernetConfig d = SupernetConfig.defaults(paragonRun);
        return d.withName("supernet " + SupernetConfig.DEFAULT_LOSS).withSchedule(d.schedule().withEpochs(supernetEpochs).withBatch(batch))
                .withData(d.data().withLimit(supernetImages)).withBudgets(String.join(",", budgets));
    }

    public SearchRunConfig search(String supernetRun) {
        return SearchRunConfig.defaults(supernetRun, String.join(",", budgets)).withEvolution(evolution).withCalibration(calibrationBatches, batch);
    }

    public ExportConfig export(String searchRun, String budget) {
        ExportConfig config = ExportConfig.of(searchRun, budget, finetuneEpochs).withName("searched " + budget);
        return config.withFinetune(config.finetune().withBatch(batch));
    }

    private TrainConfig train(String arch, String runName, int trainEpochs) {
        TrainConfig d = TrainConfig.defaults(arch);
        return d.withName(runName).withSchedule(d.schedule().withEpochs(trainEpochs).withBatch(batch)).withData(d.data().withLimit(trainImages));
    }
}
