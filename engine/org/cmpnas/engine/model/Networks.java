package org.cmpnas.engine.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/** Builds the DJL block of an {@link ArchSpec}: images (N, C, S, S) of its {@link InputShape} in, embeddings (N, 128) out. */
public final class Networks {

    private Networks() {
    }

    /** Batch norm's epsilon in every network built here; folding it into a convolution needs the same. */
    public static final float BN_EPSILON = 1e-5f;

    public static Block backbone(ArchSpec spec) {
        return backbone(spec, false);
    }

    /**
     * The same network for inference only, each convolution + batch norm pair a single convolution with
     * bias: {@link BatchNormFolding} fills it from a trained {@link #backbone}, whose blocks it mirrors.
     */
    public static Block foldedBackbone(ArchSpec spec) {
        return backbone(spec, true);
    }

    private static Block backbone(ArchSpec spec, boolean folded) {
        if (spec instanceof ResNetSpec r) {
            return resnet(r, folded);
        }
        return subnet((SubnetSpec) spec, folded);
    }

    private static Block resnet(ResNetSpec spec, boolean folded) {
        SequentialBlock net = new SequentialBlock().add(convBn(spec.stem(), 3, spec.input().stemStride(), 1, folded)).add(Activation.reluBlock());
        int in = spec.stem();
        for (int s = 0; s < spec.widths().size(); s++) {
            int out = spec.widths().get(s);
            for (int b = 0; b < spec.blocks().get(s); b++) {
                int stride = b == 0 ? ResNetSpec.stageStride(s) : 1;
                Block main = new SequentialBlock()
                        .add(convBn(out, 3, stride, 1, folded)).add(Activation.reluBlock())
                        .add(convBn(out, 3, 1, 1, folded));
                Block shortcut = stride != 1 || in != out ? convBn(out, 1, stride, 1, folded) : Blocks.identityBlock();
                net.add(residual(main, shortcut, folded)).add(Activation.reluBlock());
                in = out;
            }
        }
        return head(net);
    }

    private static Block subnet(SubnetSpec spec, boolean folded) {
        SequentialBlock net = new SequentialBlock();
        if (spec.resizesInput()) {
            net.add(InputResize.block(spec.resolution()));
        }
        net.add(convBn(SearchSpace.STEM, 3, spec.input().stemStride(), 1, folded)).add(Activation.reluBlock());
        for (SubnetSpec.MbBlock b : spec.blocks()) {
            SequentialBlock main = new SequentialBlock();
            if (b.expand() != 1) {
                main.add(convBn(b.hidden(), 1, 1, 1, folded)).add(Activation.reluBlock());
            }
            main.add(convBn(b.hidden(), b.kernel(), b.stride(), b.hidden(), folded)).add(Activation.reluBlock())
                    .add(convBn(b.out(), 1, 1, 1, folded));
            net.add(b.residual() ? residual(main, Blocks.identityBlock(), folded) : main);
        }
        return head(net);
    }

    private static Block head(SequentialBlock net) {
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(ArchSpec.EMBEDDING_DIM).build());
    }

    /** A convolution without bias and its batch norm, or (folded) one convolution with bias in their place. */
    private static Block convBn(int filters, int kernel, int stride, int groups, boolean folded) {
        Block conv = Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optGroups(groups)
                .optBias(folded)
                .build();
        return folded ? conv : new SequentialBlock().add(conv).add(BatchNorm.builder().optEpsilon(BN_EPSILON).build());
    }

    /** main(x) + shortcut(x); inference-only (folded) networks add in place into main's fresh output. */
    private static Block residual(Block main, Block shortcut, boolean folded) {
        if (folded) {
            return new ParallelBlock(
                    outs -> new NDList(outs.get(0).singletonOrThrow().addi(outs.get(1).singletonOrThrow())),
                    List.of(main, shortcut));
        }
        return new ParallelBlock(
                outs -> new NDList(outs.get(0).singletonOrThrow().add(outs.get(1).singletonOrThrow())),
                List.of(main, shortcut));
    }
}
