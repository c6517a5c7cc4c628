package org.cmpnas.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmpnas.engine.model.TorchScriptFixtures.fixture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.data.Normalization;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of tools/make_torchscript_fixture.py imported and read back: DJL's embeddings equal
 * PyTorch's (expected.npy) to 1e-5, raw from the block and L2-normalised through the Embedder.
 */
class TorchScriptRoundTripTest {
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path storeDir;

    @Test
    void importedFixtureEmbedsAsInPyTorch() throws Exception {
        RunStore store = new RunStore(storeDir);
        String id = new GalleryImport(store).run(new GalleryImport.Request(fixture("tiny.pt"),
                fixture("tiny-classifier.npy"), "tiny gallery", null, null));

        RunRecord run = store.load(id);
        assertThat(run.kind()).isEqualTo(RunKind.imported);
        assertThat(run.status()).isEqualTo(RunStatus.finished);
        assertThat(run.arch()).isEqualTo("torchscript:tiny.pt");
        assertThat(run.macs()).isEqualTo(7568); // conv 1·3·3·14·14·4 + linear 4·128, from tiny.json
        assertThat(run.params()).isEqualTo(680);
        JsonNode config = run.config();
        assertThat(config.path("macsSource").asText()).startsWith("sidecar ").endsWith("tiny.json");
        assertThat(config.path("torchscript").path("path").asText()).isEqualTo(fixture("tiny.pt").toString());
        assertThat(config.path("torchscript").path("sha256").asText()).isEqualTo(sha256(fixture("tiny.pt")));
        assertThat(config.path("classifier").path("sha256").asText()).isEqualTo(sha256(fixture("tiny-classifier.npy")));
        assertThat(config.path("classes").asInt()).isEqualTo(10);

        Path weights = store.dir(id).resolve("weights");
        assertThat(Files.mismatch(weights.resolve("model.pt"), fixture("tiny.pt"))).isEqualTo(-1L);
        assertThat(Files.mismatch(weights.resolve("classifier.npy"), fixture("tiny-classifier.npy"))).isEqualTo(-1L);
        Properties card = ModelFiles.readCard(weights);
        assertThat(card.getProperty("format")).isEqualTo(ModelFiles.FORMAT_TORCHSCRIPT);
        assertThat(card.getProperty("classes")).isEqualTo("10");
        assertThat(card.getProperty("embeddingDim")).isEqualTo("128");
        assertThat(card.getProperty("macs")).isEqualTo("7568");

        try (NDManager manager = NDManager.newBaseManager();
             LoadedModel model = ModelFiles.open(weights, manager)) {
            NDArray images = TorchScriptModels.readNpy(fixture("inputs.npy"), manager);
            float[] expected = TorchScriptModels.readNpy(fixture("expected.npy"), manager).toFloatArray();
            assertThat(images.getShape()).isEqualTo(new Shape(4, 1, 28, 28));
            byte[] pixels = images.toType(DataType.UINT8, false).toByteArray();

            // The block on normalised pixels: the raw embedding, as PyTorch computed it.
            float[] normalised = new float[pixels.length];
            Normalization.FASHION_MNIST.normalise(pixels, 0, normalised, 0, 4, 28 * 28);
            NDList out = model.block().forward(new ParameterStore(manager, false),
                    new NDList(manager.create(normalised, new Shape(4, 1, 28, 28))), false);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(4, 128));
            assertClose(out.get(0).toFloatArray(), expected);

            // The Embedder path of evaluation: normalised pixels in, L2-normalised embeddings out.
            LabeledImages set = new LabeledImages(pixels, new int[] {0, 1, 2, 3}, 28, 28, List.of("a", "b", "c", "d"));
            Embeddings e = new Embedder(model.block(), manager).embed(set);
            assertThat(e.count()).isEqualTo(4);
            assertThat(e.dim()).isEqualTo(128);
            assertClose(e.data(), Embeddings.normalise(expected.clone(), 4, 128).data());

            // The classifier comes back as the matrix that was imported.
            assertThat(model.classifier()).isNotNull();
            assertThat(model.classifier().getShape()).isEqualTo(new Shape(10, 128));
            assertThat(model.classifier().getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(model.classifier().toFloatArray())
                    .containsExactly(TorchScriptModels.readNpy(fixture("tiny-classifier.npy"), manager).toFloatArray());
            assertThat(GalleryImport.requireClassifier(model, id)).isSameAs(model.classifier());
        }
    }

    @Test
    void withoutClassifierTheModelLoadsWithNoneAndBctIsRefused() {
        RunStore store = new RunStore(storeDir);
        String id = new GalleryImport(store).run(new GalleryImport.Request(fixture("tiny.pt"), null, "no head", 9000L, 12L));
        RunRecord run = store.load(id);
        assertThat(run.macs()).isEqualTo(9000);
        assertThat(run.params()).isEqualTo(12);
        assertThat(run.config().path("macsSource").asText()).isEqualTo("--macs");
        assertThat(run.config().path("classifier").isNull()).isTrue();
        assertThat(run.config().path("losses").toString()).isEqualTo("[\"l2\",\"contrastive\"]");
        Path weights = store.dir(id).resolve("weights");
        assertThat(ModelFiles.readCard(weights).getProperty("classes")).isEqualTo("0");
        assertThat(weights.resolve("classifier.npy")).doesNotExist();
        try (NDManager manager = NDManager.newBaseManager();
             LoadedModel model = ModelFiles.open(weights, manager)) {
            assertThat(model.classifier()).isNull();
            assertThat(model.arch()).isEqualTo("torchscript:tiny.pt");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> GalleryImport.requireClassifier(model, id))
                    .isInstanceOf(org.cmpnas.engine.BadInputException.class)
                    .hasMessage("gallery run " + id + " is an imported model without a classifier: bct needs one"
                            + " (import it with --classifier FILE.npy); l2 and contrastive work without it");
        }
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        assertThat(worst).as("largest difference to PyTorch").isLessThanOrEqualTo(TOLERANCE);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
