package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cmpnas.engine.store.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract of CLI.md: exit codes, one-line errors, JSON on stdout only. */
class CliTest {
    @TempDir
    Path store;

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return Json.mapper().readTree(out);
        }
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
            int code = CmpnasCommand.run(withStore);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void unknownArchitectureIsOneLineNamingIt() {
        Result r = cmpnas("train", "--arch", "resnet-x");
        assertThat(r.code()).isEqualTo(CmpnasCommand.USER_ERROR);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).doesNotContain("\n").contains("resnet-x").startsWith("cmpnas:");
    }

    @Test
    void nonNumericOptionIsAUserError() {
        Result r = cmpnas("train", "--arch", "resnet-q", "--epochs", "many");
        assertThat(r.code()).isEqualTo(CmpnasCommand.USER_ERROR);
        assertThat(r.err()).contains("--epochs").contains("many").doesNotContain("\tat ");
    }

    @Test
    void impossibleValuesAreNamed() {
        assertThat(cmpnas("train", "--arch", "resnet-q", "--epochs", "0").err()).contains("--epochs");
        assertThat(cmpnas("train", "--arch", "resnet-q", "--lr", "-1").err()).contains("--lr");
        assertThat(cmpnas("train", "--arch", "resnet-q", "--data", "/no/such/folder").err()).contains("/no/such/folder");
        assertThat(cmpnas("train").err()).contains("--arch");
    }

    @Test
    void unknownRunIsNamed() {
        Result r = cmpnas("runs", "show", "20990101-000000-zzzz");
        assertThat(r.code()).isEqualTo(CmpnasCommand.USER_ERROR);
        assertThat(r.err()).contains("20990101-000000-zzzz");
        assertThat(cmpnas("train", "--resume", "nope").err()).contains("nope");
    }

    @Test
    void emptyStoreListsAsEmptyJsonArray() throws Exception {
        Result r = cmpnas("runs", "list", "--json");
        assertThat(r.code()).isZero();
        assertThat(r.json().isArray()).isTrue();
        assertThat(r.json().size()).isZero();
    }

    @Test
    void trainPrintsTheRunIdLastAndTheRunListsShowsAndDeletes() throws Exception {
        Result train = cmpnas("train", "--arch", "resnet-q", "--epochs", "1", "--limit", "256", "--name", "tiny");
        assertThat(train.code()).as(train.err()).isZero();
        String[] lines = train.out().strip().split("\n");
        String id = lines[lines.length - 1];
        assertThat(Files.isDirectory(store.resolve(id))).isTrue();

        JsonNode list = cmpnas("runs", "list", "--json").json();
        assertThat(list.size()).isEqualTo(1);
        JsonNode run = list.get(0);
        for (String field : new String[] {"id", "name", "kind", "status", "arch", "macs", "params", "createdAt", "config", "provenance", "metrics"}) {
            assertThat(run.has(field)).as(field).isTrue();
        }
        assertThat(run.get("status").asText()).isEqualTo("finished");
        assertThat(run.get("kind").asText()).isEqualTo("gallery");
        assertThat(run.get("macs").asLong()).isEqualTo(2_368_640L);

        Result show = cmpnas("runs", "show", id.substring(0, 17));
        assertThat(show.out()).contains(id).contains("resnet-q").contains("val.top1");
        assertThat(cmpnas("runs", "list").out()).contains(id).contains("2.37M");

        assertThat(cmpnas("runs", "delete", id).code()).isZero();
        assertThat(cmpnas("runs", "list", "--json").json().size()).isZero();
    }
}
