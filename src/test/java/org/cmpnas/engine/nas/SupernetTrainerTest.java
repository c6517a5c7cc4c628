package org.cmpnas.engine.nas;

import org.cmpnas.engine.train.NesterovSgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.cmpnas.engine.compat.CompatibilityLoss;
import org.cmpnas.engine.compat.GalleryTeacher;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.EmbeddingNet;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.junit.jupiter.api.Test;

/** A few sandwich steps on random data against a random frozen gallery model. */
class SupernetTrainerTest {
    /** For tests that only sample. */
    private static final SupernetGallery UNUSED_GALLERY = new SupernetGallery() {
        @Override
        public CompatibilityLoss loss(NDManager scope) {
            return GalleryTeacher.independent();
        }

        @Override
        public NDArray embed(BatchSource.Batch batch, NDArray images, NDManager scope) {
            return null;
        }
    };

    @Test
    void sandwichStepsLowerTheLossKeepTheGalleryFrozenAndMemoryFlat() {
        try (NDManager manager = NDManager.newBaseManager();
             NDManager galleryManager = NDManager.newBaseManager()) {
            Supernet net = Supernet.initialised(SupernetFixtures.CLASSES, manager, 11);
            EmbeddingNet galleryNet = new EmbeddingNet(ArchSpec.parse("resnet-q"), SupernetFixtures.CLASSES);
            galleryNet.initialize(galleryManager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            List<float[]> galleryBefore = values(galleryNet);
            // bct+l2 uses both the gallery's classifier and its embeddings.
            GalleryTeacher teacher = new GalleryTeacher("gallery", new LoadedModel("resnet-q", galleryNet,
                    galleryNet.classifier().getParameters().get(0).getValue().getArray()), new LossSpec.BctL2(1.0), SupernetFixtures.CLASSES);
            SupernetTrainer trainer = new SupernetTrainer(net, SupernetGallery.external(teacher),
                    NesterovSgd.cosine(0.05, 0.9, 0, 100), Sandwich.wholeSpace(11));

            BatchSource.Batch batch = SupernetFixtures.batch(21);
            List<Float> largestAndSmallest = new ArrayList<>();
            int supernetArrays = 0;
            for (int step = 0; step < 8; step++) {
                SupernetTrainer.StepResult result = trainer.step(batch, step);
                assertThat(result.subnets()).hasSize(4);
                assertThat(result.losses()).allMatch(Float::isFinite);
                largestAndSmallest.add(result.losses().get(0) + result.losses().get(1));
                if (step == 1) { // after the first step created the optimiser's momentum buffers
                    supernetArrays = managed(manager);
                }
            }
            assertThat(largestAndSmallest.get(7)).as("losses %s", largestAndSmallest).isLessThan(largestAndSmallest.get(0));
            assertThat(managed(manager)).as("arrays left in the supernet's manager").isEqualTo(supernetArrays);
            List<float[]> galleryAfter = values(galleryNet);
            for (int i = 0; i < galleryBefore.size(); i++) {
                assertThat(galleryAfter.get(i)).as("gallery parameter %d", i).containsExactly(galleryBefore.get(i));
            }
            assertThat(net.active()).as("the trainer restores the active subnet").isEqualTo(SearchSpace.largest());
        }
    }

    @Test
    void sandwichIsLargestSmallestAndTwoRandomSubnetsSeededPerStep() {
        SupernetTrainer a = new SupernetTrainer(new Supernet(10), UNUSED_GALLERY, NesterovSgd.cosine(0.1, 0.9, 0, 10), Sandwich.wholeSpace(5));
        SupernetTrainer b = new SupernetTrainer(new Supernet(10), UNUSED_GALLERY, NesterovSgd.cosine(0.1, 0.9, 0, 10), Sandwich.wholeSpace(5));
        SupernetTrainer otherSeed = new SupernetTrainer(new Supernet(10), UNUSED_GALLERY, NesterovSgd.cosine(0.1, 0.9, 0, 10), Sandwich.wholeSpace(6));
        List<SubnetSpec> randomOnes = new ArrayList<>();
        for (long step = 0; step < 20; step++) {
            List<SubnetSpec> sandwich = a.sandwich(step);
            assertThat(sandwich).hasSize(2 + Sandwich.RANDOM_SUBNETS);
            assertThat(sandwich.subList(0, 2)).containsExactly(SearchSpace.largest(), SearchSpace.smallest());
            assertThat(b.sandwich(step)).isEqualTo(sandwich);
            randomOnes.addAll(sandwich.subList(2, sandwich.size()));
        }
        assertThat(a.sandwich(13)).as("order-independent").isEqualTo(b.sandwich(13));
        assertThat(randomOnes.stream().distinct().count()).isGreaterThan(30);
        assertThat(otherSeed.sandwich(0)).isNotEqualTo(a.sandwich(0));
    }

    @Test
    void trainingReportsLossAndStopsAtTheNextBatchOnceCancelled() {
        try (NDManager manager = NDManager.newBaseManager();
             NDManager galleryManager = NDManager.newBaseManager()) {
            Supernet net = Supernet.initialised(SupernetFixtures.CLASSES, manager, 12);
            EmbeddingNet galleryNet = new EmbeddingNet(ArchSpec.parse("resnet-q"), SupernetFixtures.CLASSES);
            galleryNet.initialize(galleryManager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            GalleryTeacher teacher = new GalleryTeacher("gallery", new LoadedModel("resnet-q", galleryNet,
                    galleryNet.classifier().getParameters().get(0).getValue().getArray()), new LossSpec.Bct(1.0), SupernetFixtures.CLASSES);
            SupernetTrainer trainer = new SupernetTrainer(net, SupernetGallery.external(teacher),
                    NesterovSgd.cosine(0.05, 0.9, 5e-4, 10), Sandwich.wholeSpace(12));
            CancellationToken token = new CancellationToken();
            List<String> events = new ArrayList<>();
            JobListener listener = new JobListener() {
                @Override
                public void metric(String name, double value, long step, int epoch) {
                    events.add(name + "@" + step);
                }

                @Override
                public void progress(long done, long total, String status) {
                    events.add("progress " + done + "/" + total);
                    token.cancel();
                }
            };
            assertThatThrownBy(() -> trainer.train(SupernetFixtures.batches(3, 0), 1, 0, 3, listener, token))
                    .isInstanceOf(CancellationToken.CancelledException.class);
            assertThat(events).containsExactly("supernet.step_loss@0", "progress 1/3");

            SupernetTrainer.EpochResult epoch = trainer.train(SupernetFixtures.batches(2, 10), 1, 1, 3, JobListener.NONE, new CancellationToken());
            assertThat(epoch.nextStep()).isEqualTo(3);
            assertThat(epoch.meanLoss()).isFinite().isPositive();
        }
    }

    @Test
    void inPairModeTheLargestSubnetIsTheGalleryOfTheOthersThroughTheSharedClassifierAndItsEmbedding() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet net = Supernet.initialised(SupernetFixtures.CLASSES, manager, 13);
            SupernetTrainer trainer = new SupernetTrainer(net, SupernetGallery.largestSubnet(net, new LossSpec.BctL2(1.0)),
                    NesterovSgd.cosine(0.05, 0.9, 0, 100), Sandwich.wholeSpace(13));
            BatchSource.Batch batch = SupernetFixtures.batch(31);
            // What the first step should compute, from the same (untouched) weights: training-mode forwards
            // use batch statistics, so these outputs are the step's.
            float expectedLargest;
            float expectedSmallest;
            try (NDManager scope = manager.newSubManager()) {
                NDArray labels = scope.create(batch.labels());
                ParameterStore store = new ParameterStore(scope, false);
                net.setActive(SearchSpace.largest());
                NDList largest = net.forward(store, new NDList(SupernetFixtures.images(batch, scope)), true);
                net.setActive(SearchSpace.smallest());
                NDList smallest = net.forward(store, new NDList(SupernetFixtures.images(batch, scope)), true);
                CompatibilityLoss plain = GalleryTeacher.independent();
                expectedLargest = plain.evaluate(largest.get(0), largest.get(1), labels, null).getFloat();
                float ce = plain.evaluate(smallest.get(0), smallest.get(1), labels, null).getFloat();
                // bct+l2 with lambda 1: CE + CE through the shared classifier (the same CE) + l2 to the largest's embedding.
                float l2 = new CompatibilityLoss(new LossSpec.L2(1.0), null)
                        .evaluate(smallest.get(0), smallest.get(1), labels, largest.get(0)).getFloat() - ce;
                expectedSmallest = 2 * ce + l2;
                assertThat(l2).as("the embeddings start unaligned").isGreaterThan(0.01f);
            }
            net.setActive(SearchSpace.largest());
            SupernetTrainer.StepResult first = trainer.step(batch, 0);
            assertThat(first.losses().get(0)).as("the largest subnet: plain classification").isCloseTo(expectedLargest, org.assertj.core.api.Assertions.within(1e-4f));
            assertThat(first.losses().get(1)).as("the smallest: bct through the shared classifier + l2 to the largest")
                    .isCloseTo(expectedSmallest, org.assertj.core.api.Assertions.within(1e-4f));

            List<Float> losses = new ArrayList<>();
            int arrays = 0;
            for (int step = 1; step < 8; step++) {
                SupernetTrainer.StepResult result = trainer.step(batch, step);
                assertThat(result.losses()).hasSize(4).allMatch(Float::isFinite);
                losses.add(result.loss());
                if (step == 1) {
                    arrays = managed(manager);
                }
            }
            assertThat(losses.get(losses.size() - 1)).as("losses %s", losses).isLessThan(first.loss());
            assertThat(managed(manager)).as("arrays left in the supernet's manager").isEqualTo(arrays);
        }
    }

    private static List<float[]> values(EmbeddingNet net) {
        List<float[]> values = new ArrayList<>();
        net.getParameters().forEach(p -> values.add(p.getValue().getArray().toFloatArray()));
        return values;
    }

    private static int managed(NDManager manager) {
        return ((BaseNDManager) manager).getManagedArrays().size();
    }
}
