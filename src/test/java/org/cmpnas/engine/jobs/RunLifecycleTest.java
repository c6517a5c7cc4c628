package org.cmpnas.engine.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.store.Json;
import org.cmpnas.engine.store.MetricEvent;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunHandle;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLifecycleTest {
    @TempDir
    Path tmp;

    private RunStore store;
    private final List<String> heard = new ArrayList<>();
    private final JobListener listener = new JobListener() {
        @Override
        public void metric(String name, double value, long step, int epoch) {
            heard.add(name + "=" + value + "@" + step);
        }
    };

    @BeforeEach
    void setUp() {
        store = new RunStore(tmp.resolve("runs"));
    }

    private RunHandle run(String name, RunKind kind) {
        return store.create(name, kind, "resnet-q", 1, 1, Json.mapper().createObjectNode(),
                Provenance.capture(1, "fashion-mnist", "abc", 10, null, "0", "0"));
    }

    @Test
    void theWorkRunsWithItsRunsRunningAndFinishesThemWithTheirFiguresRecordedThreeWays() {
        RunHandle query = run("q", RunKind.query);
        RunHandle gallery = run("g", RunKind.gallery);
        RunLifecycle life = RunLifecycle.of(listener, query, gallery);
        life.carry(() -> {
            assertThat(query.record().status()).isEqualTo(RunStatus.running);
            assertThat(gallery.record().status()).isEqualTo(RunStatus.running);
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("val.mAP", 80.5);
            figures.put("epoch", 1.0);
            life.summary(gallery, "gallery ", figures, 7, 1);
            life.metric(query, "train.step_loss", 0.25, 3, 1);
        });

        for (RunHandle run : List.of(query, gallery)) {
            RunRecord stored = store.load(run.id());
            assertThat(stored.status()).isEqualTo(RunStatus.finished);
            assertThat(stored.provenance().endedAt()).isNotNull();
        }
        assertThat(store.load(gallery.id()).metrics()).containsExactly(Map.entry("val.mAP", 80.5), Map.entry("epoch", 1.0));
        assertThat(store.metrics(gallery.id())).extracting(MetricEvent::name, MetricEvent::step)
                .containsExactly(tuple("val.mAP", 7L), tuple("epoch", 7L));
        assertThat(store.metrics(query.id())).extracting(MetricEvent::name).containsExactly("train.step_loss");
        assertThat(store.load(query.id()).metrics()).isEmpty(); // a step's value is no summary
        assertThat(heard).containsExactly("gallery val.mAP=80.5@7", "gallery epoch=1.0@7", "train.step_loss=0.25@3");
    }

    @Test
    void aCancelEndsEveryRunNotYetDoneWithTheMessageKnownWhenItCame() {
        RunHandle query = run("q", RunKind.query);
        RunHandle gallery = run("g", RunKind.gallery);
        CancellationToken token = new CancellationToken();
        RunLifecycle life = RunLifecycle.of(listener, query, gallery).whenCancelled(() -> "cancelled before any checkpoint");
        int[] epoch = {0};

        assertThatThrownBy(() -> life.carry(() -> {
            life.finish(gallery); // a pair's gallery, done first
            life.whenCancelled(() -> "cancelled; the checkpoint after epoch " + epoch[0] + " is kept");
            epoch[0] = 2;
            token.cancel();
            token.check();
        })).isInstanceOf(CancellationToken.CancelledException.class);

        RunRecord cancelled = store.load(query.id());
        assertThat(cancelled.status()).isEqualTo(RunStatus.cancelled);
        assertThat(cancelled.message()).isEqualTo("cancelled; the checkpoint after epoch 2 is kept");
        assertThat(cancelled.provenance().endedAt()).isNotNull();
        assertThat(store.load(gallery.id()).status()).isEqualTo(RunStatus.finished);
        assertThat(store.load(gallery.id()).message()).isNull();
        // released: the run can be resumed by this process
        store.open(query.id()).setStatus(RunStatus.running, null);
    }

    @Test
    void aFailureEndsTheRunsFailedWithItsMessageAndPassesOnTheSameException() {
        RunHandle run = run("q", RunKind.query);
        BadInputException cause = new BadInputException("no space left on the device");

        assertThatThrownBy(() -> RunLifecycle.of(listener, run).carry(() -> {
            throw cause;
        })).isSameAs(cause);

        RunRecord failed = store.load(run.id());
        assertThat(failed.status()).isEqualTo(RunStatus.failed);
        assertThat(failed.message()).isEqualTo("no space left on the device");
        assertThat(failed.provenance().endedAt()).isNotNull();
    }

    @Test
    void aRunThatCannotStartFailsTheOthersOfItsPairToo() {
        RunHandle query = run("q", RunKind.query);
        RunHandle gallery = run("g", RunKind.gallery);
        gallery.setStatus(RunStatus.running, null); // already running elsewhere in this process
        boolean[] ran = {false};

        assertThatThrownBy(() -> RunLifecycle.of(listener, query, gallery).carry(() -> ran[0] = true))
                .isInstanceOf(BadInputException.class).hasMessageContaining("already running");

        assertThat(ran[0]).isFalse();
        assertThat(store.load(query.id()).status()).isEqualTo(RunStatus.failed);
        assertThat(store.load(gallery.id()).status()).as("not this job's run").isEqualTo(RunStatus.running);
    }
}
