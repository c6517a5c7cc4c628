package org.cmpnas.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One forward and backward on a tiny batch for every preset and a sample of subnets. */
class NetworkSmokeTest {

    static Stream<String> archs() {
        return Stream.of("resnet-g", "resnet-q",
                SearchSpace.smallest().text(), SearchSpace.largest().text(),
                "d2-1-3_w16-32-64_k3-5-3-3-5-3_e6-1-3-3-6-1",
                "d1-3-2_w24-16-96_k5-3-5-3-3-5_e1-3-6-1-3-6");
    }

    @ParameterizedTest
    @MethodSource("archs")
    void forwardAndBackwardGiveFiniteEmbeddingsAndGradientsEverywhere(String text) {
        ArchSpec spec = ArchSpec.parse(text);
        EmbeddingNet net = new EmbeddingNet(spec, 10);
        try (Model model = Model.newInstance("smoke");
             NDManager manager = NDManager.newBaseManager()) {
            model.setBlock(net);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                trainer.initialize(new Shape(4, 1, 28, 28));
                NDArray x = manager.randomNormal(new Shape(4, 1, 28, 28));
                NDArray y = manager.create(new float[] {0, 1, 2, 3});
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList out = trainer.forward(new NDList(x));
                    assertThat(out.get(0).getShape()).isEqualTo(new Shape(4, 128));
                    assertThat(out.get(1).getShape()).isEqualTo(new Shape(4, 10));
                    assertThat(out.get(0).isNaN().any().getBoolean()).isFalse();
                    NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(out.get(1)));
                    assertThat(Float.isFinite(loss.getFloat())).isTrue();
                    gc.backward(loss);
                }
                long trainable = 0;
                for (Pair<String, Parameter> p : net.backbone().getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        NDArray grad = p.getValue().getArray().getGradient();
                        assertThat(grad.abs().sum().getFloat()).as("gradient of %s", p.getKey()).isGreaterThan(0f);
                        trainable += p.getValue().getArray().size();
                    }
                }
                assertThat(trainable).as("DJL's parameter count agrees with the analytic one").isEqualTo(spec.params());
            }
        }
    }
}
