package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.cmpnas.engine.data.Normalization;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.model.BatchNormFolding;
import org.cmpnas.engine.model.EmbeddingNet;
import org.cmpnas.engine.model.InputResize;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Weight inheritance is exact: an exported subnet computes what the supernet computes for it. */
class SupernetExportTest {

    static List<String> subnets() {
        return SupernetFixtures.subnets();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subnets")
    void exportedSubnetGivesTheSupernetsOutputsAfterRecalibration(String text) {
        SubnetSpec spec = SupernetFixtures.spec(text);
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet net = Supernet.initialised(SupernetFixtures.CLASSES, manager, 2);
            trainABit(net, manager); // so that no parameter is still at a symmetric initial value
            net.recalibrate(spec, SupernetFixtures.batches(3, 100));
            EmbeddingNet exported = net.exportSubnet(spec, manager);

            BatchSource.Batch probe = SupernetFixtures.batch(999);
            try (NDManager scope = manager.newSubManager()) {
                NDList fromSupernet = net.forward(new ParameterStore(scope, false), new NDList(SupernetFixtures.images(probe, scope)), false);
                NDList fromExport = exported.forward(new ParameterStore(scope, false), new NDList(SupernetFixtures.images(probe, scope)), false);
                for (int i = 0; i < 2; i++) {
                    assertThat(fromExport.get(i).getShape()).isEqualTo(fromSupernet.get(i).getShape());
                    float diff = fromExport.get(i).sub(fromSupernet.get(i)).abs().max().getFloat();
                    assertThat(diff).as(i == 0 ? "embedding" : "logits").isLessThanOrEqualTo(1e-5f);
                }
                assertThat(fromSupernet.get(0).abs().max().getFloat()).as("a non-trivial output").isGreaterThan(1e-3f);
            }
        }
    }

    /** What the search's reward embeds with: the exported subnet with batch norm folded into its convolutions. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("subnets")
    void foldedExportGivesTheSupernetsOutputs(String text) {
        SubnetSpec spec = SupernetFixtures.spec(text);
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet net = Supernet.initialised(SupernetFixtures.CLASSES, manager, 4);
            trainABit(net, manager);
            net.recalibrate(spec, SupernetFixtures.batches(3, 100));
            EmbeddingNet folded = BatchNormFolding.fold(net.exportSubnet(spec, manager), manager);

            BatchSource.Batch probe = SupernetFixtures.batch(998);
            try (NDManager scope = manager.newSubManager()) {
                NDList fromSupernet = net.forward(new ParameterStore(scope, false), new NDList(SupernetFixtures.images(probe, scope)), false);
                NDList fromFolded = folded.forward(new ParameterStore(scope, false), new NDList(SupernetFixtures.images(probe, scope)), false);
                for (int i = 0; i < 2; i++) {
                    float scale = Math.max(1f, fromSupernet.get(i).abs().max().getFloat());
                    float diff = fromFolded.get(i).sub(fromSupernet.get(i)).abs().max().getFloat();
                    assertThat(diff).as(i == 0 ? "embedding" : "logits").isLessThanOrEqualTo(1e-5f * scale);
                }
                assertThat(fromSupernet.get(0).abs().max().getFloat()).as("a non-trivial output").isGreaterThan(1e-3f);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subnets")
    void exportedModelHasTheSpecsMacsAndParameters(String text) {
        SubnetSpec spec = SupernetFixtures.spec(text);
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet net = Supernet.initialised(SupernetFixtures.CLASSES, manager, 3);
            net.recalibrate(spec, SupernetFixtures.batches(1, 5));
            EmbeddingNet exported = net.exportSubnet(spec, manager);
            long[] counted = count(exported.backbone(), new Shape(1, 1, 28, 28));
            assertThat(counted[0]).as("MACs").isEqualTo(spec.macs());
            assertThat(counted[1]).as("params").isEqualTo(spec.params());
        }
    }

    @Test
    void recalibrationAveragesBatchStatisticsAndForgetsThePreviousOnes() {
        SubnetSpec spec = SupernetFixtures.spec("d2-1-3_w16-32-64_k3-5-3-3-5-3_e6-1-3-3-6-1");
        List<BatchSource.Batch> batches = SupernetFixtures.batches(2, 40);
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet net = Supernet.initialised(SupernetFixtures.CLASSES, manager, 4);
            net.recalibrate(spec, batches.subList(0, 1));
            float[] first = runningStatistics(net, spec);
            net.recalibrate(spec, batches.subList(1, 2));
            float[] second = runningStatistics(net, spec);
            moveStatistics(net, manager);
            assertThat(runningStatistics(net, spec)).as("training moved the statistics").isNotEqualTo(second);
            assertThat(net.isCalibratedFor(spec)).isFalse();
            net.recalibrate(spec, batches);
            float[] both = runningStatistics(net, spec);
            // Training-mode batch norm normalises with batch statistics, so each layer sees the same
            // inputs for a batch whatever the running values: the result is the plain average.
            for (int i = 0; i < both.length; i++) {
                assertThat(both[i]).isCloseTo((first[i] + second[i]) / 2, within(1e-4f * (1 + Math.abs(both[i]))));
            }
            assertThat(net.isCalibratedFor(spec)).isTrue();
        }
    }

    @Test
    void exportedSubnetSavesAndLoadsAsAStandaloneModel(@TempDir Path dir) {
        SubnetSpec spec = SupernetFixtures.spec("d1-3-2_w24-16-96_k5-3-5-3-3-5_e1-3-6-1-3-6");
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet net = Supernet.initialised(SupernetFixtures.CLASSES, manager, 6);
            trainABit(net, manager);
            net.recalibrate(spec, SupernetFixtures.batches(2, 60));
            ModelFiles.save(dir, spec, SupernetFixtures.CLASSES, Normalization.FASHION_MNIST, net.exportSubnet(spec, manager));
            EmbeddingNet loaded = ModelFiles.load(dir, manager);
            try (NDManager scope = manager.newSubManager()) {
                BatchSource.Batch probe = SupernetFixtures.batch(998);
                NDArray expected = net.forward(new ParameterStore(scope, false), new NDList(SupernetFixtures.images(probe, scope)), false).get(0);
                NDArray actual = loaded.forward(new ParameterStore(scope, false), new NDList(SupernetFixtures.images(probe, scope)), false).get(0);
                assertThat(actual.sub(expected).abs().max().getFloat()).isLessThanOrEqualTo(1e-5f);
            }
        }
    }

    @Test
    void supernetParametersSaveAndLoadBack() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet net = Supernet.initialised(SupernetFixtures.CLASSES, manager, 7);
            trainABit(net, manager);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            net.saveParameters(new DataOutputStream(bytes));
            Supernet copy = Supernet.initialised(SupernetFixtures.CLASSES, manager, 8);
            copy.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            var original = net.getParameters();
            var loaded = copy.getParameters();
            assertThat(loaded.keys()).isEqualTo(original.keys());
            for (int i = 0; i < original.size(); i++) {
                assertThat(loaded.get(i).getValue().getArray().toFloatArray()).as(original.get(i).getKey())
                        .containsExactly(original.get(i).getValue().getArray().toFloatArray());
            }
        }
    }

    @Test
    void exportWithoutRecalibrationIsRefused() {
        SubnetSpec spec = SupernetFixtures.spec("d2-1-3_w16-32-64_k3-5-3-3-5-3_e6-1-3-3-6-1");
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet net = Supernet.initialised(SupernetFixtures.CLASSES, manager, 5);
            assertThatThrownBy(() -> net.exportSubnet(spec, manager)).hasMessageContaining("recalibrate");
            net.recalibrate(SupernetFixtures.spec(SupernetFixtures.subnets().get(1)), SupernetFixtures.batches(1, 1));
            assertThatThrownBy(() -> net.exportSubnet(spec, manager)).hasMessageContaining("recalibrate");
        }
    }

    /** Moves the running statistics and the weights away from their initial values, without the trainer under test. */
    private static void trainABit(Supernet net, NDManager manager) {
        moveStatistics(net, manager);
        try (NDManager scope = manager.newSubManager()) {
            for (var p : net.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    NDArray w = p.getValue().getArray();
                    w.addi(scope.randomNormal(0f, 0.05f, w.getShape(), w.getDataType()));
                }
            }
        }
    }

    /** Training-mode forwards of the largest subnet on shifted inputs: every running statistic moves. */
    private static void moveStatistics(Supernet net, NDManager manager) {
        SubnetSpec was = net.active();
        net.setActive(SearchSpace.largest());
        try (NDManager scope = manager.newSubManager()) {
            for (BatchSource.Batch b : SupernetFixtures.batches(2, 50)) {
                NDArray x = SupernetFixtures.images(b, scope).mul(2f).add(0.5f);
                net.forward(new ParameterStore(scope, false), new NDList(x), true);
            }
        }
        net.setActive(was);
    }

    private static float[] runningStatistics(Supernet net, SubnetSpec spec) {
        try (NDManager scope = net.getParameters().get(0).getValue().getArray().getManager().newSubManager()) {
            return net.slices(spec).stream()
                    .filter(s -> !s.parameter().requiresGradient())
                    .map(s -> s.of(s.parameter().getArray(), scope).toFloatArray())
                    .reduce(new float[0], (a, b) -> {
                        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
                        System.arraycopy(b, 0, c, a.length, b.length);
                        return c;
                    });
        }
    }

    /**
     * {MACs, parameters} of a built network, counted from its DJL blocks and the shapes flowing
     * through them (independently of the analytic count in SubnetSpec): convolutions and linear
     * layers for MACs; their weights, a batch norm's gamma and beta, a linear bias for parameters.
     */
    private static long[] count(Block block, Shape in) {
        long macs = 0;
        long params = 0;
        if (block instanceof SequentialBlock seq) {
            Shape shape = in;
            for (Block child : seq.getChildren().values()) {
                long[] c = count(child, shape);
                macs += c[0];
                params += c[1];
                shape = child.getOutputShapes(new Shape[] {shape})[0];
            }
        } else if (block instanceof ParallelBlock par) {
            for (Block child : par.getChildren().values()) {
                long[] c = count(child, in);
                macs += c[0];
                params += c[1];
            }
        } else {
            for (var p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    params += p.getValue().getArray().size();
                }
            }
            Shape out = block.getOutputShapes(new Shape[] {in})[0];
            if (block instanceof InputResize.Resizing) {
                // x·Rᵀ then R·(x·Rᵀ): (from × from by from × to) + (to × from by from × to) per channel
                long from = in.get(3);
                long to = out.get(3);
                macs = in.get(1) * (from * from * to + to * from * to);
            }
            if (block instanceof Conv2d || block instanceof Linear) {
                Shape w = block.getParameters().get("weight").getArray().getShape();
                long perOutput = w.size() / w.get(0); // (in / groups) · kh · kw, or in
                macs = perOutput * out.size() / out.get(0); // × Cout · Hout · Wout, or × units
            }
        }
        return new long[] {macs, params};
    }
}
