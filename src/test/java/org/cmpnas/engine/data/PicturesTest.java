package org.cmpnas.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PicturesTest {

    private static Pictures.Picture decoded(BufferedImage image) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "png", png)).isTrue();
        return Pictures.decode(Path.of("test.png"), png.toByteArray());
    }

    private static int[] unsigned(byte[] bytes) {
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] & 0xFF;
        }
        return out;
    }

    @Test
    void greyImagesKeepTheirStoredValuesAndAreKnownAsGrey() throws IOException {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 128, 255});
        Pictures.Picture picture = decoded(img);
        assertThat(picture.grey()).isTrue();
        assertThat(unsigned(Pictures.planes(picture, 1, 3, ImageFolderOptions.Fit.none, true))).containsExactly(0, 128, 255);
        assertThat(unsigned(Pictures.planes(picture, 1, 3, ImageFolderOptions.Fit.none, false)))
                .as("three equal planes").containsExactly(0, 128, 255, 0, 128, 255, 0, 128, 255);

        BufferedImage deep = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {65535, 32896});
        assertThat(unsigned(Pictures.planes(decoded(deep), 1, 2, ImageFolderOptions.Fit.none, true))).containsExactly(255, 128);
    }

    @Test
    void colourKeepsItsChannelsOrBecomesLuma() throws IOException {
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF0000);
        img.setRGB(1, 0, 0x00FF00);
        img.setRGB(2, 0, 0x0000FF);
        img.setRGB(3, 0, 0x646464);
        Pictures.Picture picture = decoded(img);
        assertThat(picture.grey()).isFalse();
        assertThat(unsigned(Pictures.planes(picture, 1, 4, ImageFolderOptions.Fit.none, false)))
                .containsExactly(255, 0, 0, 100, /* green */ 0, 255, 0, 100, /* blue */ 0, 0, 255, 100);
        // 0.299*255 = 76.2, 0.587*255 = 149.7, 0.114*255 = 29.1, grey stays grey
        assertThat(unsigned(Pictures.planes(picture, 1, 4, ImageFolderOptions.Fit.none, true))).containsExactly(76, 150, 29, 100);
    }

    @Test
    void resamplingKeepsAFlatColourAndAveragesWhenShrinking() throws IOException {
        BufferedImage flat = new BufferedImage(150, 100, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 150; x++) {
                flat.getRaster().setSample(x, y, 0, 100);
            }
        }
        // no trip through Java2D's linear grey: a level stays the level it was
        assertThat(unsigned(Pictures.planes(decoded(flat), 16, 16, ImageFolderOptions.Fit.crop, true))).containsOnly(100);

        BufferedImage stripes = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                stripes.setRGB(x, y, x % 2 == 0 ? 0xC80000 : 0x000000); // red 200 and black columns
            }
        }
        byte[] small = Pictures.planes(decoded(stripes), 8, 8, ImageFolderOptions.Fit.stretch, false);
        for (int p = 0; p < 64; p++) {
            assertThat(small[p] & 0xFF).as("red, averaged over its stripes").isBetween(90, 110);
            assertThat(small[64 + p] & 0xFF).as("green").isZero();
        }
    }

    @Test
    void cropKeepsTheAspectRatioAndCutsTheCentre() throws IOException {
        // 30x10: a black third, a white third, a black third; cropped to 10x10 the centre (white) is all that is left
        BufferedImage wide = new BufferedImage(30, 10, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 10; y++) {
            for (int x = 10; x < 20; x++) {
                wide.getRaster().setSample(x, y, 0, 255);
            }
        }
        int[] crop = unsigned(Pictures.planes(decoded(wide), 10, 10, ImageFolderOptions.Fit.crop, true));
        assertThat(crop[5 * 10 + 5]).isEqualTo(255);
        assertThat(crop[5 * 10 + 2]).isGreaterThan(200);
        int[] stretched = unsigned(Pictures.planes(decoded(wide), 10, 10, ImageFolderOptions.Fit.stretch, true));
        assertThat(stretched[5 * 10 + 1]).as("stretched, the black left third is still there").isLessThan(30);
    }
}
