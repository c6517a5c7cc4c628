package org.cmpnas.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cmpnas.engine.model.TorchScriptFixtures.copy;
import static org.cmpnas.engine.model.TorchScriptFixtures.fixture;
import static org.cmpnas.engine.model.TorchScriptFixtures.float32Npy;
import static org.cmpnas.engine.model.TorchScriptFixtures.npy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input of import-gallery is a one-line BadInputException naming the file, and no run is left. */
class GalleryImportBadInputTest {
    @TempDir
    Path tmp;

    private RunStore store;
    private Path storeDir;

    @BeforeEach
    void setUp() throws Exception {
        storeDir = Files.createDirectory(tmp.resolve("store"));
        store = new RunStore(storeDir);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> importing(Path module, Path classifier, Long macs) {
        return assertThatThrownBy(() -> new GalleryImport(store).run(new GalleryImport.Request(module, classifier, "bad", macs, null)))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .satisfies(e -> assertThat(store.list()).as("no run is created for a bad import").isEmpty());
    }

    @Test
    void missingModule() {
        Path missing = tmp.resolve("nowhere.pt");
        importing(missing, null, 100L).hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void textFileIsNotATorchScriptModule() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.pt"), "this is not a TorchScript archive\n");
        importing(text, null, 100L).hasMessageContaining(text.toString()).hasMessageContaining("cannot be loaded");
    }

    @Test
    void wrongEmbeddingSizeNamesFileAndShape() {
        importing(fixture("wrong-dim.pt"), null, 100L)
                .hasMessageContaining(fixture("wrong-dim.pt").toString())
                .hasMessageContaining("(2, 64)")
                .hasMessageContaining("(2, 128)");
    }

    @Test
    void classifierOfWrongShape() throws Exception {
        Path w = float32Npy(tmp.resolve("w64.npy"), 0.5f, 10, 64);
        importing(fixture("tiny.pt"), w, null).hasMessageContaining(w.toString()).hasMessageContaining("(10, 64)")
                .hasMessageContaining("(classes, 128)");
        Path flat = float32Npy(tmp.resolve("flat.npy"), 0.5f, 128);
        importing(fixture("tiny.pt"), flat, null).hasMessageContaining(flat.toString()).hasMessageContaining("(128)");
    }

    @Test
    void classifierThatIsNotAnNpyFile() throws Exception {
        Path csv = Files.writeString(tmp.resolve("w.npy"), "0.1,0.2,0.3\n");
        importing(fixture("tiny.pt"), csv, null).hasMessageContaining(csv.toString()).hasMessageContaining("not a NumPy .npy file");
        Path missing = tmp.resolve("absent.npy");
        importing(fixture("tiny.pt"), missing, null).hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void classifierOfIntegersIsRefusedAndFloat64IsConverted() throws Exception {
        Path ints = npy(tmp.resolve("ints.npy"), "<i4", new byte[4 * 10 * 128], 10, 128);
        importing(fixture("tiny.pt"), ints, null).hasMessageContaining(ints.toString()).hasMessageContaining("float32");

        Path doubles = npy(tmp.resolve("doubles.npy"), "<f8", new byte[8 * 3 * 128], 3, 128);
        String id = new GalleryImport(store).run(new GalleryImport.Request(fixture("tiny.pt"), doubles, "f8", null, null));
        assertThat(store.load(id).config().path("classes").asInt()).isEqualTo(3);
    }

    @Test
    void missingMacsSaysHowToGiveThem() throws Exception {
        Path alone = copy("tiny.pt", tmp, "alone.pt");
        importing(alone, null, null).hasMessageContaining(alone.toString()).hasMessageContaining("--macs")
                .hasMessageContaining("alone.json").hasMessageContaining("Pareto");
        importing(alone, null, 0L).hasMessageContaining("--macs");
    }

    @Test
    void badSidecarIsNamed() throws Exception {
        Path module = copy("tiny.pt", tmp, "side.pt");
        Path json = Files.writeString(tmp.resolve("side.json"), "{\"params\": 3}");
        importing(module, null, null).hasMessageContaining(json.toString()).hasMessageContaining("\"macs\"");
        Files.writeString(json, "{\"macs\": -5}");
        importing(module, null, null).hasMessageContaining(json.toString()).hasMessageContaining("positive");
        Files.writeString(json, "macs = 5");
        importing(module, null, null).hasMessageContaining(json.toString()).hasMessageContaining("JSON");
    }

    @Test
    void plainMacsSidecarAndCountedParameters() throws Exception {
        Path module = copy("tiny.pt", tmp, "plain.pt");
        Path sidecar = Files.writeString(tmp.resolve("plain.macs"), "7568\n");
        String id = new GalleryImport(store).run(new GalleryImport.Request(module, null, null, null, null));
        var run = store.load(id);
        assertThat(run.name()).isEqualTo("plain.pt");
        assertThat(run.macs()).isEqualTo(7568);
        assertThat(run.config().path("macsSource").asText()).isEqualTo("sidecar " + sidecar);
        assertThat(run.params()).as("counted from the module's parameters").isEqualTo(680);
        assertThat(run.config().path("paramsSource").asText()).contains("counted");
    }
}
