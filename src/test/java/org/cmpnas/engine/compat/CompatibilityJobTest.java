package org.cmpnas.engine.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cmpnas.engine.index.IndexFixtures;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compatibility matrix as a job: progress per pair, cancel between pairs, the shipped figures. */
class CompatibilityJobTest {
    @TempDir
    Path tmp;

    private final List<String> progress = new ArrayList<>();

    private JobListener listener(CancellationToken cancelAfterFirstPair) {
        return new JobListener() {
            @Override
            public void progress(long done, long total, String status) {
                progress.add(done + "/" + total + " " + status);
                if (done == 1 && cancelAfterFirstPair != null) {
                    cancelAfterFirstPair.cancel();
                }
            }
        };
    }

    @Test
    void everyPairIsEvaluatedWithProgressAndTheMatrixWritten() throws Exception {
        RunStore store = IndexFixtures.sampleStore(tmp.resolve("store"));
        List<CompatibilityMatrix> result = new ArrayList<>();
        String out = CompatibilityJob.of(store, List.of(IndexFixtures.OTHER_QUERY, IndexFixtures.GALLERY), tmp.resolve("out"), result::add)
                .run(listener(null), new CancellationToken());

        assertThat(out).isEqualTo(tmp.resolve("out").toString());
        assertThat(tmp.resolve("out").resolve("compat.json")).isRegularFile();
        assertThat(progress).hasSize(5).last().asString().startsWith("4/4 written to");
        CompatibilityMatrix.Cell cross = result.get(0).cells().get(0).get(1);
        assertThat(cross.gallery()).isEqualTo(IndexFixtures.GALLERY);
        // the shipped evaluation of this pair: not compatible (51.68 against its own 83.54)
        assertThat(cross.mAP()).isCloseTo(51.684525013967544, within(1e-4));
        assertThat(cross.compatibleMap()).isFalse();
    }

    @Test
    void aCancelStopsBetweenPairsAndWritesNothing() {
        RunStore store = IndexFixtures.sampleStore(tmp.resolve("store"));
        CancellationToken token = new CancellationToken();
        assertThatThrownBy(() -> CompatibilityJob.of(store, List.of(IndexFixtures.OTHER_QUERY, IndexFixtures.GALLERY), tmp.resolve("out"),
                m -> { }).run(listener(token), token)).isInstanceOf(CancellationToken.CancelledException.class);

        assertThat(progress).hasSize(2); // the second pair had begun when the cancel came; the third never did
        assertThat(tmp.resolve("out")).doesNotExist();
    }
}
