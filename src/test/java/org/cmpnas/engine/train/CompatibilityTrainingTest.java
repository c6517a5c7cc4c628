package org.cmpnas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cmpnas.engine.compat.GalleryTeacher;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.EmbeddingNet;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compatibility training leaves the gallery model untouched and records what it was trained against. */
class CompatibilityTrainingTest {
    private static final DataSplits DATA = Datasets.load(TrainConfig.FASHION_MNIST).limit(512, 300, 100, 400);

    @TempDir
    Path dir;

    @Test
    void galleryStaysBitIdenticalAndTheRunLinksToIt() throws Exception {
        RunStore store = new RunStore(dir);
        TrainingJob job = new TrainingJob(store, JobListener.NONE, new CancellationToken());
        String gallery = job.start(TrainConfig.of("resnet-q", TrainConfig.FASHION_MNIST).withName("g").withSchedule(new Schedule(1, 64, 0.05, 0.9, 5e-4, 1)).withData(DataSpec.all(TrainConfig.FASHION_MNIST).withLimit(512)), DATA);
        Path galleryWeights = store.dir(gallery).resolve("weights");
        byte[] before = Files.readAllBytes(galleryWeights.resolve(ModelFiles.PARAMS));

        for (String loss : List.of("bct", "bct+l2", "contrastive")) {
            try (NDManager scope = NDManager.newBaseManager();
                 LoadedModel model = ModelFiles.open(galleryWeights, scope)) {
                List<float[]> snapshot = parameters((EmbeddingNet) model.block());
                LossSpec spec = LossSpec.of(loss, 1, 0.1);
                try (TrainingSession<EmbeddingNet> session = TrainingSession.single(ArchSpec.parse("resnet-q"), 10,
                        Schedule.DEFAULT.withSeed(3), 4, null, null, new GalleryTeacher(gallery, model, spec, 10));
                     BatchSource batches = new BatchSource(DATA.train(), 64, 1, null, true)) {
                    for (int step = 0; step < 4 && batches.hasNext(); step++) {
                        BatchSource.Batch b = batches.next();
                        assertThat(Float.isFinite(session.step(b, step).loss())).isTrue();
                    }
                }
                List<float[]> after = parameters((EmbeddingNet) model.block());
                for (int i = 0; i < snapshot.size(); i++) {
                    assertThat(after.get(i)).as("%s: gallery parameter %d", loss, i).isEqualTo(snapshot.get(i));
                }
            }
        }

        String query = job.start(TrainConfig.of("resnet-q", TrainConfig.FASHION_MNIST).withName("q").withSchedule(new Schedule(1, 64, 0.05, 0.9, 5e-4, 2)).withData(DataSpec.all(TrainConfig.FASHION_MNIST).withLimit(512))
                .withLoss(LossSpec.of("bct", 2, 0.1), gallery.substring(0, 17)), DATA);
        RunRecord record = store.load(query);
        assertThat(record.kind()).isEqualTo(RunKind.query);
        assertThat(record.links()).containsEntry("gallery", gallery);
        assertThat(record.config().get("gallery").asText()).isEqualTo(gallery);
        assertThat(record.config().get("lambda").asDouble()).isEqualTo(2.0);
        assertThat(Files.readAllBytes(galleryWeights.resolve(ModelFiles.PARAMS))).isEqualTo(before);
    }

    private static List<float[]> parameters(EmbeddingNet net) {
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            values.add(p.getValue().getArray().toFloatArray());
        }
        return values;
    }
}
