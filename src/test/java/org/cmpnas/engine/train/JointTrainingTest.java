package org.cmpnas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.eval.Evaluator;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Joint training: two models from scratch, one shared classifier, two linked runs that are compatible. */
class JointTrainingTest {
    private static final DataSplits DATA = Datasets.load(TrainConfig.FASHION_MNIST).limit(1024, 500, 200, 1800);

    @TempDir
    Path dir;

    @Test
    void trainsALinkedPairThatSearchesEachOtherAboveChance() {
        RunStore store = new RunStore(dir);
        TrainConfig config = TrainConfig.of("resnet-q", TrainConfig.FASHION_MNIST).withName("pair").withSchedule(new Schedule(2, 64, 0.05, 0.9, 5e-4, 3)).withData(DataSpec.all(TrainConfig.FASHION_MNIST).withLimit(1024))
                .joint(SearchSpaceFixture.SUBNET);
        String queryId = new TrainingJob(store, JobListener.NONE, new CancellationToken()).start(config, DATA);

        RunRecord query = store.load(queryId);
        String galleryId = query.links().get("gallery");
        RunRecord gallery = store.load(galleryId);
        assertThat(query.kind()).isEqualTo(RunKind.query);
        assertThat(gallery.kind()).isEqualTo(RunKind.gallery);
        assertThat(gallery.links()).containsEntry("query", queryId);
        assertThat(gallery.arch()).isEqualTo(SearchSpaceFixture.SUBNET);
        assertThat(query.status()).isEqualTo(RunStatus.finished);
        assertThat(gallery.status()).isEqualTo(RunStatus.finished);
        assertThat(gallery.metrics()).containsKey("val.mAP");

        try (NDManager manager = NDManager.newBaseManager()) {
            Evaluator evaluator = new Evaluator(store, manager);
            Evaluation cross = evaluator.evaluate(queryId, galleryId, DATA);
            // Two models trained apart search each other at about chance (mAP ≈ 10% on ten balanced
            // classes, see EvaluatorTest); a shared classifier pulls both towards one space. After
            // 32 steps on 1,024 images the pair is far from compatible yet, but clearly above chance.
            assertThat(cross.mAP()).isGreaterThan(18);
        }
    }

    @Test
    void jointNeedsAGalleryArchitecture() {
        TrainConfig noGallery = TrainConfig.of("resnet-q", TrainConfig.FASHION_MNIST).withName("x").withSchedule(Schedule.DEFAULT.withEpochs(1))
                .joint(null);
        assertThatThrownBy(noGallery::validated).isInstanceOf(BadInputException.class).hasMessageContaining("--gallery-arch");
    }

    /** A small subnet of the search space, cheap enough for a test. */
    private static final class SearchSpaceFixture {
        static final String SUBNET = "d1-1-1_w16-32-64_k3-3-3_e3-3-3";
    }
}
