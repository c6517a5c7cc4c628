package org.cmpnas.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cmpnas.engine.eval.EvaluationJob;
import org.cmpnas.engine.index.IndexFixtures;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cmpnas evaluate} and the evaluation job the window queues are one path: the same figures, the shipped ones. */
class EvaluateCommandTest {
    private static final String PARAGON = "20261126-152110-927d";

    @TempDir
    Path tmp;

    @Test
    void evaluateGivesTheShippedFiguresAndTheWindowsJobTheSame() throws Exception {
        RunStore store = IndexFixtures.sampleStore(tmp.resolve("store"));
        Evaluation shipped = store.evaluations(IndexFixtures.OTHER_QUERY).stream()
                .filter(e -> e.gallery().equals(PARAGON)).findFirst().orElseThrow();

        Cli.Result cli = Cli.run(store.root(), "evaluate", "--query", IndexFixtures.OTHER_QUERY, "--gallery", PARAGON, "--json");
        assertThat(cli.code()).as(cli.err()).isZero();
        JsonNode e = cli.json();
        // recorded when the sample runs were made, by the evaluation code of that time (another BLAS: float noise)
        assertThat(e.get("top1").asDouble()).isCloseTo(shipped.top1(), within(1e-9));
        assertThat(e.get("mAP").asDouble()).isCloseTo(shipped.mAP(), within(1e-5));
        assertThat(e.get("queries").asInt()).isEqualTo(1000);
        assertThat(e.get("galleryItems").asInt()).isEqualTo(9000);

        List<Evaluation> window = new ArrayList<>();
        EvaluationJob.pairs(store, IndexFixtures.OTHER_QUERY, List.of(PARAGON), window::add)
                .run(JobListener.NONE, new CancellationToken());
        assertThat(window).singleElement().satisfies(job -> {
            assertThat(job.top1()).isEqualTo(e.get("top1").asDouble());
            assertThat(job.top5()).isEqualTo(e.get("top5").asDouble());
            assertThat(job.mAP()).isEqualTo(e.get("mAP").asDouble());
            assertThat(job.tarAtFar1e3()).isEqualTo(e.get("tarAtFar1e3").asDouble());
            assertThat(job.costReduction()).isEqualTo(e.get("costReduction").asDouble());
        });
    }
}
