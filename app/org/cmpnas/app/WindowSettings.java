package org.cmpnas.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.cmpnas.views.shell.ViewId;

/**
 * What the window remembers between sessions (java.util.prefs): its size and place, the last view,
 * and the gallery model chosen for each store.
 */
final class WindowSettings {
    static final double MIN_WIDTH = 1024;
    static final double MIN_HEIGHT = 700;
    private static final double DEFAULT_WIDTH = 1280;
    private static final double DEFAULT_HEIGHT = 800;

    private final Preferences prefs;

    WindowSettings(Preferences prefs) {
        this.prefs = prefs;
    }

    /** The user's settings of this application. */
    static WindowSettings user() {
        return new WindowSettings(Preferences.userRoot().node("org/cmpnas/workbench"));
    }

    /** Settings that start empty and are removed when the JVM ends: for tests. */
    static WindowSettings throwaway() {
        return new WindowSettings(Preferences.userRoot().node("org/cmpnas/workbench-tmp-" + UUID.randomUUID()))
                .clearedOnExit();
    }

    private WindowSettings clearedOnExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                prefs.removeNode();
            } catch (BackingStoreException | IllegalStateException ignored) {
                // already gone
            }
        }));
        return this;
    }

    void apply(Stage stage) {
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        stage.setWidth(Math.max(MIN_WIDTH, prefs.getDouble("width", DEFAULT_WIDTH)));
        stage.setHeight(Math.max(MIN_HEIGHT, prefs.getDouble("height", DEFAULT_HEIGHT)));
        double x = prefs.getDouble("x", Double.NaN);
        double y = prefs.getDouble("y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y) && onSomeScreen(x, y)) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(prefs.getBoolean("maximized", false));
    }

    void save(Stage stage, ViewId view) {
        prefs.putBoolean("maximized", stage.isMaximized());
        if (!stage.isMaximized()) { // keep the restored size, not the screen's
            prefs.putDouble("width", stage.getWidth());
            prefs.putDouble("height", stage.getHeight());
            prefs.putDouble("x", stage.getX());
            prefs.putDouble("y", stage.getY());
        }
        prefs.put("view", view.id());
        flush();
    }

    /** Results per row of the retrieval demo, as last set (the demo's default when never set). */
    int demoResults(int otherwise) {
        return prefs.getInt("demoResults", otherwise);
    }

    void saveDemoResults(int k) {
        prefs.putInt("demoResults", k);
    }

    ViewId lastView() {
        return ViewId.byId(prefs.get("view", ViewId.MODELS.id())).orElse(ViewId.MODELS);
    }

    Optional<String> galleryRun(Path store) {
        return Optional.ofNullable(prefs.get(galleryKey(store), null));
    }

    void saveGalleryRun(Path store, String runId) {
        if (runId == null) {
            prefs.remove(galleryKey(store));
        } else {
            prefs.put(galleryKey(store), runId);
        }
        flush();
    }

    // Preference keys are limited to 80 characters: a store path is shortened to a stable digest.
    private static String galleryKey(Path store) {
        return "gallery." + UUID.nameUUIDFromBytes(store.toAbsolutePath().normalize().toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    private static boolean onSomeScreen(double x, double y) {
        return Screen.getScreens().stream().anyMatch(s -> s.getVisualBounds().contains(x + 40, y + 20));
    }

    private void flush() {
        try {
            prefs.flush();
        } catch (BackingStoreException e) {
            // preferences are a convenience; a read-only home folder must not stop the window
        }
    }
}
