package org.cmpnas.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cmpnas.engine.BadInputException;
import org.junit.jupiter.api.Test;

/** MAC counts against counts worked out by hand from conv = Cin/g·Kh·Kw·Hout·Wout·Cout, linear = in·out. */
class MacCountTest {

    @Test
    void resnetGMatchesHandCount() {
        long stem = 1 * 9 * 784 * 32;                                   // 225,792
        long stage1 = 4L * 32 * 9 * 784 * 32;                           // 4 convs 32→32 at 28×28
        long stage2 = 32L * 9 * 196 * 64 + 64L * 9 * 196 * 64          // strided block
                + 32L * 196 * 64                                        // 1×1 shortcut
                + 2L * 64 * 9 * 196 * 64;                               // second block
        long stage3 = 64L * 9 * 49 * 128 + 128L * 9 * 49 * 128 + 64L * 49 * 128 + 2L * 128 * 9 * 49 * 128;
        long linear = 128 * 128;
        assertThat(ResNetSpec.RESNET_G.macs()).isEqualTo(stem + stage1 + stage2 + stage3 + linear).isEqualTo(80_523_776L);
    }

    @Test
    void resnetQMatchesHandCount() {
        // stem 56,448; stage1 2×451,584; stage2 225,792+451,584+25,088; stage3 the same; linear 4,096
        assertThat(ResNetSpec.RESNET_Q.macs()).isEqualTo(2_368_640L);
        assertThat((double) ResNetSpec.RESNET_G.macs() / ResNetSpec.RESNET_Q.macs()).isBetween(33.0, 35.0);
    }

    @Test
    void smallestSubnetMatchesHandCount() {
        // stem 16·9·784 = 112,896
        // stage1 16→8, e1, k3 at 28: depthwise 16·9·784 = 112,896, project 16·784·8 = 100,352
        // stage2 8→16, stride 2: depthwise 8·9·196 = 14,112, project 8·196·16 = 25,088
        // stage3 16→32, stride 2: depthwise 16·9·49 = 7,056, project 16·49·32 = 25,088
        // linear 32·128 = 4,096
        assertThat(SearchSpace.smallest().macs()).isEqualTo(401_584L);
    }

    @Test
    void reducedResolutionSubnetCountsItsResizeAndRunsAtItsOwnSize() {
        SubnetSpec spec = SubnetSpec.parse("d1-1-1_w8-16-32_k3-3-3_e1-1-1_r20");
        assertThat(spec.resolution()).isEqualTo(20);
        assertThat(spec.text()).isEqualTo("d1-1-1_w8-16-32_k3-3-3_e1-1-1_r20");
        assertThat(SubnetSpec.parse(spec.withResolution(28).text())).isEqualTo(SearchSpace.smallest());
        long resize = 28L * 28 * 20 + 28L * 20 * 20;                     // x·Rᵀ (28×28 by 28×20), then R·(…) (20×28 by 28×20)
        long stem = 16L * 9 * 400;
        long stage1 = 16L * 9 * 400 + 16L * 400 * 8;                     // at 20×20
        long stage2 = 8L * 9 * 100 + 8L * 100 * 16;                      // stride 2: 10×10
        long stage3 = 16L * 9 * 25 + 16L * 25 * 32;                      // 5×5
        long linear = 32L * 128;
        assertThat(spec.macs()).isEqualTo(resize + stem + stage1 + stage2 + stage3 + linear);
        assertThat(spec.params()).isEqualTo(SearchSpace.smallest().params());
    }

    @Test
    void anOddSizeRoundsUpAtAStridedConvolution() {
        // 24 → 12 → 6 and 20 → 10 → 5 are even; a 5×5 map through a stride-2 convolution with padding is 3×3
        SubnetSpec r16 = SubnetSpec.parse("d1-1-1_w8-16-32_k3-3-3_e1-1-1_r16");
        long resize = 28L * 28 * 16 + 28L * 16 * 16;
        assertThat(r16.macs()).isEqualTo(resize + 16L * 9 * 256 + 16L * 9 * 256 + 16L * 256 * 8 + 8L * 9 * 64 + 8L * 64 * 16
                + 16L * 9 * 16 + 16L * 16 * 32 + 32L * 128);
    }

    @Test
    void aResolutionOutsideTheSpaceIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubnetSpec.parse("d1-1-1_w8-16-32_k3-3-3_e1-1-1_r18"))
                .hasMessageContaining("resolution 18");
    }

    @Test
    void mixedSubnetMatchesHandCount() {
        SubnetSpec spec = SubnetSpec.parse("d1-2-1_w24-32-64_k5-3-3-5_e3-1-6-1");
        long stem = 16L * 9 * 784;
        long b1 = 16L * 48 * 784 + 48L * 25 * 784 + 48L * 24 * 784;     // 16→24, e3, k5 at 28
        long b2 = 24L * 9 * 196 + 24L * 196 * 32;                       // 24→32, e1, k3, stride 2
        long b3 = 32L * 192 * 196 + 192L * 9 * 196 + 192L * 32 * 196;   // 32→32, e6, k3
        long b4 = 32L * 25 * 49 + 32L * 49 * 64;                        // 32→64, e1, k5, stride 2
        long linear = 64L * 128;
        assertThat(spec.macs()).isEqualTo(stem + b1 + b2 + b3 + b4 + linear);
    }

    @Test
    void searchSpaceSpansAHundredfold() {
        assertThat((double) SearchSpace.largest().macs() / SearchSpace.smallest().macs()).isGreaterThan(100);
    }

    @Test
    void resnetQParamsMatchHandCount() {
        long convs = 1 * 9 * 8 + 2 * (8 * 9 * 8)                         // stem, stage1
                + (8 * 9 * 16 + 16 * 9 * 16 + 8 * 16)                     // stage2 with shortcut
                + (16 * 9 * 32 + 32 * 9 * 32 + 16 * 32);                  // stage3 with shortcut
        long batchNorm = 2 * (8 + 8 + 8 + 16 + 16 + 16 + 32 + 32 + 32);
        long linear = 32 * 128 + 128;
        assertThat(ResNetSpec.RESNET_Q.params()).isEqualTo(convs + batchNorm + linear);
    }

    @Test
    void subnetTextRoundTrips() {
        SubnetSpec spec = SubnetSpec.parse("d2-1-3_w16-32-64_k3-5-3-3-5-3_e6-1-3-3-6-1");
        assertThat(spec.text()).isEqualTo("d2-1-3_w16-32-64_k3-5-3-3-5-3_e6-1-3-3-6-1");
        assertThat(ArchSpec.parse(spec.text())).isEqualTo(spec);
        assertThat(ArchSpec.parse("resnet-g")).isSameAs(ResNetSpec.RESNET_G);
    }

    @Test
    void badArchitecturesAreNamed() {
        assertThatThrownBy(() -> ArchSpec.parse("resnet-x")).isInstanceOf(BadInputException.class).hasMessageContaining("resnet-x");
        assertThatThrownBy(() -> ArchSpec.parse("d1-1-1_w8-16-32_k3-3_e1-1-1")).hasMessageContaining("needs 3 kernels");
        assertThatThrownBy(() -> ArchSpec.parse("d1-1-1_w9-16-32_k3-3-3_e1-1-1")).hasMessageContaining("width of stage 1 9");
        assertThatThrownBy(() -> ArchSpec.parse("d1-1-1_w8-16-32_k3-3-3_e1-x-1")).hasMessageContaining("not a list of numbers");
    }
}
