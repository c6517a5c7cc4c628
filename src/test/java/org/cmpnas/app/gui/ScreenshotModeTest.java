package org.cmpnas.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.cmpnas.app.WorkbenchApp;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.views.TestRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/** {@code gui --screenshot DIR} renders every main view to a PNG, headless. */
class ScreenshotModeTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage(); // shared with the other GUI tests; launch() must leave it running
    }

    @Test
    void writesOnePictureOfEachMainView(@TempDir Path dir) throws Exception {
        RunStore store = new RunStore(dir.resolve("runs"));
        TestRuns.finished(store, "paragon", "resnet-g", 88.5);
        TestRuns.damaged(store, "20200101-000000-beef");

        assertThat(WorkbenchApp.launch(store, dir.resolve("shots"))).isZero();

        for (String view : new String[] {"models", "jobs", "pareto", "retrieval", "runs"}) {
            Path png = dir.resolve("shots").resolve(view + ".png");
            assertThat(png).exists();
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(1280);
            assertThat(image.getHeight()).isEqualTo(800);
        }
        assertThat(Files.size(dir.resolve("shots/runs.png"))).isGreaterThan(20_000); // drawn, not blank
    }
}
