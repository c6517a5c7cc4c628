package org.cmpnas.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.cmpnas.engine.BadInputException;
import org.junit.jupiter.api.Test;

/** The presets and subnets at other inputs: stem stride, MACs by hand, text forms and the forward. */
class InputShapeTest {
    private static final InputShape GREY_32 = new InputShape(1, 32);
    private static final InputShape RGB_64 = new InputShape(3, 64);
    private static final InputShape RGB_128 = new InputShape(3, 128);

    @Test
    void theStemStridesSoThatTheFirstStageWorksOn24To47Pixels() {
        assertThat(InputShape.GREY_28.stemStride()).isEqualTo(1);
        assertThat(GREY_32.stemStride()).isEqualTo(1);
        assertThat(new InputShape(3, 47).stemStride()).isEqualTo(1);
        assertThat(new InputShape(3, 48).stemStride()).isEqualTo(2);
        assertThat(RGB_64.stemStride()).isEqualTo(2);
        assertThat(RGB_128.stemStride()).isEqualTo(4);
        assertThat(new InputShape(3, 224).stemStride()).isEqualTo(8);
    }

    /**
     * resnet-q by hand, o = the stem's output side: stem C·9·8·o², stage 1 two 8·9·8 convs at o², stage 2
     * (8·9·16 + 16·9·16 + 8·16) at (o/2)², stage 3 (16·9·32 + 32·9·32 + 16·32) at (o/4)², linear 32·128.
     * 28 grey (o 28): 56,448 + 903,168 + 3,584·196 + 14,336·49 + 4,096 = 2,368,640.
     * 32 grey (o 32): 73,728 + 1,179,648 + 3,584·256 + 14,336·64 + 4,096 = 3,092,480.
     * 64 and 128 colour (stride 2 and 4, o 32): 221,184 + 1,179,648 + 917,504 + 917,504 + 4,096 = 3,239,936.
     */
    @Test
    void resnetQMacsAtEachInputMatchHandCounts() {
        assertThat(ResNetSpec.RESNET_Q.macs()).isEqualTo(2_368_640L);
        assertThat(ResNetSpec.RESNET_Q.withInput(GREY_32).macs()).isEqualTo(3_092_480L);
        assertThat(ResNetSpec.RESNET_Q.withInput(RGB_64).macs()).isEqualTo(3_239_936L);
        assertThat(ResNetSpec.RESNET_Q.withInput(RGB_128).macs()).isEqualTo(3_239_936L);
    }

    /**
     * resnet-g by hand: stem C·9·32·o², stage 1 four 32·9·32 convs at o², stage 2 (32·9·64 + 64·9·64 + 32·64) +
     * 2·64·9·64 at (o/2)², stage 3 (64·9·128 + 128·9·128 + 64·128) + 2·128·9·128 at (o/4)², linear 128·128.
     * 32 grey: 294,912 + 37,748,736 + 14,680,064 + 18,874,368 + 14,680,064 + 18,874,368 + 16,384 = 105,168,896;
     * 64 and 128 colour: the stem is 884,736 instead: 105,758,720.
     */
    @Test
    void resnetGMacsAtEachInputMatchHandCounts() {
        assertThat(ResNetSpec.RESNET_G.macs()).isEqualTo(80_523_776L);
        assertThat(ResNetSpec.RESNET_G.withInput(GREY_32).macs()).isEqualTo(105_168_896L);
        assertThat(ResNetSpec.RESNET_G.withInput(RGB_64).macs()).isEqualTo(105_758_720L);
        assertThat(ResNetSpec.RESNET_G.withInput(RGB_128).macs()).isEqualTo(105_758_720L);
    }

    /**
     * The smallest subnet (depth 1, widths 8-16-32, kernel 3, expand 1) by hand: stem C·9·16·o², block 16→8
     * (depthwise 16·9, pointwise 16·8 at o²), 8→16 stride 2 (8·9 + 8·16 at (o/2)²), 16→32 stride 2 (16·9 + 16·32 at
     * (o/4)²), linear 32·128. 28 grey: 112,896 + 112,896 + 100,352 + 14,112 + 25,088 + 7,056 + 25,088 + 4,096 = 401,584;
     * 64 colour (o 32): 442,368 + 147,456 + 131,072 + 18,432 + 32,768 + 9,216 + 32,768 + 4,096 = 818,176.
     */
    @Test
    void aSubnetCountsItsStemAtItsInput() {
        SubnetSpec smallest = SearchSpace.smallest();
        assertThat(smallest.macs()).isEqualTo(401_584L);
        SubnetSpec colour = smallest.withInput(RGB_64);
        assertThat(colour.macs()).isEqualTo(818_176L);
        assertThat(colour.resizesInput()).isFalse();
        assertThat(colour.text()).isEqualTo(smallest.text() + "@3x64");
        assertThat(ArchSpec.parse(colour.text())).isEqualTo(colour);
        assertThat(SubnetSpec.parse(colour.text())).isEqualTo(colour);
    }

    @Test
    void textsNameTheInputUnlessItIsTheProtocols() {
        assertThat(ResNetSpec.RESNET_Q.text()).isEqualTo("resnet-q");
        assertThat(ResNetSpec.RESNET_Q.withInput(RGB_64).text()).isEqualTo("resnet-q@3x64");
        assertThat(ArchSpec.parse("resnet-g@1x32")).isEqualTo(ResNetSpec.RESNET_G.withInput(GREY_32));
        assertThat(SearchSpace.smallest().withResolution(20).text()).endsWith("_r20");
        assertThatThrownBy(() -> ArchSpec.parse("resnet-q@2x64")).isInstanceOf(BadInputException.class).hasMessageContaining("1 (grey) or 3 (colour)");
        assertThatThrownBy(() -> ArchSpec.parse("resnet-q@3x100000")).isInstanceOf(BadInputException.class).hasMessageContaining("between 8 and 512");
        assertThatThrownBy(() -> ArchSpec.parse("resnet-q@big")).isInstanceOf(BadInputException.class).hasMessageContaining("CHANNELSxSIZE");
        assertThatThrownBy(() -> SearchSpace.smallest().withInput(RGB_64).withResolution(20)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("resolution 20");
    }

    @Test
    void theNetworksTakeTheirInput() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (ArchSpec spec : new ArchSpec[] {ResNetSpec.RESNET_Q.withInput(RGB_64), SearchSpace.smallest().withInput(RGB_128)}) {
                Block net = Networks.backbone(spec);
                net.initialize(manager, DataType.FLOAT32, spec.input().batch(1));
                NDList out = net.forward(new ParameterStore(manager, false), new NDList(manager.zeros(spec.input().batch(2))), false);
                assertThat(out.head().getShape()).isEqualTo(new Shape(2, ArchSpec.EMBEDDING_DIM));
            }
        }
    }
}
