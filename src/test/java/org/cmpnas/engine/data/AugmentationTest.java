package org.cmpnas.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    private static final Normalization FM = Normalization.FASHION_MNIST;

    /** A 3x4 image with distinct values. */
    private static final byte[] IMAGE = {0, 10, 20, 30, 40, 50, 60, 70, (byte) 255, 90, 100, (byte) 200};

    @Test
    void normalisationMatchesTheProtocolByHand() {
        float[] out = new float[IMAGE.length + 2];
        FM.normalise(IMAGE, 0, out, 2, 1, IMAGE.length);
        assertThat(out[0]).isZero(); // untouched before dstOffset
        assertThat(out[2]).isCloseTo(-0.810198f, within(1e-5f)); // (0 - 0.286) / 0.353
        assertThat(out[2 + 8]).isCloseTo(2.022663f, within(1e-5f)); // (1 - 0.286) / 0.353
        assertThat(out[2 + 11]).isCloseTo((200 / 255f - 0.2860f) / 0.3530f, within(1e-6f)); // 1.411654
        assertThat(FM.of(0, 128)).isCloseTo(0.611787f, within(1e-5f));
    }

    @Test
    void flipIsAMirrorOfEachRow() {
        Augmentation flip = new Augmentation(true, 0);
        float[] out = new float[IMAGE.length];
        // find a seed whose first coin says "flip" and one that says "keep"
        Random rng = new Random(1);
        boolean flips = new Random(1).nextBoolean();
        flip.apply(IMAGE, 0, 1, 3, 4, FM, out, 0, rng);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                int source = flips ? y * 4 + (3 - x) : y * 4 + x;
                assertThat(out[y * 4 + x]).isEqualTo(FM.of(0, IMAGE[source]));
            }
        }
        // over many draws both outcomes happen, and each output is exactly one of the two
        int mirrored = 0;
        for (int i = 0; i < 200; i++) {
            flip.apply(IMAGE, 0, 1, 3, 4, FM, out, 0, rng);
            boolean isMirror = out[0] == FM.of(0, IMAGE[3]) && out[11] == FM.of(0, IMAGE[8]);
            mirrored += isMirror ? 1 : 0;
        }
        assertThat(mirrored).isBetween(60, 140);
    }

    @Test
    void noAugmentationIsPlainNormalisation() {
        float[] a = new float[IMAGE.length];
        float[] b = new float[IMAGE.length];
        Augmentation.NONE.apply(IMAGE, 0, 1, 3, 4, FM, a, 0, new Random(5));
        FM.normalise(IMAGE, 0, b, 0, 1, IMAGE.length);
        assertThat(a).containsExactly(b);
    }

    @Test
    void padCropShiftsWithinThePaddingAndFillsBlack() {
        Augmentation crop = new Augmentation(false, 2);
        float black = FM.of(0, 0);
        for (int t = 0; t < 50; t++) {
            long state = t;
            Random probe = new Random(state);
            int dy = probe.nextInt(5) - 2;
            int dx = probe.nextInt(5) - 2;
            float[] out = new float[IMAGE.length];
            crop.apply(IMAGE, 0, 1, 3, 4, FM, out, 0, new Random(state));
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    int sy = y + dy;
                    int sx = x + dx;
                    float want = sy < 0 || sy >= 3 || sx < 0 || sx >= 4 ? black : FM.of(0, IMAGE[sy * 4 + sx]);
                    assertThat(out[y * 4 + x]).isEqualTo(want);
                }
            }
        }
    }

    @Test
    void defaultsAreFlipWithoutCrop() {
        assertThat(Augmentation.DEFAULT).isEqualTo(new Augmentation(true, 0));
        assertThat(Augmentation.NONE.isIdentity()).isTrue();
    }
}
