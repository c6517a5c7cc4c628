package org.cmpnas.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * The inference form of a trained network: batch norm with its running statistics is an affine map
 * per channel, so it folds into the convolution before it (weight × γ/√(σ²+ε) per output channel,
 * bias β − μ·γ/√(σ²+ε)). The folded network computes the same embeddings, up to float rounding, with
 * one pass over each activation less per convolution. For inference only: it has no batch norm to train.
 */
public final class BatchNormFolding {

    private BatchNormFolding() {
    }

    /**
     * A new network, arrays in {@code manager}, whose backbone is {@code trained}'s with batch norm
     * folded in and whose classifier is {@code trained}'s own block (shared, not copied). Later changes to
     * {@code trained}'s backbone do not reach the folded copy: fold again after training further.
     */
    public static EmbeddingNet fold(EmbeddingNet trained, NDManager manager) {
        ArchSpec spec = trained.spec().orElseThrow(() -> new IllegalArgumentException(
                "only a network built from an architecture (Networks.backbone) can be folded"));
        Block backbone = Networks.foldedBackbone(spec);
        backbone.initialize(manager, DataType.FLOAT32, spec.input().batch(1));
        copy(trained.backbone(), backbone, "backbone");
        return new EmbeddingNet(backbone, trained.classifier());
    }

    /** Walks both trees side by side: a (conv, batch norm) pair folds into a conv, anything else is copied. */
    private static void copy(Block from, Block to, String path) {
        if (to instanceof Conv2d conv && isConvBn(from)) {
            PairList<String, Block> pair = from.getChildren();
            foldInto((Conv2d) pair.get(0).getValue(), (BatchNorm) pair.get(1).getValue(), conv, path);
            return;
        }
        PairList<String, Block> fromChildren = from.getChildren();
        PairList<String, Block> toChildren = to.getChildren();
        if (from.getClass() != to.getClass() || fromChildren.size() != toChildren.size()) {
            throw new IllegalStateException(path + ": the folded network does not mirror the trained one ("
                    + from.getClass().getSimpleName() + " with " + fromChildren.size() + " children, "
                    + to.getClass().getSimpleName() + " with " + toChildren.size() + ")");
        }
        if (fromChildren.isEmpty()) {
            copyParameters(from, to, path);
        }
        for (int i = 0; i < fromChildren.size(); i++) {
            copy(fromChildren.get(i).getValue(), toChildren.get(i).getValue(), path + "/" + fromChildren.get(i).getKey());
        }
    }

    private static boolean isConvBn(Block block) {
        PairList<String, Block> children = block.getChildren();
        return block instanceof SequentialBlock && children.size() == 2
                && children.get(0).getValue() instanceof Conv2d c && !c.isIncludeBias()
                && children.get(1).getValue() instanceof BatchNorm;
    }

    private static void copyParameters(Block from, Block to, String path) {
        PairList<String, Parameter> source = from.getDirectParameters();
        PairList<String, Parameter> target = to.getDirectParameters();
        if (source.size() != target.size()) {
            throw new IllegalStateException(path + ": " + source.size() + " parameters, the folded copy " + target.size());
        }
        for (int i = 0; i < source.size(); i++) {
            NDArray value = source.get(i).getValue().getArray();
            NDArray into = target.get(i).getValue().getArray();
            if (!value.getShape().equals(into.getShape())) {
                throw new IllegalStateException(path + "/" + source.get(i).getKey() + ": " + value.getShape() + " vs " + into.getShape());
            }
            ParameterValues.assign(into, value.toFloatArray());
        }
    }

    private static void foldInto(Conv2d conv, BatchNorm bn, Conv2d folded, String path) {
        float[] weight = values(conv, "weight");
        float[] gamma = values(bn, "gamma");
        float[] beta = values(bn, "beta");
        float[] mean = values(bn, "runningMean");
        float[] variance = values(bn, "runningVar");
        int channels = gamma.length;
        if (weight.length % channels != 0) {
            throw new IllegalStateException(path + ": " + weight.length + " weights do not split into " + channels + " output channels");
        }
        int perChannel = weight.length / channels;
        float[] bias = new float[channels];
        for (int c = 0; c < channels; c++) {
            double scale = gamma[c] / Math.sqrt((double) variance[c] + Networks.BN_EPSILON);
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                weight[i] = (float) (weight[i] * scale);
            }
            bias[c] = (float) (beta[c] - mean[c] * scale);
        }
        ParameterValues.assign(parameter(folded, "weight").getArray(), weight);
        ParameterValues.assign(parameter(folded, "bias").getArray(), bias);
    }

    private static float[] values(Block block, String name) {
        return parameter(block, name).getArray().toFloatArray();
    }

    private static Parameter parameter(Block block, String name) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            if (p.getKey().equals(name)) {
                return p.getValue();
            }
        }
        throw new IllegalStateException(block.getClass().getSimpleName() + " has no parameter " + name);
    }
}
