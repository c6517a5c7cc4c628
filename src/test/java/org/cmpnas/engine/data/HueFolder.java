package org.cmpnas.engine.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * An image folder whose classes differ only in hue at equal brightness: every pixel of class {@code c} is a
 * grey level Y (random per image, plus texture) moved along hue direction {@code c} in the plane of zero
 * Rec. 601 luma, so that a grey reading of it sees the same brightness in every class (chance level) and a
 * colour one sees the class.
 */
public final class HueFolder {
    private HueFolder() {
    }

    /** Writes {@code ROOT/{train,val,test}/class-c/i.png}, {@code side} x {@code side} pixels, seeded. */
    public static Path write(Path root, int classes, int train, int val, int test, int side, long seed) throws IOException {
        Random random = new Random(seed);
        for (String split : new String[] {"train", "val", "test"}) {
            int count = split.equals("train") ? train : split.equals("val") ? val : test;
            for (int c = 0; c < classes; c++) {
                for (int i = 0; i < count; i++) {
                    Path file = root.resolve(split).resolve("class-" + c).resolve(i + ".png");
                    Files.createDirectories(file.getParent());
                    ImageIO.write(image(c, classes, side, random), "png", file.toFile());
                }
            }
        }
        return root;
    }

    /** Luma of (r, g, b) as the grey reading computes it, for the test's own check. */
    public static int luma(int r, int g, int b) {
        return (299 * r + 587 * g + 114 * b + 500) / 1000;
    }

    private static BufferedImage image(int c, int classes, int side, Random random) {
        double angle = 2 * Math.PI * c / classes;
        // two directions of zero luma: (1, -299/587, 0) and (0, 114/587, -1)
        double dr = 50 * Math.cos(angle);
        double dg = 50 * (-299.0 / 587 * Math.cos(angle) + 114.0 / 587 * Math.sin(angle));
        double db = -50 * Math.sin(angle);
        int base = 70 + random.nextInt(110);
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int level = base + random.nextInt(11) - 5; // texture in brightness only
                image.setRGB(x, y, clamp(level + dr) << 16 | clamp(level + dg) << 8 | clamp(level + db));
            }
        }
        return image;
    }

    private static int clamp(double v) {
        return Math.max(0, Math.min(255, (int) Math.round(v)));
    }
}
