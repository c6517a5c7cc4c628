package org.cmpnas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cmpnas.engine.compat.GalleryEmbeddingTable;
import org.cmpnas.engine.compat.GalleryTeacher;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.Augmentation;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.Evaluator;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.nas.NasPipelineFixture;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;

/** The gallery's embeddings of the training images, computed once, against the gallery model run on each batch. */
class GalleryEmbeddingCacheTest {
    private static final DataSplits DATA = NasPipelineFixture.DATA;
    private static final int BATCH = 32;

    @Test
    void cachedEmbeddingsEqualThePerBatchOnesMirroredImagesIncluded() {
        NasPipelineFixture f = NasPipelineFixture.get();
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel model = gallery(f, manager)) {
            GalleryTeacher live = new GalleryTeacher(f.gallery, model, new LossSpec.L2(1.0), DATA.train().numClasses());
            GalleryEmbeddingTable table = table(f, manager, DATA.train());
            int mirrored = 0;
            try (BatchSource batches = BatchSource.training(DATA.train(), BATCH, 17, Augmentation.DEFAULT)) {
                for (BatchSource.Batch batch : batches) {
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray x = scope.create(batch.data(), new ai.djl.ndarray.types.Shape(batch.size(), 1, 28, 28));
                        float[] perBatch = normalised(live.embedLive(x, scope), batch.size());
                        float[] cached = table.lookup(batch, scope).toFloatArray();
                        assertThat(maxDiff(cached, perBatch)).isLessThan(1e-5f);
                    }
                    for (boolean m : batch.mirrored()) {
                        mirrored += m ? 1 : 0;
                    }
                }
            }
            assertThat(mirrored).as("the flip really happened").isBetween(DATA.train().size() / 4, DATA.train().size() * 3 / 4);
        }
    }

    @Test
    void anL2StepFromTheCacheEqualsOneFromTheLiveGalleryModel() {
        NasPipelineFixture f = NasPipelineFixture.get();
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel model = gallery(f, manager)) {
            GalleryTeacher live = new GalleryTeacher(f.gallery, model, new LossSpec.BctL2(1.0), DATA.train().numClasses());
            List<String> log = new ArrayList<>();
            GalleryTeacher cached = live.withTrainingEmbeddings(() -> table(f, manager, DATA.train()), Augmentation.DEFAULT, log::add);
            assertThat(cached.usesTable()).isTrue();
            assertThat(log).singleElement().asString().contains("computed once");
            BatchSource.Batch batch;
            try (BatchSource batches = BatchSource.training(DATA.train(), BATCH, 3, Augmentation.DEFAULT)) {
                batch = batches.next();
            }
            float[] fromLive = stepAndParameters(live, batch);
            float[] fromCache = stepAndParameters(cached, batch);
            assertThat(fromCache[0]).as("loss").isCloseTo(fromLive[0], org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(maxDiff(fromCache, fromLive)).as("parameters after the step").isLessThan(1e-5f);
        }
    }

    @Test
    void randomCropsKeepThePerBatchForwardAndSayWhy() {
        NasPipelineFixture f = NasPipelineFixture.get();
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel model = gallery(f, manager)) {
            GalleryTeacher live = new GalleryTeacher(f.gallery, model, new LossSpec.L2(1.0), DATA.train().numClasses());
            List<String> log = new ArrayList<>();
            GalleryTeacher teacher = live.withTrainingEmbeddings(() -> {
                throw new AssertionError("no table is computed for cropped batches");
            }, new Augmentation(true, 2), log::add);
            assertThat(teacher.usesTable()).isFalse();
            assertThat(log).singleElement().asString().contains("--pad-crop");
            GalleryTeacher bct = new GalleryTeacher(f.gallery, model, new LossSpec.Bct(1.0), DATA.train().numClasses());
            assertThat(bct.withTrainingEmbeddings(() -> {
                throw new AssertionError("bct needs no gallery embeddings");
            }, Augmentation.DEFAULT, log::add).usesTable()).isFalse();
        }
    }

    @Test
    void anotherSubsetOfTheSameSizeIsItsOwnCacheEntry() throws IOException {
        NasPipelineFixture f = NasPipelineFixture.get();
        try (NDManager manager = NDManager.newBaseManager()) {
            int half = DATA.train().size() / 2;
            Embeddings whole = table(f, manager, DATA.train()).plain();
            Embeddings first = table(f, manager, DATA.train().range(0, half)).plain();
            Embeddings second = table(f, manager, DATA.train().range(half, 2 * half)).plain();
            for (int i = 0; i < half; i++) {
                assertThat(maxDiff(first.row(i), whole.row(i))).isLessThan(1e-5f);
                assertThat(maxDiff(second.row(i), whole.row(half + i))).isLessThan(1e-5f);
            }
            // read back from the cache: the same values again, from three entries (plain and mirrored each)
            assertThat(table(f, manager, DATA.train().range(half, 2 * half)).plain().data()).containsExactly(second.data());
            try (Stream<Path> files = Files.list(f.store.dir(f.gallery).resolve("cache"))) {
                assertThat(files.filter(p -> p.getFileName().toString().startsWith("train-")).count()).isGreaterThanOrEqualTo(6);
            }
        }
    }

    private static GalleryEmbeddingTable table(NasPipelineFixture f, NDManager manager, LabeledImages images) {
        RunRecord run = f.store.load(f.gallery);
        return GalleryEmbeddingTable.of(new Evaluator(f.store, manager), run, images, DATA.checksum());
    }

    private static LoadedModel gallery(NasPipelineFixture f, NDManager manager) {
        RunStore store = f.store;
        return ModelFiles.open(store.dir(f.gallery).resolve("weights"), manager);
    }

    /** The loss of one step from a fresh seeded resnet-q, then every parameter after it. */
    private static float[] stepAndParameters(GalleryTeacher teacher, BatchSource.Batch batch) {
        try (TrainingSession<?> session = TrainingSession.single(ArchSpec.parse("resnet-q"), DATA.train().numClasses(),
                Schedule.DEFAULT, 10, null, null, teacher)) {
            float loss = session.step(batch, 0).loss();
            List<Float> values = new ArrayList<>(List.of(loss));
            for (Pair<String, Parameter> p : session.net().getParameters()) {
                for (float v : p.getValue().getArray().toFloatArray()) {
                    values.add(v);
                }
            }
            float[] out = new float[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
            return out;
        }
    }

    private static float[] normalised(NDArray raw, int count) {
        float[] data = raw.toFloatArray();
        return Embeddings.normalise(data, count, data.length / count).data();
    }

    private static float maxDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
