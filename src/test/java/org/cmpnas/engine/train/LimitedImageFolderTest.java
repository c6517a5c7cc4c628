package org.cmpnas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.data.Subset;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --limit} on an image folder, whose images are read class by class: every class keeps its share. */
class LimitedImageFolderTest {

    @TempDir
    Path tmp;

    private Path classSortedFolder() throws IOException {
        Path root = tmp.resolve("shapes");
        String[] classes = {"a", "b", "c"};
        for (int c = 0; c < classes.length; c++) {
            for (int i = 0; i < 40 * (c + 1); i++) { // 40, 80 and 120 training images
                write(root.resolve("train/" + classes[c] + "/" + i + ".png"), 60 * c + i % 7);
            }
            for (int i = 0; i < 5; i++) {
                write(root.resolve("val/" + classes[c] + "/" + i + ".png"), 60 * c + i);
                write(root.resolve("test/" + classes[c] + "/" + i + ".png"), 60 * c + i);
            }
        }
        return root;
    }

    private static void write(Path file, int grey) throws IOException {
        BufferedImage image = new BufferedImage(6, 6, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                image.getRaster().setSample(x, y, 0, grey);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static int[] counts(DataSplits data) {
        int[] counts = new int[data.classNames().size()];
        for (int label : data.train().labels()) {
            counts[label]++;
        }
        return counts;
    }

    @Test
    void aLimitedRunTrainsOnEveryClassInItsShareAndRecordsWhichImages() throws IOException {
        Path folder = classSortedFolder();
        assertThat(counts(Datasets.load(new DataSpec(folder.toString(), 60, Subset.balanced, null), 3))).containsExactly(10, 20, 30);
        assertThat(counts(Datasets.load(new DataSpec(folder.toString(), 60, Subset.first, null), 3))).as("what a limit did before").containsExactly(40, 20, 0);

        RunStore store = new RunStore(tmp.resolve("store"));
        TrainConfig config = TrainConfig.of("resnet-q", folder.toString()).withName("limited").withSchedule(new Schedule(1, 16, 0.05, 0.9, 5e-4, 3)).withData(DataSpec.all(folder.toString()).withLimit(60));
        assertThat(config.data().subset()).isEqualTo(Subset.balanced);
        RunRecord run = store.load(new TrainingJob(store, JobListener.NONE, new CancellationToken()).start(config));
        assertThat(run.provenance().datasetSize()).isEqualTo(60);
        assertThat(run.provenance().trainImagesHash())
                .isEqualTo(Subset.balanced.of(Datasets.load(folder.toString()).train(), 60, 3).contentHash());
        assertThat(run.configAs(TrainConfig.class)).as("the rule is recorded and reads back").isEqualTo(config);
        assertThat(run.config().path("subset").asText()).isEqualTo("balanced");
    }
}
