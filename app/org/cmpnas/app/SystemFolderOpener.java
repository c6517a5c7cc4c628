package org.cmpnas.app;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.application.Application;
import javafx.application.HostServices;
import javafx.stage.Stage;

/**
 * Shows a folder in the system's file manager. {@link Desktop#open} when AWT offers it, as it reports
 * failure; otherwise (the workbench runs AWT headless, see FxPlatform) on Linux {@code xdg-open}, whose
 * exit status says whether a file manager took the folder, and elsewhere JavaFX's {@link HostServices},
 * which cannot tell, so the Runs view shows the path as well. Call it off the UI thread.
 */
final class SystemFolderOpener implements Consumer<Path> {
    /** The workbench starts JavaFX without an {@code Application}; a bare one gives access to HostServices. */
    private static final class HostServicesOnly extends Application {
        @Override
        public void start(Stage stage) {
            throw new UnsupportedOperationException("never launched");
        }
    }

    private final HostServices hostServices = new HostServicesOnly().getHostServices();

    @Override
    public void accept(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder");
        }
        if (!GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                && Desktop.getDesktop().isSupported(Desktop.Action.OPEN)) {
            try {
                Desktop.getDesktop().open(folder.toFile());
                return;
            } catch (IOException e) {
                throw new UncheckedIOException("the desktop cannot open " + folder + ": " + e.getMessage(), e);
            }
        }
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            xdgOpen(folder);
            return;
        }
        hostServices.showDocument(folder.toUri().toString());
    }

    /** Throws unless xdg-open exits with 0 within a few seconds (it returns once the file manager has the folder). */
    private static void xdgOpen(Path folder) {
        try {
            Process p = new ProcessBuilder("xdg-open", folder.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() != 0) {
                throw new IllegalStateException("xdg-open found no file manager for folders (exit " + p.exitValue() + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("xdg-open is not installed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening " + folder, e);
        }
    }
}
