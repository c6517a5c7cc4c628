package org.cmpnas.engine.index;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.store.SampleRuns;

/** A store with the shipped sample runs, folders of small seeded PNGs, random unit rows. */
public final class IndexFixtures {
    /** The shipped resnet-q trained on its own (kind gallery): a cheap gallery model. */
    public static final String GALLERY = "20261126-151222-f9a2";
    /** The shipped resnet-q trained with bct against the shipped resnet-g, never evaluated against {@link #GALLERY}. */
    public static final String OTHER_QUERY = "20261126-164843-aa95";

    private IndexFixtures() {
    }

    public static RunStore sampleStore(Path dir) {
        RunStore store = new RunStore(dir);
        SampleRuns.locate().orElseThrow(() -> new AssertionError("sample-data/runs is missing")).copyInto(store);
        return store;
    }

    /** {@code count} 28 px grey PNGs (blobs at seeded places) in two sub-folders of {@code root}. */
    public static Path pngFolder(Path root, int count) {
        Random random = new Random(count);
        try {
            for (int i = 0; i < count; i++) {
                BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
                int cx = random.nextInt(28);
                int cy = random.nextInt(28);
                int r = 3 + random.nextInt(8);
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        int d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                        image.getRaster().setSample(x, y, 0, d2 < r * r ? 200 + random.nextInt(56) : random.nextInt(30));
                    }
                }
                Path file = root.resolve(i % 2 == 0 ? "shoes" : "bags/large").resolve(String.format("img-%04d.png", i));
                Files.createDirectories(file.getParent());
                ImageIO.write(image, "png", file.toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    public static Embeddings randomRows(int count, int dim, long seed) {
        Random random = new Random(seed);
        float[] data = new float[count * dim];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return Embeddings.normalise(data, count, dim);
    }
}
