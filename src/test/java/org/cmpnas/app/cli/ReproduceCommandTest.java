package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cmpnas.engine.nas.SearchRecord;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reproduce --quick} end to end on a slice, then once more: the second time every run is reused;
 * a third time, after its search was stopped part-way, the search is resumed.
 */
class ReproduceCommandTest {

    @Test
    void quickReproductionWritesTheReportAndASecondRunReusesEveryRun(@TempDir Path store) throws Exception {
        Cli.Result first = Cli.run(store, "reproduce", "--quick", "--json");
        assertThat(first.code()).as(first.err()).isZero();
        JsonNode report = first.json();

        List<RunRecord> runs = new RunStore(store).list().stream().flatMap(l -> l.record().stream()).toList();
        assertThat(runs).allMatch(r -> r.status() == RunStatus.finished);
        assertThat(runs).extracting(RunRecord::kind)
                .contains(RunKind.gallery, RunKind.query, RunKind.supernet, RunKind.search);
        assertThat(report.get("steps").size()).isGreaterThanOrEqualTo(6);

        // The table: the paragon, both resnet-q baselines and at least one searched model, each evaluated twice.
        List<String> names = new ArrayList<>();
        report.get("rows").forEach(r -> names.add(r.get("name").asText()));
        assertThat(names).contains("paragon resnet-g", "resnet-q independent", "resnet-q bct").anyMatch(n -> n.startsWith("searched"));
        String paragon = report.get("rows").get(0).get("run").asText();
        assertThat(new RunStore(store).load(paragon).arch()).isEqualTo("resnet-g");
        for (JsonNode row : report.get("rows")) {
            assertThat(row.get("self").get("query").asText()).isEqualTo(row.get("run").asText());
            assertThat(row.get("cross").get("gallery").asText()).isEqualTo(paragon);
            assertThat(row.get("macs").asLong()).isLessThanOrEqualTo(80_523_776L);
        }

        Path dir = store.resolve("reports/reproduce-quick");
        for (String file : List.of("report.md", "results.csv", "pareto.png", "pareto.svg", "compat.json", "compat.csv", "compat.png")) {
            assertThat(dir.resolve(file)).as(file).isNotEmptyFile();
        }
        String markdown = Files.readString(dir.resolve("report.md"));
        assertThat(markdown).contains("| paragon resnet-g |", "cmpnas supernet --gallery", "Quick run");
        assertThat(Files.readAllLines(dir.resolve("results.csv"))).hasSize(names.size() + 1);
        // The reports folder is not mistaken for a (damaged) run.
        assertThat(new RunStore(store).list()).noneMatch(RunListing::isDamaged);

        Cli.Result second = Cli.run(store, "reproduce", "--quick", "--json");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(new RunStore(store).list()).hasSize(runs.size());
        second.json().get("steps").forEach(s -> assertThat(s.get("reused").asBoolean()).as(s.get("title").asText()).isTrue());

        // A search stopped part-way (here: cancelled, with only its first three rewards kept) is resumed,
        // not started afresh, and ends with the result it had.
        RunRecord search = runs.stream().filter(r -> r.kind() == RunKind.search).findFirst().orElseThrow();
        SearchRecord before = SearchRecord.read(store.resolve(search.id()));
        Path evaluated = store.resolve(search.id()).resolve("artifacts/evaluated.csv");
        Files.write(evaluated, Files.readAllLines(evaluated).subList(0, 4));
        new RunStore(store).open(search.id()).setStatus(RunStatus.cancelled, "stopped by the test");
        Cli.Result third = Cli.run(store, "reproduce", "--quick", "--json");
        assertThat(third.code()).as(third.err()).isZero();
        JsonNode searchStep = null;
        for (JsonNode step : third.json().get("steps")) {
            searchStep = step.get("title").asText().equals("search") ? step : searchStep;
        }
        assertThat(searchStep.get("run").asText()).isEqualTo(search.id());
        assertThat(searchStep.get("command").asText()).startsWith("cmpnas search --resume " + search.id());
        assertThat(new RunStore(store).load(search.id()).status()).isEqualTo(RunStatus.finished);
        assertThat(SearchRecord.read(store.resolve(search.id())).budgets()).isEqualTo(before.budgets());
        assertThat(new RunStore(store).list()).hasSize(runs.size());
    }
}
