package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.cmpnas.engine.store.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cmpnas import-gallery}: exit codes, one-line errors, the run record with --json. */
class ImportGalleryCommandTest {
    @TempDir
    Path store;

    record Result(int code, String out, String err) {
    }

    private Result cmpnas(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] withStore = new String[args.length + 2];
            System.arraycopy(args, 0, withStore, 0, args.length);
            withStore[args.length] = "--store";
            withStore[args.length + 1] = store.toString();
            int code = CmpnasCommand.commandLine().execute(withStore);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static String fixture(String name) throws URISyntaxException {
        return Path.of(ImportGalleryCommandTest.class.getResource("/torchscript/" + name).toURI()).toString();
    }

    @Test
    void missingFileIsExit2WithOneLineNamingIt() {
        String missing = store.resolve("absent.pt").toString();
        Result r = cmpnas("import-gallery", "--torchscript", missing, "--name", "g", "--macs", "100");
        assertThat(r.code()).isEqualTo(CmpnasCommand.USER_ERROR);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("cmpnas:").contains(missing);
    }

    @Test
    void missingRequiredOptionIsAUserError() {
        Result r = cmpnas("import-gallery", "--name", "g");
        assertThat(r.code()).isEqualTo(CmpnasCommand.USER_ERROR);
        assertThat(r.err()).contains("--torchscript");
    }

    @Test
    void importWithJsonPrintsTheFinishedImportedRun() throws Exception {
        Result r = cmpnas("import-gallery", "--torchscript", fixture("tiny.pt"), "--classifier", fixture("tiny-classifier.npy"),
                "--name", "tiny", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode run = Json.mapper().readTree(r.out());
        assertThat(run.path("kind").asText()).isEqualTo("imported");
        assertThat(run.path("status").asText()).isEqualTo("finished");
        assertThat(run.path("name").asText()).isEqualTo("tiny");
        assertThat(run.path("macs").asLong()).isEqualTo(7568);
        assertThat(run.path("arch").asText()).isEqualTo("torchscript:tiny.pt");
        assertThat(run.path("config").path("torchscript").path("sha256").asText()).hasSize(64);

        Result plain = cmpnas("import-gallery", "--torchscript", fixture("tiny.pt"), "--name", "tiny2", "--macs", "1000");
        assertThat(plain.code()).as(plain.err()).isZero();
        String[] lines = plain.out().strip().split("\n");
        String id = lines[lines.length - 1];
        JsonNode shown = Json.mapper().readTree(cmpnas("runs", "show", id, "--json").out());
        assertThat(shown.path("macs").asLong()).isEqualTo(1000);
        assertThat(shown.path("config").path("macsSource").asText()).isEqualTo("--macs");
    }
}
