package org.cmpnas.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.cmpnas.engine.store.RunStore;

/**
 * The JavaFX workbench, started from the plain {@code Main} through {@code cmpnas gui}. Uses
 * {@link Platform#startup} rather than {@code Application.launch} so that this method returns an exit
 * code like every other command, and so the screenshot mode can drive the window from this thread.
 */
public final class WorkbenchApp {
    private WorkbenchApp() {
    }

    /**
     * Opens the window on {@code store} and returns when it is closed; with {@code screenshotDir},
     * writes each main view to {@code <dir>/<view>.png} instead and returns at once.
     */
    public static int launch(RunStore store, Path screenshotDir) {
        return launch(store, screenshotDir, ViewScreenshots.WIDTH, ViewScreenshots.HEIGHT, null);
    }

    /**
     * As {@link #launch(RunStore, Path)}, the screenshots taken in a window of {@code width x height}; with {@code index},
     * the retrieval demo searches that gallery index too.
     */
    public static int launch(RunStore store, Path screenshotDir, int width, int height, Path index) {
        boolean ownToolkit = FxPlatform.start(screenshotDir != null);
        try {
            return screenshotDir != null ? screenshots(store, screenshotDir, width, height, index) : window(store, index);
        } finally {
            if (ownToolkit) {
                Platform.exit();
            }
        }
    }

    private static int screenshots(RunStore store, Path dir, int width, int height, Path index) {
        AppContext context = FxPlatform.call(() -> AppContext.forScreenshots(store));
        if (index != null) {
            FxPlatform.run(() -> context.retrieval().openIndex(index));
        }
        try {
            List<Path> files = ViewScreenshots.write(context, dir, width, height);
            files.forEach(f -> System.err.println("wrote " + f));
            return 0;
        } finally {
            context.close();
        }
    }

    private static int window(RunStore store, Path index) {
        CountDownLatch closed = new CountDownLatch(1);
        AppContext context = FxPlatform.call(() -> {
            AppContext c = AppContext.open(store);
            if (index != null) {
                c.retrieval().openIndex(index);
            }
            Stage stage = new Stage();
            stage.setOnHidden(e -> closed.countDown());
            c.show(stage);
            return c;
        });
        Thread onSignal = new Thread(context::cancelJobsOnShutdown, "cmpnas-cancel-on-exit");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close(); // waits for a cancelled job to record itself as cancelled
        try {
            Runtime.getRuntime().removeShutdownHook(onSignal);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running
        }
        return 0;
    }
}
