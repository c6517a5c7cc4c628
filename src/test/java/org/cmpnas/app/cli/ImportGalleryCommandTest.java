package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.cmpnas.engine.store.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cmpnas import-gallery}: exit codes, one-line errors, the run record with --json. */
class ImportGalleryCommandTest {
    @TempDir
    Path store;

    private Cli.Result cmpnas(String... args) {
        return Cli.run(store, args);
    }

    private static String fixture(String name) throws URISyntaxException {
        return Path.of(ImportGalleryCommandTest.class.getResource("/torchscript/" + name).toURI()).toString();
    }

    @Test
    void missingFileIsExit2WithOneLineNamingIt() {
        String missing = store.resolve("absent.pt").toString();
        Cli.Result r = cmpnas("import-gallery", "--torchscript", missing, "--name", "g", "--macs", "100");
        assertThat(r.code()).isEqualTo(CmpnasCommand.USER_ERROR);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("cmpnas:").contains(missing);
    }

    @Test
    void missingRequiredOptionIsAUserError() {
        Cli.Result r = cmpnas("import-gallery", "--name", "g");
        assertThat(r.code()).isEqualTo(CmpnasCommand.USER_ERROR);
        assertThat(r.err()).contains("--torchscript");
    }

    @Test
    void importWithJsonPrintsTheFinishedImportedRun() throws Exception {
        Cli.Result r = cmpnas("import-gallery", "--torchscript", fixture("tiny.pt"), "--classifier", fixture("tiny-classifier.npy"),
                "--name", "tiny", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode run = Json.mapper().readTree(r.out());
        assertThat(run.path("kind").asText()).isEqualTo("imported");
        assertThat(run.path("status").asText()).isEqualTo("finished");
        assertThat(run.path("name").asText()).isEqualTo("tiny");
        assertThat(run.path("macs").asLong()).isEqualTo(7568);
        assertThat(run.path("arch").asText()).isEqualTo("torchscript:tiny.pt");
        assertThat(run.path("config").path("torchscript").path("sha256").asText()).hasSize(64);

        Cli.Result plain = cmpnas("import-gallery", "--torchscript", fixture("tiny.pt"), "--name", "tiny2", "--macs", "1000");
        assertThat(plain.code()).as(plain.err()).isZero();
        String[] lines = plain.out().strip().split("\n");
        String id = lines[lines.length - 1];
        JsonNode shown = Json.mapper().readTree(cmpnas("runs", "show", id, "--json").out());
        assertThat(shown.path("macs").asLong()).isEqualTo(1000);
        assertThat(shown.path("config").path("macsSource").asText()).isEqualTo("--macs");
    }
}
