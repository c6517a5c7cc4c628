package org.cmpnas.engine.repro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.cmpnas.engine.jobs.JobListener;
import org.junit.jupiter.api.Test;

class StepProgressTest {

    @Test
    void stepsAreScaledIntoTheirWeightAndSkippedStepsLeaveTheTotal() {
        List<String> seen = new ArrayList<>();
        StepProgress progress = new StepProgress(new JobListener() {
            @Override
            public void progress(long done, long total, String status) {
                seen.add(done + "/" + total + " " + status);
            }
        }, 10);
        progress.skip(4);                        // a reused step: 6 units of work remain
        progress.begin("train", 3);
        progress.progress(1, 2, "epoch 1");      // half of a 3-unit step
        progress.end();
        progress.begin("search", 3);
        progress.progress(3, 3, "done");
        assertThat(seen).containsExactly("0/6000 train", "1500/6000 train · epoch 1", "3000/6000 search", "6000/6000 search · done");
    }
}
