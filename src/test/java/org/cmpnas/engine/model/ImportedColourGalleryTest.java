package org.cmpnas.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.cmpnas.engine.model.TorchScriptFixtures.fixture;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.data.HueFolder;
import org.cmpnas.engine.data.ImageOptions;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.data.Normalization;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.Evaluator;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.train.Schedule;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.engine.train.TrainingJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TorchScript gallery traced at 3 x 64 x 64 with its own statistics (tiny-rgb64.pt and its sidecar) is a gallery like any other. */
class ImportedColourGalleryTest {

    @TempDir
    Path tmp;

    @Test
    void aColourTorchScriptGalleryImportsEmbedsAsInPyTorchAndServesBctAndL2() throws Exception {
        RunStore store = new RunStore(tmp.resolve("store"));
        String gallery = new GalleryImport(store).run(new GalleryImport.Request(fixture("tiny-rgb64.pt"), fixture("tiny-classifier.npy"),
                "colour gallery", null, null));
        RunRecord run = store.load(gallery);
        assertThat(run.config().path("input").asText()).isEqualTo("3x64");
        assertThat(run.macs()).isEqualTo(111_104L); // conv 3·3·3·32·32·4 + linear 4·128, from the sidecar
        Normalization expectedStats = new Normalization(new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.25f, 0.2f, 0.3f});
        try (NDManager manager = NDManager.newBaseManager();
             LoadedModel model = ModelFiles.open(store.dir(gallery).resolve("weights"), manager)) {
            assertThat(model.input()).isEqualTo(new InputShape(3, 64));
            assertThat(model.normalization()).isEqualTo(expectedStats);
            var images = TorchScriptModels.readNpy(fixture("rgb-inputs.npy"), manager);
            assertThat(images.getShape()).isEqualTo(new Shape(2, 3, 64, 64));
            byte[] pixels = images.toType(DataType.UINT8, false).toByteArray();
            // fed through the Embedder with other statistics on the images: the model's own are used
            LabeledImages set = new LabeledImages(pixels, new int[] {0, 1}, 3, 64, 64, List.of("a", "b"),
                    new Normalization(new float[] {0.1f, 0.1f, 0.1f}, new float[] {1, 1, 1}));
            Embeddings e = new Embedder(model, manager).embed(set);
            float[] expected = Embeddings.normalise(TorchScriptModels.readNpy(fixture("rgb-expected.npy"), manager).toFloatArray(), 2, 128).data();
            for (int i = 0; i < expected.length; i++) {
                assertThat(e.data()[i]).isCloseTo(expected[i], within(1e-5f));
            }
        }

        Path folder = HueFolder.write(tmp.resolve("hue"), 10, 6, 2, 4, 64, 3);
        TrainingJob job = new TrainingJob(store, JobListener.NONE, new CancellationToken());
        for (String loss : List.of("bct", "l2")) {
            TrainConfig config = TrainConfig.of("resnet-q", folder.toString()).withName("q " + loss)
                    .withSchedule(Schedule.DEFAULT.withEpochs(1).withBatch(20)).withData(DataSpec.all(folder.toString(), new ImageOptions(64, false)))
                    .withLoss(LossSpec.of(loss, LossSpec.DEFAULT_LAMBDA, LossSpec.DEFAULT_TEMPERATURE), gallery);
            RunRecord query = store.load(job.start(config));
            assertThat(query.status()).as(loss).isEqualTo(RunStatus.finished);
            assertThat(query.arch()).isEqualTo("resnet-q@3x64");
            try (NDManager manager = NDManager.newBaseManager()) {
                assertThat(new Evaluator(store, manager).evaluate(query.id(), gallery).mAP()).as(loss).isBetween(0.0, 100.0);
            }
        }
    }

    @Test
    void aSidecarInputTheModuleCannotTakeIsOneClearLine() {
        RunStore store = new RunStore(tmp.resolve("bad"));
        // tiny.pt reads one channel: declared as colour it fails on the probe batch, naming the shape
        Normalization colourStats = new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});
        assertThatThrownBy(() -> new GalleryImport(store).run(new GalleryImport.Request(fixture("tiny.pt"), null, "wrong", null, null,
                new InputShape(3, 64), colourStats))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("fails on a probe batch").hasMessageContaining("(2, 3, 64, 64)").hasMessageContaining("does it take 3x64 images");
        assertThatThrownBy(() -> new GalleryImport(store).run(new GalleryImport.Request(fixture("tiny.pt"), null, "no stats", null, null,
                new InputShape(3, 64), null))).isInstanceOf(BadInputException.class).hasMessageContaining("give the statistics");
        assertThatThrownBy(() -> new GalleryImport(store).run(new GalleryImport.Request(fixture("tiny-rgb64.pt"), null, "stats", null, null,
                null, Normalization.FASHION_MNIST))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("has 1 channel(s) but TorchScript model").hasMessageContaining("takes 3x64 images");
        assertThat(store.list()).isEmpty();
    }
}
