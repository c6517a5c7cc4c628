package org.cmpnas.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run written by hand in schemaVersion 1. It stays in the tests for good: whatever the format
 * becomes, stores people already have must keep loading (Tribuo's golden-model habit).
 * Do not edit the fixture to make a failing test pass; fix the reader.
 */
class GoldenRunTest {
    private static final String ID = "20260101-120000-abcd";

    @TempDir
    Path tmp;

    @Test
    void schemaVersion1RunKeepsLoading() throws Exception {
        RunStore store = new RunStore(golden());
        RunRecord r = store.load("20260101");

        assertThat(r.schemaVersion()).isEqualTo(1);
        assertThat(r.id()).isEqualTo(ID);
        assertThat(r.name()).isEqualTo("resnet-g baseline");
        assertThat(r.kind()).isEqualTo(RunKind.gallery);
        assertThat(r.status()).isEqualTo(RunStatus.finished);
        assertThat(r.arch()).isEqualTo("resnet-g");
        assertThat(r.macs()).isEqualTo(80_523_776L);
        assertThat(r.params()).isEqualTo(2_797_632L);
        assertThat(r.createdAt()).isEqualTo(Instant.parse("2026-01-01T12:00:00.123456Z"));
        assertThat(r.config().get("arch").asText()).isEqualTo("resnet-g");
        assertThat(r.config().get("epochs").asInt()).isEqualTo(10);
        assertThat(r.config().get("batch").asInt()).isEqualTo(128);
        assertThat(r.config().get("lr").asDouble()).isEqualTo(0.05);
        assertThat(r.config().get("seed").asLong()).isEqualTo(42L);
        assertThat(r.metrics()).containsExactly(
                Map.entry("train.loss", 0.3121), Map.entry("val.top1", 86.5), Map.entry("val.mAP", 71.25));
        assertThat(r.message()).isNull();
        assertThat(r.pid()).isEqualTo(48211L);
        assertThat(r.links()).isEmpty();
        assertThat(r.deleted()).isFalse();
        assertThat(r.note()).as("written before runs had notes").isNull();

        Provenance p = r.provenance();
        assertThat(p.seed()).isEqualTo(42L);
        assertThat(p.datasetName()).isEqualTo("fashion-mnist");
        assertThat(p.datasetChecksum()).startsWith("sha256:8d4fb7e6");
        assertThat(p.datasetSize()).isEqualTo(60_000);
        assertThat(p.protocolVersion()).isEqualTo(1);
        assertThat(p.appVersion()).isEqualTo("0.1.0");
        assertThat(p.djlVersion()).isEqualTo("0.36.0");
        assertThat(p.pytorchVersion()).isEqualTo("2.7.1");
        assertThat(p.javaVersion()).startsWith("17");
        assertThat(p.os()).startsWith("Linux");
        assertThat(p.host()).isEqualTo("gpu-node-07");
        assertThat(p.startedAt()).isEqualTo(Instant.parse("2026-01-01T12:00:01.5Z"));
        assertThat(p.endedAt()).isEqualTo(Instant.parse("2026-01-01T12:41:17Z"));

        assertThat(store.list()).singleElement().satisfies(l -> assertThat(l.record()).contains(r));
    }

    @Test
    void goldenMetricsKeepLoadingAndTheTornLastLineIsSkipped() throws Exception {
        Path metrics = golden().resolve(ID).resolve("metrics.jsonl");
        assertThat(Files.readString(metrics)).as("fixture still ends mid-line").doesNotEndWith("\n");

        assertThat(new RunStore(golden()).metrics(ID))
                .extracting(MetricEvent::name, MetricEvent::value, MetricEvent::step, MetricEvent::epoch)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("train.loss", 2.3026, 1L, 1),
                        org.assertj.core.groups.Tuple.tuple("train.loss", 0.9113, 469L, 1),
                        org.assertj.core.groups.Tuple.tuple("val.top1", 78.1, 469L, 1),
                        org.assertj.core.groups.Tuple.tuple("val.top1", 86.5, 4690L, 10));
    }

    @Test
    void goldenRunCanBeResumedAndRewrittenInTheCurrentFormat() throws Exception {
        copy(golden(), tmp);
        RunStore store = new RunStore(tmp);
        RunHandle run = store.open(ID);
        run.appendMetric("val.top1", 87.0, 4691, 11);
        run.putMetrics(Map.of("val.top1", 87.0));

        assertThat(store.metrics(ID)).hasSize(5).last().satisfies(e -> assertThat(e.value()).isEqualTo(87.0));
        RunRecord reread = store.load(ID);
        assertThat(reread.metrics()).containsEntry("val.top1", 87.0).containsEntry("val.mAP", 71.25);
        assertThat(reread.provenance().host()).isEqualTo("gpu-node-07");
    }

    private static Path golden() throws URISyntaxException {
        return Path.of(GoldenRunTest.class.getResource("/golden-store").toURI());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
