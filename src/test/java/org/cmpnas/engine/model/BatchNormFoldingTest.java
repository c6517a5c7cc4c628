package org.cmpnas.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.eval.Embeddings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A folded network computes what the trained one computes in inference mode, batch norm and all. */
class BatchNormFoldingTest {

    static Stream<String> archs() {
        return Stream.of("resnet-g", "resnet-q", SearchSpace.largest().text(), "d2-1-3_w16-32-64_k3-5-3-3-5-3_e6-1-3-3-6-1");
    }

    @ParameterizedTest
    @MethodSource("archs")
    void foldedNetworkGivesTheSameEmbeddingsAndLogits(String text) {
        ArchSpec spec = ArchSpec.parse(text);
        Random random = new Random(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            EmbeddingNet trained = new EmbeddingNet(spec, 10);
            trained.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            int norms = randomiseBatchNorms(trained, random);
            assertThat(norms).as("batch norms in %s", text).isGreaterThan(3);

            EmbeddingNet folded = BatchNormFolding.fold(trained, manager);
            assertThat(countBatchNorms(folded)).isZero();
            assertThat(folded.classifier()).isSameAs(trained.classifier());

            NDArray x = manager.randomNormal(new Shape(6, 1, 28, 28));
            NDList expected = trained.forward(new ParameterStore(manager, false), new NDList(x), false);
            NDList actual = folded.forward(new ParameterStore(manager, false), new NDList(x), false);
            for (int i = 0; i < 2; i++) {
                float[] e = expected.get(i).toFloatArray();
                float[] a = actual.get(i).toFloatArray();
                assertThat(maxAbs(e)).as("output %d is not trivially small", i).isGreaterThan(0.1);
                assertThat(maxAbsDifference(e, a)).as("output %d of %s", i, text).isLessThan(1e-5 * Math.max(1, maxAbs(e)));
            }

            byte[] pixels = new byte[40 * 28 * 28];
            random.nextBytes(pixels);
            LabeledImages images = new LabeledImages(pixels, new int[40], 28, 28, List.of("x"));
            Embeddings want = new Embedder(trained, manager).embed(images);
            Embeddings got = new Embedder(folded, manager).embed(images);
            assertThat(maxAbsDifference(want.data(), got.data())).as("normalised embeddings of %s", text).isLessThan(1e-5);
        }
    }

    /** Statistics and affine parameters far from the identity, so that folding them wrongly shows. */
    private static int randomiseBatchNorms(Block block, Random random) {
        int count = 0;
        if (block instanceof BatchNorm) {
            for (Pair<String, Parameter> p : block.getDirectParameters()) {
                NDArray array = p.getValue().getArray();
                float[] v = new float[Math.toIntExact(array.size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = switch (p.getKey()) {
                        case "gamma" -> 0.5f + random.nextFloat();
                        case "runningVar" -> 0.2f + 2 * random.nextFloat();
                        default -> (float) random.nextGaussian() * 0.5f;
                    };
                }
                array.set(v);
            }
            return 1;
        }
        for (Pair<String, Block> child : block.getChildren()) {
            count += randomiseBatchNorms(child.getValue(), random);
        }
        return count;
    }

    private static int countBatchNorms(Block block) {
        int count = block instanceof BatchNorm ? 1 : 0;
        for (Pair<String, Block> child : block.getChildren()) {
            count += countBatchNorms(child.getValue());
        }
        return count;
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        assertThat(b).hasSameSizeAs(a);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
