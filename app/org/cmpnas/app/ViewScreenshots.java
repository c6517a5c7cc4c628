package org.cmpnas.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.views.charts.ChartView;
import org.cmpnas.views.shell.ViewId;

/**
 * {@code gui --screenshot DIR}: shows each main view in a window of a fixed size, populated from
 * the store, and writes it to {@code DIR/<view>.png}. The README's pictures come from here.
 */
final class ViewScreenshots {
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;
    /** Time for the last layout pulses and throttled chart redraws after the data arrived. */
    private static final long SETTLE_MS = 400;
    private static final Duration RETRIEVAL_TIMEOUT = Duration.ofMinutes(5);

    private ViewScreenshots() {
    }

    /** Runs on a thread other than the JavaFX thread; returns the files written. */
    static List<Path> write(AppContext context, Path dir) {
        return write(context, dir, WIDTH, HEIGHT);
    }

    /** As {@link #write(AppContext, Path)}, in a window of {@code width x height}. */
    static List<Path> write(AppContext context, Path dir, int width, int height) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException("cannot create screenshot folder " + dir + ": " + e.getMessage(), e);
        }
        Stage stage = FxPlatform.call(() -> {
            Stage s = new Stage();
            context.show(s);
            s.setMaximized(false);
            s.setMinWidth(0); // the window's own minimum is what a screenshot at a small size checks
            s.setMinHeight(0);
            s.setWidth(width);
            s.setHeight(height);
            return s;
        });
        List<Path> written = new ArrayList<>();
        try {
            settle(context);
            for (ViewId view : ViewId.values()) {
                FxPlatform.run(() -> context.shell().show(view));
                settle(context);
                if (view == ViewId.RETRIEVAL) {
                    awaitRetrievalDemo(context);
                }
                WritableImage image = FxPlatform.call(() -> stage.getScene().snapshot(null));
                BufferedImage bitmap = SwingFXUtils.fromFXImage(image, null);
                Path file = dir.resolve(view.id() + ".png");
                ImageIO.write(bitmap, "png", file.toFile());
                written.add(file);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot write screenshot into " + dir + ": " + e.getMessage(), e);
        } finally {
            FxPlatform.run(stage::hide);
        }
        return written;
    }

    /** Lets the store reads finish, their results reach the views, and every chart finish drawing. */
    private static void settle(AppContext context) {
        for (int round = 0; round < 2; round++) { // a selection made by the first read triggers a second one
            context.background().awaitIdle(Duration.ofSeconds(30));
            FxPlatform.run(() -> { });
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        do { // a layout pass may resize a chart and so ask for one more drawing
            pause(SETTLE_MS);
        } while (FxPlatform.call(ChartView::anyUnfinished) && System.nanoTime() < deadline);
        FxPlatform.run(() -> { });
    }

    /** The demo opens its models when shown (embedding a gallery the first time may take a minute). */
    private static void awaitRetrievalDemo(AppContext context) {
        long deadline = System.nanoTime() + RETRIEVAL_TIMEOUT.toNanos();
        while (FxPlatform.call(() -> context.retrieval().busyProperty().get()) && System.nanoTime() < deadline) {
            pause(100);
            context.demoWorker().awaitIdle(RETRIEVAL_TIMEOUT);
            context.background().awaitIdle(Duration.ofSeconds(30));
        }
        context.demoWorker().awaitIdle(RETRIEVAL_TIMEOUT); // a gallery index attached once the demo opened
        FxPlatform.run(() -> { });
        settle(context);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
