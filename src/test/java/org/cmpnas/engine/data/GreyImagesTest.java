package org.cmpnas.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class GreyImagesTest {

    @Test
    void greyImagesKeepTheirStoredValues() {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 128, 255});
        assertThat(GreyImages.toGrey(img)).containsExactly(0, (byte) 128, (byte) 255);

        BufferedImage deep = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {65535, 32896});
        assertThat(GreyImages.toGrey(deep)).containsExactly((byte) 255, (byte) 128);
    }

    @Test
    void colourUsesLumaWeights() {
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF0000);
        img.setRGB(1, 0, 0x00FF00);
        img.setRGB(2, 0, 0x0000FF);
        img.setRGB(3, 0, 0x646464);
        // 0.299*255 = 76.2, 0.587*255 = 149.7, 0.114*255 = 29.1, grey stays grey
        assertThat(GreyImages.toGrey(img)).containsExactly(76, (byte) 150, 29, 100);
    }

    @Test
    void halvingAveragesPairsAndDoublingInterpolates() {
        byte[] src = {0, 100, (byte) 200, 100};
        // 4x1 -> 2x1: each output averages its two pixels with triangle weights spanning 4 source pixels
        byte[] half = GreyImages.resize(src, 4, 1, 2, 1);
        assertThat(half).hasSize(2);
        assertThat(half[0] & 0xFF).isBetween(40, 80);
        assertThat(half[1] & 0xFF).isBetween(120, 160);
        // 2x1 -> 4x1 bilinear, pixel centres aligned: 0, 25, 75, 100 for input (0, 100)
        assertThat(GreyImages.resize(new byte[] {0, 100}, 2, 1, 4, 1)).containsExactly(0, 25, 75, 100);
        assertThat(GreyImages.resize(src, 4, 1, 4, 1)).isSameAs(src);
    }
}
