package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunStore;

/** What "nothing is torn" means for a store on disk, checked file by file. */
final class StoreChecks {
    private StoreChecks() {
    }

    /** Every run loads; every metrics line is whole JSON; every checkpoint folder is complete. Returns the listing. */
    static List<RunListing> assertIntact(Path root) throws IOException {
        List<RunListing> runs = new RunStore(root).list(true);
        for (RunListing run : runs) {
            assertThat(run.isDamaged()).as("run %s: %s", run.id(), run.problem()).isFalse();
            Path dir = root.resolve(run.id());
            Path metrics = dir.resolve("metrics.jsonl");
            if (Files.exists(metrics)) {
                List<String> lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (!lines.get(i).isBlank()) {
                        JsonNode event = Json.mapper().readTree(lines.get(i));
                        assertThat(event.path("name").isTextual()).as("%s line %d: %s", metrics, i + 1, lines.get(i)).isTrue();
                    }
                }
            }
            Path weights = dir.resolve("weights");
            if (Files.isDirectory(weights)) {
                try (Stream<Path> entries = Files.list(weights)) {
                    for (Path ckpt : entries.filter(p -> p.getFileName().toString().startsWith("ckpt-")).toList()) {
                        for (String part : new String[] {"model.params", "optimizer.ndlist", "position"}) {
                            assertThat(ckpt.resolve(part)).as("checkpoint part").isNotEmptyFile();
                        }
                        assertThat(Files.readString(ckpt.resolve("position")).strip()).matches("\\d+ \\d+");
                    }
                }
                if (Files.exists(weights.resolve("model.params"))) {
                    assertThat(weights.resolve("model.params")).isNotEmptyFile();
                }
            }
        }
        return runs;
    }
}
