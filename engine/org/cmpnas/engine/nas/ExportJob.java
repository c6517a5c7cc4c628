package org.cmpnas.engine.nas;

import ai.djl.ndarray.NDManager;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.compat.GalleryEmbeddingTable;
import org.cmpnas.engine.compat.GalleryTeacher;
import org.cmpnas.engine.data.Augmentation;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.RetrievalMetrics;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.jobs.RunLifecycle;
import org.cmpnas.engine.model.BatchNormFolding;
import org.cmpnas.engine.model.EmbeddingNet;
import org.cmpnas.engine.model.InputShape;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.NesterovSgd;

/**
 * {@code cmpnas export}: the best subnet a search found for one budget becomes a standalone query-model
 * run (kind {@code query}, arch = the subnet's text, its MACs and parameters; linked to the search, the
 * supernet and the gallery run). The subnet's batch-norm statistics are recalibrated on the search's
 * own calibration batches, so without fine-tuning the exported model is exactly the one the search
 * scored; its weights are copied out of the supernet ({@link Supernet#exportSubnet}) and saved with
 * {@link ModelFiles}, so {@code cmpnas evaluate --query RUN --gallery GALLERY} works on it like on any
 * trained model. With fine-tuning epochs, it is then trained further with the supernet's compatibility
 * loss against the gallery model. Summary metrics on the NAS reward set: {@code val.top1}/{@code val.mAP}
 * (homogeneous, as training reports them) and {@code val.hetero.top1}/{@code val.hetero.mAP} against the
 * gallery model, beside the search's {@code search.reward}.
 *
 * <p>Pair mode (a search of a {@code --pair} supernet): the gallery is a subnet of the same supernet, so
 * it is exported too, first, as a run of kind {@code gallery} (recalibrated on the same batches, never
 * fine-tuned), linked to the query run both ways ({@code gallery} / {@code query}); the query run is
 * then validated, and fine-tuned, against that gallery run, which works as a gallery anywhere
 * ({@code cmpnas evaluate --query Q --gallery G}, {@code compat}). The budgets of a pair search often
 * share their gallery subnet (always without a gallery budget: the largest subnet), so a finished
 * gallery run exported earlier from the same search, with the same subnet recalibrated on the same
 * images, is reused: the new query links to it and every query of the pair can be evaluated against
 * one gallery. Its {@code query} link keeps naming the first query exported with it; the others are
 * found by their {@code gallery} link.
 */
public final class ExportJob {
    private final RunStore store;
    private final JobListener listener;
    private final CancellationToken token;

    public ExportJob(RunStore store, JobListener listener, CancellationToken token) {
        this.store = store;
        this.listener = listener;
        this.token = token;
    }

    public static Job of(RunStore store, ExportConfig config) {
        return Job.of("export " + config.budget(), (listener, token) -> new ExportJob(store, listener, token).start(config));
    }

    /** Exports with the dataset the supernet was trained on; returns the new query run's id. */
    public String start(ExportConfig config) {
        config.validated();
        SupernetConfig trained = SearchJob.supernetConfig(store.finished(supernetOf(store.finished(config.search(), RunStore.Input.SEARCH)), RunStore.Input.SUPERNET));
        return start(config, Datasets.load(trained.data().name(), trained.data().images()));
    }

    /** As {@link #start(ExportConfig)}, on data already loaded (the supernet's dataset, every training image). */
    public String start(ExportConfig config, DataSplits all) {
        config.validated();
        RunRecord search = store.finished(config.search(), RunStore.Input.SEARCH);
        SearchRecord result = SearchRecord.read(store.dir(search.id()));
        long budget = config.budgetMacs();
        SearchRecord.Budget best = result.budget(budget).orElseThrow(() -> new BadInputException("search run " + search.id()
                + " has no budget " + config.budget() + " (" + MacsBudgets.format(budget) + " MACs); its budgets are "
                + result.budgets().stream().map(b -> MacsBudgets.format(b.budget())).collect(Collectors.joining(", "))));
        RunRecord supernet = store.finished(supernetOf(search), RunStore.Input.SUPERNET);
        SearchJob.requireSameData(supernet, all);
        SupernetConfig trained = SearchJob.supernetConfig(supernet);
        // Recalibrated on the images the search calibrated on (the supernet's), so it is the model the search scored;
        // fine-tuned on the export's own selection.
        LabeledImages calibrationImages = trained.data().subset().of(all.train(), trained.data().limit(), trained.schedule().seed());
        DataSplits data = config.data().limit() > 0 ? all.limitTrain(config.data().limit(), config.data().subset(), config.finetune().seed()) : all;
        String externalGallery = trained.pair() ? null : supernet.links().get("gallery");
        if (!trained.pair() && externalGallery == null) {
            throw new BadInputException("supernet run " + supernet.id() + " names no gallery run");
        }
        if (externalGallery != null) {
            store.load(externalGallery); // it must still be there
        }
        SearchRunConfig searched;
        try {
            searched = Json.mapper().treeToValue(search.config(), SearchRunConfig.class);
        } catch (java.io.IOException e) {
            throw new BadInputException("search run " + search.id() + " has a config this version cannot read: " + Json.describe(e), e);
        }
        // The search names subnets as the search space does; as models they take the supernet's input.
        InputShape input = SupernetFiles.input(store.dir(supernet.id()).resolve("weights"));
        SubnetSpec spec = SubnetSpec.parse(best.subnet()).withInput(input);
        // A pair-mode record names the gallery subnet of each budget; the largest subnet if an older one does not.
        SubnetSpec gallerySpec = !trained.pair() ? null
                : (best.gallerySubnet() != null ? SubnetSpec.parse(best.gallerySubnet()) : SearchSpace.largest()).withInput(input);
        String name = config.name() != null && !config.name().isBlank() ? config.name()
                : "cmpnas " + MacsBudgets.format(budget) + (config.finetune().epochs() > 0 ? " ft" + config.finetune().epochs() : "");
        ExportConfig resolved = config.resolved(search.id(), name, spec.text(), trained, gallerySpec == null ? null : gallerySpec.text());
        Provenance provenance = RunLifecycle.provenance(config.finetune().seed(), data);
        Optional<RunRecord> earlierGallery = gallerySpec == null ? Optional.empty() : exportedGallery(search, gallerySpec, data);
        RunHandle galleryRun = null;
        if (gallerySpec != null && earlierGallery.isEmpty()) {
            // Named after its own subnet, not the query: later exports of the same search share it.
            ExportConfig galleryConfig = resolved.galleryRole("cmpnas gallery " + MacsBudgets.format(gallerySpec.macs()));
            galleryRun = store.create(galleryConfig.name(), RunKind.gallery, gallerySpec.text(), gallerySpec.macs(), gallerySpec.params(),
                    Json.mapper().valueToTree(galleryConfig), provenance);
            galleryRun.update(r -> r.withLink("search", search.id()).withLink("supernet", supernet.id()));
        }
        String galleryId = galleryRun != null ? galleryRun.id() : earlierGallery.map(RunRecord::id).orElse(externalGallery);
        earlierGallery.ifPresent(g -> listener.log(String.format("the pair's gallery %s is run %s, exported earlier from this search: "
                + "linked, not exported again", gallerySpec.text(), g.id())));
        RunHandle run = store.create(name, RunKind.query, spec.text(), spec.macs(), spec.params(), Json.mapper().valueToTree(resolved), provenance);
        run.update(r -> r.withLink("search", search.id()).withLink("supernet", supernet.id()).withLink("gallery", galleryId));
        if (galleryRun != null) {
            galleryRun.update(r -> r.withLink("query", run.id()));
        }
        export(run, galleryRun, resolved, spec, gallerySpec, best, searched, supernet, galleryId, trained, data, calibrationImages);
        return run.id();
    }

    /** @param galleryRun pair mode: the run the gallery subnet {@code gallerySpec} is exported into first; else null */
    private void export(RunHandle run, RunHandle galleryRun, ExportConfig config, SubnetSpec spec, SubnetSpec gallerySpec,
                        SearchRecord.Budget best, SearchRunConfig searched, RunRecord supernet, String galleryId, SupernetConfig trained,
                        DataSplits data, LabeledImages calibrationImages) {
        RunLifecycle life = (galleryRun == null ? RunLifecycle.of(listener, run) : RunLifecycle.of(listener, run, galleryRun))
                .whenCancelled(() -> "cancelled before the model was saved; export again");
        life.carry(() -> {
            int classes = data.train().numClasses();
            try (NDManager manager = NDManager.newBaseManager()) {
                Supernet net = SupernetFiles.load(store.dir(supernet.id()).resolve("weights"), manager);
                List<BatchSource.Batch> calibration = SubnetReward.calibrationBatches(calibrationImages, searched.calibrationBatches(),
                        searched.calibrationBatchSize(), searched.seed());
                if (galleryRun != null) {
                    exportGallery(life, galleryRun, net, gallerySpec, calibration, classes, data, manager);
                    listener.log(String.format("exported the pair's gallery %s (%s MACs) as run %s", gallerySpec.text(),
                            MacsBudgets.format(gallerySpec.macs()), galleryRun.id()));
                }
                token.check();
                net.recalibrate(spec, calibration);
                EmbeddingNet exported = net.exportSubnet(spec, manager);
                listener.log(String.format("exported %s (%s MACs) from supernet %s; the search scored it %s %.2f%%",
                        spec.text(), MacsBudgets.format(spec.macs()), supernet.id(), searched.rewardMetric(), best.reward()));
                if (config.finetune().epochs() > 0) {
                    fineTune(life, run, exported, config, trained, galleryId, classes, data);
                }
                token.check();
                ModelFiles.save(run.weightsDir(), spec, classes, data.normalization(), exported);
                Map<String, Double> summary = new LinkedHashMap<>();
                summary.put("search.reward", best.reward());
                summary.putAll(validate(exported, galleryId, data, manager));
                life.summary(run, "", summary, 0, config.finetune().epochs());
                listener.log(String.format("NAS reward set: M(Q, G) mAP %.2f%% top-1 %.2f%%; M(Q, Q) mAP %.2f%% top-1 %.2f%%",
                        summary.get("val.hetero.mAP"), summary.get("val.hetero.top1"), summary.get("val.mAP"), summary.get("val.top1")));
            }
        });
    }

    /**
     * The pair's gallery subnet as a finished gallery-model run: recalibrated on the search's batches
     * (the gallery the search scored), saved, with its own retrieval M(G, G) on the NAS reward set.
     */
    private void exportGallery(RunLifecycle life, RunHandle run, Supernet net, SubnetSpec spec, List<BatchSource.Batch> calibration, int classes,
                               DataSplits data, NDManager manager) {
        net.recalibrate(spec, calibration);
        EmbeddingNet exported = net.exportSubnet(spec, manager);
        ModelFiles.save(run.weightsDir(), spec, classes, data.normalization(), exported);
        Map<String, Double> summary = new LinkedHashMap<>();
        try (NDManager scope = manager.newSubManager()) {
            Embedder embedder = new Embedder(BatchNormFolding.fold(exported, scope), scope); // as every other inference
            RetrievalMetrics own = RetrievalMetrics.compute(embedder.embed(data.nasQuery()), data.nasQuery().labels(),
                    embedder.embed(data.nasGallery()), data.nasGallery().labels(), scope);
            summary.put("val.top1", own.top1());
            summary.put("val.mAP", own.mAP());
        }
        life.summary(run, "gallery ", summary, 0, 0);
        life.finish(run);
    }

    /**
     * A finished gallery run exported from {@code search} with the gallery subnet {@code spec} from the same
     * dataset: recalibrated on the same images (the supernet's), so the same model, which the pair's queries
     * can share. The earliest if there are several.
     */
    private Optional<RunRecord> exportedGallery(RunRecord search, SubnetSpec spec, DataSplits data) {
        return store.list().stream().flatMap(l -> l.record().stream())
                .filter(r -> r.kind() == RunKind.gallery && r.status() == RunStatus.finished && !r.deleted())
                .filter(r -> search.id().equals(r.links().get("search")) && spec.text().equals(r.arch()))
                .filter(r -> r.provenance() != null && data.checksum().equals(r.provenance().datasetChecksum()))
                .min(Comparator.comparing(RunRecord::createdAt).thenComparing(RunRecord::id));
    }

    private void fineTune(RunLifecycle life, RunHandle run, EmbeddingNet net, ExportConfig config, SupernetConfig trained, String galleryId, int classes,
                          DataSplits data) {
        int stepsPerEpoch;
        try (BatchSource probe = new BatchSource(data.train(), config.finetune().batch(), 0, null, true)) {
            stepsPerEpoch = probe.batchCount();
        }
        long totalSteps = (long) stepsPerEpoch * config.finetune().epochs();
        JobListener recording = life.recordingInto(run);
        try (NDManager galleryScope = NDManager.newBaseManager();
             LoadedModel gallery = ModelFiles.open(store.dir(galleryId).resolve("weights"), galleryScope)) {
            Augmentation augmentation = trained.augmentation();
            GalleryTeacher teacher = new GalleryTeacher(galleryId, gallery, trained.loss(), classes).withTrainingEmbeddings(
                    GalleryEmbeddingTable.ofTraining(store, galleryId, data, galleryScope),
                    augmentation, listener::log);
            FineTuner tuner = new FineTuner(net, teacher, NesterovSgd.cosine(config.finetune(), totalSteps));
            long step = 0;
            for (int epoch = 1; epoch <= config.finetune().epochs(); epoch++) {
                double loss;
                try (BatchSource batches = new BatchSource(data.train(), config.finetune().batch(), config.finetune().epochSeed(epoch), augmentation, true)) {
                    loss = tuner.epoch(batches, epoch, step, totalSteps, recording, token);
                }
                step += stepsPerEpoch;
                life.summary(run, "", Map.of("finetune.loss", loss), step, epoch);
                listener.log(String.format("fine-tuning epoch %d/%d  loss %.4f (%s against gallery %s)", epoch, config.finetune().epochs(),
                        loss, trained.loss().text(), galleryId));
            }
        }
    }

    /** Retrieval on the NAS reward set: M(Q, Q) as training reports it, and M(Q, G) against the gallery model. */
    private Map<String, Double> validate(EmbeddingNet net, String galleryId, DataSplits data, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            Embedder embedder = new Embedder(BatchNormFolding.fold(net, scope), scope);
            Embeddings query = embedder.embed(data.nasQuery());
            Embeddings own = embedder.embed(data.nasGallery());
            Embeddings gallery = SupernetJob.nasGalleryEmbeddings(store, galleryId, data, scope);
            RetrievalMetrics homogeneous = RetrievalMetrics.compute(query, data.nasQuery().labels(), own, data.nasGallery().labels(), scope);
            RetrievalMetrics heterogeneous = RetrievalMetrics.compute(query, data.nasQuery().labels(), gallery, data.nasGallery().labels(), scope);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("val.top1", homogeneous.top1());
            m.put("val.mAP", homogeneous.mAP());
            m.put("val.hetero.top1", heterogeneous.top1());
            m.put("val.hetero.mAP", heterogeneous.mAP());
            return m;
        }
    }

    private static String supernetOf(RunRecord search) {
        String id = search.links().get("supernet");
        if (id == null) {
            throw new BadInputException("search run " + search.id() + " names no supernet run");
        }
        return id;
    }
}
