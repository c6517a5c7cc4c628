package org.cmpnas.app;

import java.nio.file.Path;
import org.cmpnas.engine.store.RunStore;

/** The JavaFX workbench (placeholder until the window lands). */
public final class WorkbenchApp {
    private WorkbenchApp() {
    }

    public static int launch(RunStore store, Path screenshotDir) {
        throw new UnsupportedOperationException("the window is not built yet");
    }
}
