package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cmpnas.engine.model.SubnetSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One forward and backward of the supernet for a sample of subnets (timm's habit), on a batch of 4. */
class SupernetSmokeTest {

    static List<String> subnets() {
        return SupernetFixtures.subnets();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subnets")
    void subnetForwardAndBackwardReachExactlyItsSlices(String text) {
        SubnetSpec spec = SupernetFixtures.spec(text);
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet net = Supernet.initialised(SupernetFixtures.CLASSES, manager, 1);
            net.setActive(spec);
            var batch = SupernetFixtures.batch(3);
            try (NDManager scope = manager.newSubManager();
                 GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDList out = net.forward(new ParameterStore(scope, false),
                        new NDList(SupernetFixtures.images(batch, scope)), true);
                assertThat(out.get(0).getShape()).isEqualTo(new Shape(4, 128));
                assertThat(out.get(1).getShape()).isEqualTo(new Shape(4, 10));
                assertThat(out.get(0).isNaN().any().getBoolean()).isFalse();
                assertThat(out.get(1).isNaN().any().getBoolean()).isFalse();
                NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(
                        new NDList(scope.create(batch.labels()).toType(DataType.FLOAT32, false)), new NDList(out.get(1)));
                gc.backward(loss);
            }

            // Each trainable slice got a gradient, and nothing outside the slices did: the subnet
            // reads exactly the weights the export will copy.
            Map<String, Double> inside = new HashMap<>();
            try (NDManager scope = manager.newSubManager()) {
                for (ElasticSlice s : net.slices(spec)) {
                    if (s.parameter().requiresGradient()) {
                        NDArray grad = s.parameter().getArray().getGradient();
                        grad.attach(scope);
                        double sum = s.of(grad, scope).abs().sum().getFloat();
                        assertThat(sum).as("gradient of %s %s", s.parameter().getName(), s.index()).isGreaterThan(0);
                        inside.put(s.parameter().getId(), sum);
                    }
                }
                for (var p : net.getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        NDArray grad = p.getValue().getArray().getGradient();
                        grad.attach(scope);
                        double total = grad.abs().sum().getFloat();
                        assertThat(total).as("gradient of %s outside the active slice", p.getKey())
                                .isCloseTo(inside.getOrDefault(p.getValue().getId(), 0.0), within(1e-6 * (1 + total)));
                    }
                }
            }
        }
    }
}
