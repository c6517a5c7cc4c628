package org.cmpnas.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleRunsTest {

    @Test
    void copiesWhatIsMissingAndNeverOverwrites(@TempDir Path dir) throws Exception {
        RunStore shipped = new RunStore(dir.resolve("shipped"));
        String paragon = StoreFixtures.gallery(shipped, "paragon").setStatus(RunStatus.finished, null).id();
        String query = StoreFixtures.gallery(shipped, "query").setStatus(RunStatus.finished, null).id();
        Files.createDirectories(shipped.reportDir("reproduce"));
        Files.writeString(shipped.reportDir("reproduce").resolve("report.md"), "# shipped");

        RunStore user = new RunStore(dir.resolve("user"));
        SampleRuns samples = new SampleRuns(shipped.root());
        assertThat(samples.missingFrom(user)).containsExactlyInAnyOrder(paragon, query);
        assertThat(samples.copyInto(user)).containsExactlyInAnyOrder(paragon, query);
        assertThat(user.list()).extracting(RunListing::id).containsExactlyInAnyOrder(paragon, query);
        assertThat(user.load(paragon).name()).isEqualTo("paragon");
        assertThat(user.reportDir("reproduce").resolve("report.md")).hasContent("# shipped");

        // The user renames a copied run and edits the report: copying again changes nothing of theirs.
        user.open(paragon).update(r -> r.withName("my paragon"));
        Files.writeString(user.reportDir("reproduce").resolve("report.md"), "# mine");
        assertThat(samples.missingFrom(user)).isEmpty();
        assertThat(samples.copyInto(user)).isEmpty();
        assertThat(user.load(paragon).name()).isEqualTo("my paragon");
        assertThat(user.reportDir("reproduce").resolve("report.md")).hasContent("# mine");
        try (var entries = Files.list(user.root())) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".copy-"));
        }
    }
}
