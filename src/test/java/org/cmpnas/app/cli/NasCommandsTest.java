package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.cmpnas.engine.nas.MacsBudgets;
import org.cmpnas.engine.nas.NasPipelineFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract of supernet, search and export: one-line user errors with exit code 2, the search JSON. */
class NasCommandsTest {
    @TempDir
    Path store;

    private static void assertOneLineUserError(Cli.Result r, String... mentions) {
        assertThat(r.code()).as(r.err()).isEqualTo(CmpnasCommand.USER_ERROR);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).startsWith("cmpnas:").doesNotContain("\n").doesNotContain("\tat ");
        for (String m : mentions) {
            assertThat(r.err()).contains(m);
        }
    }

    @Test
    void anImpossibleBudgetIsOneLineNamingTheSmallestSubnetsMacs() {
        // before any supernet is read, a budget is held to the whole space, reduced resolutions included
        Cli.Result r = Cli.run(store, "search", "--supernet", "anything", "--budgets", "1K,5M");
        SubnetSpec smallest = SearchSpace.smallest(SearchSpace.RESOLUTIONS);
        assertOneLineUserError(r, "1000", smallest.text(), MacsBudgets.format(smallest.macs()));
    }

    @Test
    void aMissingSupernetRunIsOneLineNamingIt() {
        Cli.Result r = Cli.run(store, "search", "--supernet", "20990101-000000-zzzz", "--budgets", "5M");
        assertOneLineUserError(r, "20990101-000000-zzzz");
    }

    @Test
    void supernetAndExportRefusalsAreOneLineUserErrors() {
        assertOneLineUserError(Cli.run(store, "supernet", "--pair", "--gallery", "g-1"), "--pair", "--gallery g-1", "not both");
        assertOneLineUserError(Cli.run(store, "supernet"), "--gallery", "--pair");
        assertOneLineUserError(Cli.run(store, "supernet", "--gallery", "nope"), "nope");
        assertOneLineUserError(Cli.run(store, "supernet", "--gallery", "nope", "--loss", "joint"), "joint");
        assertOneLineUserError(Cli.run(store, "search", "--supernet", "x", "--budgets", "5M", "--gallery-budget", "20M"), "'x'");
        assertOneLineUserError(Cli.run(store, "search", "--supernet", "x", "--budgets", "5M", "--gallery-budget", "1K"),
                "--gallery-budget", SearchSpace.smallest().text(), MacsBudgets.format(SearchSpace.smallest().macs()));
        assertOneLineUserError(Cli.run(store, "search", "--supernet", "x", "--budgets", "5M", "--metric", "recall"), "--metric");
        assertOneLineUserError(Cli.run(store, "export", "--search", "nope", "--budget", "1M"), "nope");
        assertOneLineUserError(Cli.run(store, "export", "--search", "nope", "--budget", "lots"), "lots");
    }

    @Test
    void searchPrintsTheResultJsonOfCliMd() throws Exception {
        NasPipelineFixture f = NasPipelineFixture.get();
        Cli.Result r = Cli.run(f.store.root(), "search", "--supernet", f.supernet, "--budgets", Long.toString(NasPipelineFixture.LARGE_BUDGET),
                "--population", "3", "--generations", "0", "--calibration-batches", "1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = r.json();
        assertThat(json.get("budgets").size()).isEqualTo(1);
        JsonNode best = json.get("budgets").get(0);
        for (String field : new String[] {"budget", "subnet", "macs", "reward"}) {
            assertThat(best.has(field)).as(field).isTrue();
        }
        assertThat(best.get("macs").asLong()).isLessThanOrEqualTo(NasPipelineFixture.LARGE_BUDGET);
        assertThat(json.get("pareto").isArray()).isTrue();
        for (JsonNode p : json.get("pareto")) {
            assertThat(p.has("subnet") && p.has("macs") && p.has("reward")).as(p.toString()).isTrue();
        }
    }
}
