package org.cmpnas.app;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import javafx.application.Platform;
import org.cmpnas.engine.BadInputException;

/**
 * Starting JavaFX from a plain main (the jar puts JavaFX on the class path, not the module path) and
 * running code on its thread from the caller's. Without a display, a headless toolkit (Monocle) is
 * used when it is on the class path, so screenshots work on a server.
 */
final class FxPlatform {
    private static final String MONOCLE = "com.sun.glass.ui.monocle.MonoclePlatformFactory";

    private FxPlatform() {
    }

    /**
     * Starts the toolkit once per JVM. Returns false if it was already running (e.g. started by a
     * test framework): the caller then must not shut it down.
     */
    /**
     * JavaFX warns on every start that it was loaded from the class path ("Unsupported JavaFX configuration"):
     * the workbench is one plain jar on purpose, so that line alone is dropped; every other JavaFX message
     * still shows. Held here: the logging system keeps loggers only weakly.
     */
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");

    static boolean start(boolean headlessAllowed) {
        JAVAFX_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // charts are drawn into images; no AWT windows
        }
        if (!hasDisplay() && System.getProperty("glass.platform") == null) {
            if (headlessAllowed && monocleAvailable()) {
                System.setProperty("glass.platform", "Monocle");
                System.setProperty("monocle.platform", "Headless");
                System.setProperty("prism.order", "sw");
            } else {
                throw new BadInputException("cannot open a window: no display (DISPLAY is not set); run it on a "
                        + "desktop, or under Xvfb: xvfb-run cmpnas gui"
                        + (headlessAllowed ? " (or put openjfx-monocle on the class path for headless screenshots)" : ""));
            }
        }
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException alreadyRunning) {
            return false;
        } catch (UnsupportedOperationException | Error e) {
            throw new BadInputException("cannot start JavaFX: " + e.getMessage(), e);
        }
        Platform.setImplicitExit(false); // the caller decides when the toolkit ends
        return true;
    }

    /** Runs {@code work} on the JavaFX thread and waits for its result. */
    static <T> T call(Callable<T> work) {
        if (Platform.isFxApplicationThread()) {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        FutureTask<T> task = new FutureTask<>(work);
        Platform.runLater(task);
        try {
            return task.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the JavaFX thread", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the JavaFX thread did not answer within 60 s", e);
        }
    }

    static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    private static boolean hasDisplay() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) {
            return true;
        }
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static boolean monocleAvailable() {
        try {
            Class.forName(MONOCLE, false, FxPlatform.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
