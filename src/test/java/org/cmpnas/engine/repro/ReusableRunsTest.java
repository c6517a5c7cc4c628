package org.cmpnas.engine.repro;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.train.TrainConfig;
import org.junit.jupiter.api.Test;

class ReusableRunsTest {
    private static final TrainConfig PLANNED = TrainConfig.defaults("resnet-q");

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void aConfigWrittenBeforeCompatibilityTrainingMatchesTheSameIndependentTraining() throws Exception {
        JsonNode old = json("{\"name\":\"mine\",\"arch\":\"resnet-q\",\"data\":\"fashion-mnist\",\"epochs\":8,\"batch\":64,\"lr\":0.05,"
                + "\"momentum\":0.9,\"weightDecay\":0.0005,\"seed\":1,\"limit\":0,\"flip\":true,\"padCrop\":0}");
        assertThat(ReusableRuns.sameExperiment(PLANNED, old)).isTrue();
    }

    @Test
    void anyDifferentSettingIsAnotherExperiment() {
        JsonNode planned = Json.mapper().valueToTree(PLANNED);
        for (String field : new String[] {"epochs", "seed", "limit", "batch"}) {
            ObjectNode other = planned.deepCopy();
            other.put(field, planned.get(field).asInt() + 1);
            assertThat(ReusableRuns.sameExperiment(PLANNED, other)).as(field).isFalse();
        }
        JsonNode bct = Json.mapper().valueToTree(PLANNED.withLoss(LossSpec.of("bct", 1.0, 0.1), "20261126-152110-927d"));
        assertThat(ReusableRuns.sameExperiment(PLANNED, bct)).isFalse();
    }

    @Test
    void settingsTheJobFillsInAndTheNameDoNotMatter() throws Exception {
        JsonNode planned = json("{\"name\":\"searched 1M\",\"search\":\"S\",\"budget\":\"1M\",\"seed\":1}");
        JsonNode recorded = json("{\"name\":\"cmpnas 1M\",\"search\":\"S\",\"budget\":\"1M\",\"seed\":1.0,\"subnet\":\"d1-1-1_w8-16-32_k3-3-3_e1-1-1\"}");
        assertThat(ReusableRuns.sameExperiment(planned, recorded)).isTrue();
        assertThat(ReusableRuns.sameExperiment(planned, json("{\"search\":\"S\",\"budget\":\"2M\",\"seed\":1}"))).isFalse();
    }
}
