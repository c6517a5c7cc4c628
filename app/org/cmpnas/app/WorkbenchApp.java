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
        boolean ownToolkit = FxPlatform.start(screenshotDir != null);
        try {
            return screenshotDir != null ? screenshots(store, screenshotDir) : window(store);
        } finally {
            if (ownToolkit) {
                Platform.exit();
            }
        }
    }

    private static int screenshots(RunStore store, Path dir) {
        AppContext context = FxPlatform.call(() -> AppContext.forScreenshots(store));
        try {
            List<Path> files = ViewScreenshots.write(context, dir);
            files.forEach(f -> System.err.println("wrote " + f));
            return 0;
        } finally {
            context.close();
        }
    }

    private static int window(RunStore store) {
        CountDownLatch closed = new CountDownLatch(1);
        AppContext context = FxPlatform.call(() -> {
            AppContext c = AppContext.open(store);
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
