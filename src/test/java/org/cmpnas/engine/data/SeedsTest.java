package org.cmpnas.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Recorded runs were trained with these seeds: resume and Repeat reproduce them only while the rule stays. */
class SeedsTest {

    @Test
    void epochAndStepSeedsFollowTheRecordedRule() {
        assertThat(Seeds.of(7, 3)).isEqualTo(7_000_024L); // 7 · 1,000,003 + 3
        assertThat(Seeds.of(1, 0)).isEqualTo(1_000_003L);
        assertThat(Seeds.of(-2, 5)).isEqualTo(-2_000_001L);
    }
}
