package org.cmpnas.engine.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * The folder of the image-loading benchmark: {@code count} colour JPEGs of 100 to 200 pixels a side (each side
 * drawn on its own, so aspect ratios vary) in ten class folders of {@code train/}, and a few images in {@code val/}
 * and {@code test/}. Content: a smooth colour gradient with per-pixel noise, like a photograph's mix of flat and
 * busy regions. Seeded: image {@code i} is the same in every sitting; bench/peer.py draws the same recipe.
 */
final class JpegFolder {
    static final int CLASSES = 10;
    static final int MIN_SIDE = 100;
    static final int MAX_SIDE = 200;

    private JpegFolder() {
    }

    static Path write(Path root, int count) {
        IntStream.range(0, count).parallel().forEach(i -> writeImage(root.resolve("train"), i));
        for (String split : new String[] {"val", "test"}) {
            IntStream.range(0, 2 * CLASSES).forEach(i -> writeImage(root.resolve(split), i));
        }
        return root;
    }

    private static void writeImage(Path split, int i) {
        Random random = new Random(i * 0x9E3779B97F4A7C15L + 17);
        int w = MIN_SIDE + random.nextInt(MAX_SIDE - MIN_SIDE + 1);
        int h = MIN_SIDE + random.nextInt(MAX_SIDE - MIN_SIDE + 1);
        int[] from = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
        int[] to = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = (x + y) / (double) (w + h);
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    int v = (int) (from[c] + t * (to[c] - from[c])) + random.nextInt(41) - 20;
                    rgb = rgb << 8 | Math.max(0, Math.min(255, v));
                }
                image.setRGB(x, y, rgb);
            }
        }
        Path file = split.resolve("class-" + i % CLASSES).resolve(String.format("%06d.jpg", i));
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "jpg", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
