package org.cmpnas.views;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.TrainConfig;

/** Runs for GUI tests, written through the real store (no training). */
public final class TestRuns {
    private TestRuns() {
    }

    public static TrainConfig config(String name, String arch) {
        TrainConfig d = TrainConfig.defaults(arch);
        return d.withName(name).withSchedule(d.schedule().withEpochs(3).withSeed(7)).withData(d.data().withLimit(2000));
    }

    /** A finished training run with per-epoch metrics and a few step losses. */
    public static RunRecord finished(RunStore store, String name, String arch, double valTop1) {
        RunHandle h = started(store, name, arch);
        for (int epoch = 1; epoch <= 3; epoch++) {
            for (int step = 20; step <= 60; step += 20) {
                h.appendMetric("train.step_loss", 2.0 / (epoch + step / 60.0), (epoch - 1) * 60L + step, epoch);
            }
            h.appendMetric("train.loss", 1.5 / epoch, epoch * 60L, epoch);
            h.appendMetric("val.top1", valTop1 - 3 + epoch, epoch * 60L, epoch);
            h.appendMetric("epoch", epoch, epoch * 60L, epoch);
        }
        h.putMetrics(Map.of("train.loss", 0.5, "val.top1", valTop1, "epoch", 3.0));
        h.setStatus(RunStatus.finished, null);
        return h.record();
    }

    /** A run that failed, with its reason. */
    public static RunRecord failed(RunStore store, String name, String arch, String why) {
        RunHandle h = started(store, name, arch);
        h.setStatus(RunStatus.failed, why);
        return h.record();
    }

    /** A run that was cancelled part-way, so it can be resumed. */
    public static RunRecord cancelled(RunStore store, String name, String arch) {
        RunHandle h = started(store, name, arch);
        h.setStatus(RunStatus.cancelled, "cancelled during epoch 2/3; the checkpoint of epoch 1 is kept and the run can be resumed");
        return h.record();
    }

    /** A run folder whose run.json cannot be read. */
    public static void damaged(RunStore store, String id) {
        try {
            Path dir = Files.createDirectories(store.root().resolve(id));
            Files.writeString(dir.resolve("run.json"), "{\"schemaVersion\": 1, \"id\": \"" + id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A finished supernet run trained against {@code gallery} (no weights: for the job forms). */
    public static RunRecord finishedSupernet(RunStore store, String gallery) {
        RunHandle h = store.create("supernet bct", RunKind.supernet, "supernet", 0, 0,
                Json.mapper().valueToTree(org.cmpnas.engine.nas.SupernetConfig.defaults(gallery)),
                Provenance.capture(1, "fashion-mnist", "sha256:00ff", 2000, null, "0.36.0", "2.7.1"));
        h.update(r -> r.withLink("gallery", gallery));
        h.setStatus(RunStatus.finished, null);
        return h.record();
    }

    /** A finished pair-mode supernet: no gallery link, its config says "pair": true. */
    public static RunRecord finishedPairSupernet(RunStore store) {
        RunHandle h = store.create("supernet pair bct+l2", RunKind.supernet, "supernet", 0, 0,
                Json.mapper().valueToTree(org.cmpnas.engine.nas.SupernetConfig.pairDefaults()),
                Provenance.capture(1, "fashion-mnist", "sha256:00ff", 2000, null, "0.36.0", "2.7.1"));
        h.setStatus(RunStatus.finished, null);
        return h.record();
    }

    private static RunHandle started(RunStore store, String name, String arch) {
        ArchSpec spec = ArchSpec.parse(arch);
        RunHandle h = store.create(name, RunKind.gallery, spec.text(), spec.macs(), spec.params(),
                Json.mapper().valueToTree(config(name, arch)),
                Provenance.capture(7, "fashion-mnist", "sha256:00ff", 2000, null, "0.36.0", "2.7.1"));
        h.setStatus(RunStatus.running, null);
        return h;
    }
}
