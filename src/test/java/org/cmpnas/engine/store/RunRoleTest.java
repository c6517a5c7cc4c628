package org.cmpnas.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A model's role says what {@code kind} (kept as the CLI has it) cannot. */
class RunRoleTest {

    private static RunRecord run(RunKind kind, String config) throws Exception {
        return RunRecord.newRun("20261207-000000-abcd", "r", kind, "resnet-q", 1, 1, Instant.EPOCH,
                Json.mapper().readTree(config), null);
    }

    @Test
    void eachKindOfModelHasItsRole() throws Exception {
        assertThat(run(RunKind.gallery, "{\"loss\": \"independent\"}").role()).isEqualTo("independent");
        assertThat(run(RunKind.gallery, "{}").role()).as("recorded before compatibility training").isEqualTo("independent");
        assertThat(run(RunKind.query, "{\"loss\": \"bct\", \"gallery\": \"g\"}").role()).isEqualTo("compatible");
        assertThat(run(RunKind.query, "{\"loss\": \"joint\"}").role()).isEqualTo("joint");
        assertThat(run(RunKind.query, "{\"search\": \"s\", \"budget\": \"1M\"}").role()).isEqualTo("searched");
        assertThat(run(RunKind.gallery, "{\"search\": \"s\", \"role\": \"gallery\"}").role()).isEqualTo("pair gallery");
        assertThat(run(RunKind.imported, "{\"format\": \"torchscript\"}").role()).isEqualTo("imported");
        assertThat(run(RunKind.supernet, "{}").role()).isEqualTo("supernet");
    }
}
