package org.cmpnas.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.cmpnas.engine.model.SubnetSpec;
import org.cmpnas.engine.store.Json;
import org.junit.jupiter.api.Test;

/**
 * bench/sandwiches.json lists the subnets of every step the supernet benchmark trains, for the PyTorch
 * mirror in bench/peer.py to train the same ones. Regenerate with {@code -Dcmpnas.writeBenchSandwiches=true}.
 */
class BenchSandwichesTest {
    private static final Path FILE = Path.of("bench", "sandwiches.json");

    @Test
    void thePeersSandwichesAreTheBenchmarksOwn() throws IOException {
        Map<String, List<List<String>>> expected = new LinkedHashMap<>();
        for (boolean budgetAware : List.of(true, false)) {
            // steps 0 .. n-1 are measured, step n is the warm-up
            int steps = Benchmarks.supernetSteps(budgetAware, false);
            expected.put(budgetAware ? "budget-aware" : "whole-space", LongStream.rangeClosed(0, steps)
                    .mapToObj(step -> Benchmarks.benchSandwich(budgetAware).subnets(step).stream().map(SubnetSpec::text).toList()).toList());
        }
        String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(expected) + "\n";
        if (Boolean.getBoolean("cmpnas.writeBenchSandwiches")) {
            Files.writeString(FILE, json);
        }
        assertThat(Files.readString(FILE)).isEqualTo(json);
    }
}
