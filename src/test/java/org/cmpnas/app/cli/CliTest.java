package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract of docs/cli.md: exit codes, one-line errors, JSON on stdout only. */
class CliTest {
    @TempDir
    Path store;

    private Cli.Result cmpnas(String... args) {
        return Cli.run(store, args);
    }

    @Test
    void unknownArchitectureIsOneLineNamingIt() {
        Cli.Result r = cmpnas("train", "--arch", "resnet-x");
        assertThat(r.code()).isEqualTo(CmpnasCommand.USER_ERROR);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).doesNotContain("\n").contains("resnet-x").startsWith("cmpnas:");
    }

    @Test
    void nonNumericOptionIsAUserError() {
        Cli.Result r = cmpnas("train", "--arch", "resnet-q", "--epochs", "many");
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
        Cli.Result r = cmpnas("runs", "show", "20990101-000000-zzzz");
        assertThat(r.code()).isEqualTo(CmpnasCommand.USER_ERROR);
        assertThat(r.err()).contains("20990101-000000-zzzz");
        assertThat(cmpnas("train", "--resume", "nope").err()).contains("nope");
    }

    @Test
    void emptyStoreListsAsEmptyJsonArray() throws Exception {
        Cli.Result r = cmpnas("runs", "list", "--json");
        assertThat(r.code()).isZero();
        assertThat(r.json().isArray()).isTrue();
        assertThat(r.json().size()).isZero();
    }

    @Test
    void trainPrintsTheRunIdLastAndTheRunListsShowsAndDeletes() throws Exception {
        Cli.Result train = cmpnas("train", "--arch", "resnet-q", "--epochs", "1", "--limit", "256", "--name", "tiny");
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

        Cli.Result show = cmpnas("runs", "show", id.substring(0, 17));
        assertThat(show.out()).contains(id).contains("resnet-q").contains("val.top1");
        assertThat(cmpnas("runs", "list").out()).contains(id).contains("2.37M");
        assertThat(show.out()).doesNotContain("note:");
        new org.cmpnas.engine.store.RunStore(store).annotate(id, "first try\nlimit 256");
        assertThat(cmpnas("runs", "show", id).out()).contains("note:\n  first try\n  limit 256");

        assertThat(cmpnas("runs", "delete", id).code()).isZero();
        assertThat(cmpnas("runs", "list", "--json").json().size()).isZero();
    }
}
