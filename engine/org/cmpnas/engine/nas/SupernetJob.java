package org.cmpnas.engine.nas;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.compat.GalleryEmbeddingTable;
import org.cmpnas.engine.compat.GalleryTeacher;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.Augmentation;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.Evaluator;
import org.cmpnas.engine.eval.RetrievalMetrics;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.jobs.RunLifecycle;
import org.cmpnas.engine.model.InputShape;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.Checkpoint;
import org.cmpnas.engine.train.NesterovSgd;
import org.cmpnas.engine.train.Schedule;
import org.cmpnas.engine.train.TrainConfig;

/**
 * {@code cmpnas supernet}: a run of kind {@code supernet} that trains the weight-sharing supernet with
 * sandwich steps ({@link SupernetTrainer}) against the frozen gallery model of another run, or in pair
 * mode against its own largest subnet ({@link SupernetGallery#largestSubnet}; no gallery run, no link).
 * After each epoch: the mean step loss ({@code supernet.loss}), the heterogeneous retrieval of the
 * largest and the smallest subnet against the gallery on the NAS reward set (after recalibration; in
 * pair mode the gallery is the largest subnet as it is at the end of the epoch, so the largest's figure
 * is its homogeneous retrieval), and a checkpoint of the parameters and step in {@code weights/}. At the
 * end the parameters are saved for the search ({@link SupernetFiles}).
 *
 * <p>The checkpoint holds the momentum buffers too ({@link Checkpoint}, as for model training), so an
 * interrupted or cancelled run resumes from its last finished epoch to the state an uninterrupted
 * run reaches: batches and sampled subnets depend only on the seed, the epoch and the step.
 *
 * <p>Runs on the calling thread, which owns every DJL object of the job.
 */
public final class SupernetJob {
    /** Batches the largest and smallest subnets are recalibrated on before the per-epoch validation. */
    static final int VALIDATION_CALIBRATION_BATCHES = 4;

    private final RunStore store;
    private final JobListener listener;
    private final CancellationToken token;

    public SupernetJob(RunStore store, JobListener listener, CancellationToken token) {
        this.store = store;
        this.listener = listener;
        this.token = token;
    }

    /** A job for the background engine that trains {@code config} into {@code store}. */
    public static Job of(RunStore store, SupernetConfig config) {
        return Job.of("supernet " + config.name(), (listener, token) -> new SupernetJob(store, listener, token).start(config));
    }

    /** Creates a run for {@code config} and trains it; returns the run id (also when it fails). */
    public String start(SupernetConfig config) {
        config.validated();
        SupernetConfig resolved = resolve(config, config.pair() ? null : store.finished(config.gallery(), RunStore.Input.GALLERY_MODEL));
        return start(config, Datasets.load(resolved.data(), config.schedule().seed()));
    }

    /** As {@link #start(SupernetConfig)}, on data already loaded (the dataset {@code config.data()} names, or the gallery's). */
    public String start(SupernetConfig config, DataSplits data) {
        config.validated();
        RunRecord gallery = config.pair() ? null : store.finished(config.gallery(), RunStore.Input.GALLERY_MODEL);
        String galleryData = gallery == null || gallery.provenance() == null ? null : gallery.provenance().datasetChecksum();
        if (galleryData != null && !galleryData.equals(data.checksum())) {
            throw new BadInputException("gallery run " + gallery.id() + " was trained on another dataset (" + gallery.provenance().datasetName()
                    + ") than " + data.name() + ": give the gallery's dataset with --data");
        }
        InputShape input = InputShape.of(data); // every subnet of the supernet takes the data's images
        SupernetConfig resolved = resolve(config, gallery);
        if (resolved.resolutions() != null && !SearchSpace.resolutions(input).containsAll(resolved.resolutionList())) {
            listener.log("elastic resolution (--resolutions " + resolved.resolutions() + ") is defined for 28 px inputs; these images are "
                    + input.text() + ", so the subnets train at their full size");
            resolved = resolved.withResolutions(null);
        }
        SubnetSpec largest = resolved.sandwich(input).largest().withInput(input);
        RunHandle run = store.create(config.name(), RunKind.supernet, "supernet", largest.macs(), largest.params(),
                Json.mapper().valueToTree(resolved), RunLifecycle.provenance(config.schedule().seed(), data));
        if (gallery != null) {
            run.update(r -> r.withLink("gallery", gallery.id()));
        }
        train(run, resolved, data);
        return run.id();
    }

    /** Continues an interrupted or cancelled run from its last checkpoint, with the config it was started with. */
    public String resume(String runId) {
        return resume(runId, null);
    }

    /** As {@link #resume(String)}; {@code data} may be given when already loaded, else null. */
    public String resume(String runId, DataSplits loaded) {
        RunRecord stored = store.loadToResume(runId, "supernet --resume", RunKind.supernet);
        SupernetConfig config = stored.configAs(SupernetConfig.class).validated();
        DataSplits data = loaded != null ? loaded : Datasets.load(config.data(), config.schedule().seed());
        SearchJob.requireSameData(stored, data);
        RunHandle run = store.open(stored.id());
        train(run, config, data);
        return run.id();
    }

    /** Pair mode has no gallery run to take the dataset from: the config's, else Fashion-MNIST. */
    private static String pairData(SupernetConfig config) {
        return config.data().named() ? config.data().name() : TrainConfig.FASHION_MNIST;
    }

    /**
     * The config as the run records it: the gallery's full id, the dataset named by the config, else the
     * gallery's training data, and the images read as the gallery read them (pair mode: as the config says).
     */
    private static SupernetConfig resolve(SupernetConfig config, RunRecord gallery) {
        if (gallery == null) {
            return config.resolved(null, pairData(config), config.data().images());
        }
        String data = config.data().named() ? config.data().name() : gallery.data();
        return config.resolved(gallery.id(), data, gallery.images());
    }

    private void train(RunHandle run, SupernetConfig config, DataSplits data) {
        Schedule schedule = config.schedule();
        Path weights = run.weightsDir();
        RunLifecycle life = RunLifecycle.of(listener, run)
                .whenCancelled(() -> Checkpoint.whenCancelled(weights, "supernet --resume " + run.id()));
        life.carry(() -> {
            listener.log("training on " + config.data().subset().describe(config.data().limit(), schedule.seed()) + " of " + data.name()
                    + " (" + data.train().size() + " images)");
            int classes = data.train().numClasses();
            int stepsPerEpoch;
            try (BatchSource probe = new BatchSource(data.train(), schedule.batch(), 0, null, true)) {
                stepsPerEpoch = probe.batchCount();
            }
            long totalSteps = (long) stepsPerEpoch * schedule.epochs();
            LossSpec lossSpec = config.loss();
            Checkpoint.removeUnfinished(weights);
            Optional<Checkpoint> resumed = Checkpoint.latest(weights);
            JobListener recording = life.recordingInto(run);
            try (NDManager manager = NDManager.newBaseManager();
                 NDManager galleryScope = NDManager.newBaseManager();
                 LoadedModel gallery = config.pair() ? null : ModelFiles.open(store.dir(config.gallery()).resolve("weights"), galleryScope)) {
                Supernet net = Supernet.initialised(classes, InputShape.of(data), manager, schedule.seed());
                Augmentation augmentation = config.augmentation();
                SupernetGallery supernetGallery = config.pair() ? SupernetGallery.largestSubnet(net, lossSpec)
                        : SupernetGallery.external(new GalleryTeacher(config.gallery(), gallery, lossSpec, classes).withTrainingEmbeddings(
                                GalleryEmbeddingTable.ofTraining(store, config.gallery(), data, galleryScope),
                                augmentation, listener::log));
                NesterovSgd optimizer = NesterovSgd.cosine(schedule, totalSteps);
                if (resumed.isPresent()) {
                    resumed.get().restore(weights, net, optimizer, manager);
                    listener.log("resumed " + run.id() + " after epoch " + resumed.get().epoch());
                }
                Sandwich sandwich = config.sandwich(net.input());
                SupernetTrainer trainer = new SupernetTrainer(net, supernetGallery, optimizer, sandwich);
                List<BatchSource.Batch> validationBatches = SubnetReward.calibrationBatches(data.train(), VALIDATION_CALIBRATION_BATCHES,
                        schedule.batch(), schedule.seed());
                // The external gallery's embeddings never change; in pair mode the gallery is the largest subnet as trained so far.
                Embeddings externalEmbeddings = config.pair() ? null : nasGalleryEmbeddings(store, config.gallery(), data, manager);
                Supplier<SubnetReward> validation = () -> new SubnetReward(net, validationBatches, data,
                        externalEmbeddings != null ? externalEmbeddings
                                : SubnetReward.embed(net, SearchSpace.largest(), validationBatches, data.nasGallery(), manager),
                        SubnetReward.Metric.mAP, manager);
                listener.log(String.format("supernet run %s: %d epochs × %d sandwich steps of %d images (%s), %s, against %s",
                        run.id(), schedule.epochs(), stepsPerEpoch, schedule.batch(), lossSpec.text(), sandwich.isBudgetAware()
                                ? "budget-aware for " + config.budgets() + " (largest " + sandwich.largest().text() + ", "
                                + MacsBudgets.format(net.atInput(sandwich.largest()).macs()) + " MACs)" : "whole-space sampling",
                        config.pair() ? "its own largest subnet (pair mode, shared classifier)" : "gallery " + config.gallery()));
                long step = resumed.map(Checkpoint::step).orElse(0L);
                for (int epoch = resumed.map(c -> c.epoch() + 1).orElse(1); epoch <= schedule.epochs(); epoch++) {
                    SupernetTrainer.EpochResult result;
                    try (BatchSource batches = new BatchSource(data.train(), schedule.batch(), schedule.epochSeed(epoch), augmentation, true)) {
                        result = trainer.train(batches, epoch, step, totalSteps, recording, token);
                    }
                    step = result.nextStep();
                    recordEpoch(life, run, validation.get(), sandwich.largest(), result, epoch, schedule.epochs());
                    new Checkpoint(epoch, step).save(weights, net, optimizer);
                }
                SupernetFiles.save(weights, net);
            }
        });
    }

    /** Per-epoch summary: mean loss, and M(largest, G), M(smallest, G) of the sandwich on the NAS reward set. */
    private void recordEpoch(RunLifecycle life, RunHandle run, SubnetReward validation, SubnetSpec largestSubnet, SupernetTrainer.EpochResult result,
                             int epoch, int epochs) {
        token.check();
        RetrievalMetrics largest = validation.metrics(largestSubnet);
        RetrievalMetrics smallest = validation.metrics(SearchSpace.smallest());
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("supernet.loss", result.meanLoss());
        summary.put("val.largest.mAP", largest.mAP());
        summary.put("val.largest.top1", largest.top1());
        summary.put("val.smallest.mAP", smallest.mAP());
        summary.put("val.smallest.top1", smallest.top1());
        summary.put("epoch", (double) epoch);
        life.summary(run, "", summary, result.nextStep(), epoch);
        listener.log(String.format("epoch %d/%d  loss %.4f  M(largest, G) mAP %.2f%% top-1 %.2f%%  M(smallest, G) mAP %.2f%% top-1 %.2f%%",
                epoch, epochs, result.meanLoss(), largest.mAP(), largest.top1(), smallest.mAP(), smallest.top1()));
    }

    /**
     * The gallery model's embeddings of the NAS reward gallery, cached in the gallery run's folder (the
     * split name carries its size: tests and smoke runs use shortened val splits).
     */
    static Embeddings nasGalleryEmbeddings(RunStore store, String galleryRun, DataSplits data, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            return new Evaluator(store, scope).embeddings(store.load(galleryRun), "nas-gallery",
                    data.nasGallery(), data.checksum());
        }
    }
}
