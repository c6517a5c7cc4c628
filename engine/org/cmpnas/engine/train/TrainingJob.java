package org.cmpnas.engine.train;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.compat.GalleryEmbeddingTable;
import org.cmpnas.engine.compat.GalleryTeacher;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.Augmentation;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.eval.RetrievalMetrics;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.jobs.RunLifecycle;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.BatchNormFolding;
import org.cmpnas.engine.model.EmbeddingNet;
import org.cmpnas.engine.model.JointNet;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;

/**
 * Independent training of one embedding model with a classifier on its embedding: SGD with Nesterov
 * momentum on a cosine schedule, one checkpoint per epoch, per-epoch loss, training accuracy and
 * val-split accuracy (classifier) and top-1 (retrieval on the NAS reward set of the val split).
 *
 * <p>Runs on the calling thread, which then owns every DJL object of the job; each step works in a
 * sub-manager that is closed, so native memory stays flat.
 */
public final class TrainingJob {
    /** Log a step loss at most this many steps apart (the live curve), besides the per-epoch summary. */
    private static final int STEP_METRIC_EVERY = 20;
    /** ...and at least this many times a run, so that a short run draws a curve rather than one dot. */
    private static final int STEP_METRICS_PER_RUN = 50;

    private final RunStore store;

    /** How many steps apart step losses are logged: every 20, or closer in a run of fewer than 1,000 steps. */
    static long stepMetricEvery(long totalSteps) {
        return Math.max(1, Math.min(STEP_METRIC_EVERY, totalSteps / STEP_METRICS_PER_RUN));
    }
    private final JobListener listener;
    private final CancellationToken token;

    public TrainingJob(RunStore store, JobListener listener, CancellationToken token) {
        this.store = store;
        this.listener = listener;
        this.token = token;
    }

    /** A job for the background engine that trains {@code config} into {@code store}. */
    public static Job of(RunStore store, TrainConfig config) {
        return Job.of("train " + config.name(), (listener, token) -> new TrainingJob(store, listener, token).start(config));
    }

    /** Creates a run for {@code config} and trains it; returns the run id (also when it fails). */
    public String start(TrainConfig config) {
        config.validated();
        return start(config, Datasets.load(config.data(), config.schedule().seed()));
    }

    /** As {@link #start(TrainConfig)}, on data already loaded (that must be what {@code config.data()} names). */
    public String start(TrainConfig config, DataSplits data) {
        config.validated();
        if (config.loss() instanceof LossSpec.Joint) {
            return startJoint(config, data);
        }
        ArchSpec spec = config.archSpec(data);
        boolean compatible = config.loss().needsGallery();
        // The gallery is recorded by its full id, so the run can be repeated even if more runs share its prefix.
        TrainConfig resolved = compatible
                ? config.withLoss(config.loss(), store.finished(config.gallery(), RunStore.Input.GALLERY_MODEL).id()) : config;
        RunHandle run = store.create(config.name(), compatible ? RunKind.query : RunKind.gallery, spec.text(), spec.macs(),
                spec.params(), Json.mapper().valueToTree(resolved), RunLifecycle.provenance(config.schedule().seed(), data));
        if (compatible) {
            run.update(r -> r.withLink("gallery", resolved.gallery()));
        }
        train(run, resolved, data);
        return run.id();
    }

    /** Continues a run from its last checkpoint with the config it was started with. */
    public String resume(String runId) {
        return resume(runId, null);
    }

    /** As {@link #resume(String)}; {@code data} may be given when already loaded, else null. */
    public String resume(String runId, DataSplits data) {
        RunRecord stored = store.loadToResume(runId, "train --resume", RunKind.gallery, RunKind.query);
        TrainConfig config = stored.configAs(TrainConfig.class).validated();
        if (config.loss() instanceof LossSpec.Joint) {
            throw new BadInputException("run " + stored.id()
                    + " was trained jointly with its gallery; joint training cannot be resumed, start it again");
        }
        RunHandle run = store.open(stored.id());
        train(run, config, data != null ? data : Datasets.load(config.data(), config.schedule().seed()));
        return run.id();
    }

    /** The full id of a finished gallery run, or a message naming what is wrong with it. */
    private void train(RunHandle run, TrainConfig config, DataSplits data) {
        Schedule schedule = config.schedule();
        Path weights = run.weightsDir();
        RunLifecycle life = RunLifecycle.of(listener, run)
                .whenCancelled(() -> Checkpoint.whenCancelled(weights, "train --resume " + run.id()));
        life.carry(() -> {
            listener.log("training on " + config.data().subset().describe(config.data().limit(), schedule.seed()) + " of " + data.name()
                    + " (" + data.train().size() + " images)");
            int classes = data.train().numClasses();
            int stepsPerEpoch = Math.max(1, data.train().size() / schedule.batch());
            long totalSteps = (long) stepsPerEpoch * schedule.epochs();
            Checkpoint.removeUnfinished(weights);
            Optional<Checkpoint> resumed = Checkpoint.latest(weights);
            LossSpec lossSpec = config.loss();
            Augmentation augmentation = config.augmentation();
            try (NDManager galleryScope = NDManager.newBaseManager();
                 LoadedModel gallery = lossSpec.needsGallery() ? ModelFiles.open(store.dir(config.gallery()).resolve("weights"), galleryScope) : null;
                 TrainingSession<EmbeddingNet> session = TrainingSession.single(config.archSpec(data), classes, schedule, totalSteps,
                         resumed.orElse(null), weights,
                         gallery == null ? null : new GalleryTeacher(config.gallery(), gallery, lossSpec, classes).withTrainingEmbeddings(
                                 GalleryEmbeddingTable.ofTraining(store, config.gallery(), data, galleryScope),
                                 augmentation, listener::log))) {
                resumed.ifPresent(c -> listener.log("resumed " + run.id() + " after epoch " + c.epoch()));
                long step = resumed.map(Checkpoint::step).orElse(0L);
                for (int epoch = resumed.map(c -> c.epoch() + 1).orElse(1); epoch <= schedule.epochs(); epoch++) {
                    EpochResult r = trainEpoch(session, data, config, augmentation, epoch, step, totalSteps, life, run);
                    step = r.step;
                    recordEpoch(life, run, session.net(), r, epoch, schedule.epochs(), data, session.manager(), "");
                    session.saveCheckpoint(weights, epoch, step);
                }
                ModelFiles.save(weights, config.archSpec(data), classes, data.normalization(), session.net());
            }
        });
    }

    private record EpochResult(long step, double loss, double accuracy) {
    }

    /** The epoch's summary metrics of one model: into its run, to the listener and the log. */
    private void recordEpoch(RunLifecycle life, RunHandle run, EmbeddingNet net, EpochResult r, int epoch, int epochs, DataSplits data,
                             NDManager manager, String label) {
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("train.loss", r.loss);
        summary.put("train.acc", r.accuracy);
        summary.putAll(validate(net, data, manager));
        summary.put("epoch", (double) epoch);
        life.summary(run, label, summary, r.step, epoch);
        listener.log(String.format("%sepoch %d/%d  loss %.4f  train acc %.2f%%  val acc %.2f%%  val top-1 %.2f%%  val mAP %.2f%%",
                label, epoch, epochs, r.loss, r.accuracy, summary.get("val.acc"), summary.get("val.top1"), summary.get("val.mAP")));
    }

    /**
     * Joint training: a query and a gallery model from scratch with one shared classifier. Two runs,
     * linked to each other; returns the query run's id. (Not resumable: a cancelled pair is retrained.)
     */
    private String startJoint(TrainConfig config, DataSplits data) {
        Schedule schedule = config.schedule();
        ArchSpec querySpec = config.archSpec(data);
        ArchSpec gallerySpec = config.galleryArchSpec(data);
        Provenance provenance = RunLifecycle.provenance(schedule.seed(), data);
        RunHandle gallery = store.create(config.name() + " (gallery)", RunKind.gallery, gallerySpec.text(), gallerySpec.macs(),
                gallerySpec.params(), Json.mapper().valueToTree(config), provenance);
        RunHandle query = store.create(config.name(), RunKind.query, querySpec.text(), querySpec.macs(), querySpec.params(),
                Json.mapper().valueToTree(config), provenance);
        query.update(r -> r.withLink("gallery", gallery.id()));
        gallery.update(r -> r.withLink("query", query.id()));
        listener.log("joint training: query run " + query.id() + ", gallery run " + gallery.id());
        RunLifecycle life = RunLifecycle.of(listener, query, gallery)
                .whenCancelled(() -> "cancelled; joint training cannot be resumed, start it again");
        life.carry(() -> {
            int classes = data.train().numClasses();
            long totalSteps = (long) Math.max(1, data.train().size() / schedule.batch()) * schedule.epochs();
            try (TrainingSession<JointNet> session = TrainingSession.joint(querySpec, gallerySpec, classes, schedule, totalSteps)) {
                long step = 0;
                Augmentation augmentation = config.augmentation();
                for (int epoch = 1; epoch <= schedule.epochs(); epoch++) {
                    EpochResult r = trainEpoch(session, data, config, augmentation, epoch, step, totalSteps, life, query);
                    step = r.step;
                    recordEpoch(life, query, session.net().query(), r, epoch, schedule.epochs(), data, session.manager(), "");
                    recordEpoch(life, gallery, session.net().gallery(), r, epoch, schedule.epochs(), data, session.manager(), "gallery ");
                }
                ModelFiles.save(query.weightsDir(), querySpec, classes, data.normalization(), session.net().query());
                ModelFiles.save(gallery.weightsDir(), gallerySpec, classes, data.normalization(), session.net().gallery());
            }
        });
        return query.id();
    }

    private EpochResult trainEpoch(TrainingSession<?> session, DataSplits data, TrainConfig config,
                                   Augmentation augmentation, int epoch, long step, long totalSteps, RunLifecycle life, RunHandle run) {
        Schedule schedule = config.schedule();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        long epochSeed = schedule.epochSeed(epoch);
        try (BatchSource batches = new BatchSource(data.train(), schedule.batch(), epochSeed, augmentation, true)) {
            for (BatchSource.Batch batch : batches) {
                token.check();
                TrainingSession.StepResult result = session.step(batch, step);
                TrainingDiverged.check(result.loss(), "training", epoch, step, schedule.lr());
                lossSum += result.loss() * batch.size();
                correct += result.correct();
                seen += batch.size();
                step++;
                if (step % stepMetricEvery(totalSteps) == 0) {
                    life.metric(run, "train.step_loss", result.loss(), step, epoch);
                }
                listener.progress(step, totalSteps, String.format("epoch %d/%d  loss %.4f", epoch, schedule.epochs(), result.loss()));
            }
        }
        return new EpochResult(step, lossSum / Math.max(1, seen), 100.0 * correct / Math.max(1, seen));
    }

    /** Classifier accuracy on the val split, and retrieval top-1 and mAP on its NAS reward query/gallery. */
    private static Map<String, Double> validate(EmbeddingNet net, DataSplits data, NDManager manager) {
        Embedder.Result query;
        Embedder.Result gallery;
        try (NDManager scope = manager.newSubManager()) {
            Embedder embedder = new Embedder(BatchNormFolding.fold(net, scope), scope);
            query = embedder.run(data.nasQuery());
            gallery = embedder.run(data.nasGallery());
        }
        long correct = countCorrect(query.predictions(), data.nasQuery().labels())
                + countCorrect(gallery.predictions(), data.nasGallery().labels());
        RetrievalMetrics retrieval = RetrievalMetrics.compute(query.embeddings(), data.nasQuery().labels(),
                gallery.embeddings(), data.nasGallery().labels(), manager);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("val.acc", 100.0 * correct / Math.max(1, data.nasQuery().size() + data.nasGallery().size()));
        m.put("val.top1", retrieval.top1());
        m.put("val.mAP", retrieval.mAP());
        return m;
    }

    private static long countCorrect(int[] predictions, int[] labels) {
        long correct = 0;
        for (int i = 0; i < predictions.length; i++) {
            correct += predictions[i] == labels[i] ? 1 : 0;
        }
        return correct;
    }
}
