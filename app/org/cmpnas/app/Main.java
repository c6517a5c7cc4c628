package org.cmpnas.app;

import org.cmpnas.app.cli.CmpnasCommand;
import org.cmpnas.engine.NativeHeap;

/**
 * Entry point of the jar, the launcher script and {@code mvn javafx:run}. A plain main (not a JavaFX
 * Application) so that the command line works on servers without a display.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Before any DJL class loads: the engine must never try to download anything.
        System.setProperty("ai.djl.offline", "true");
        // Before the first tensor: libtorch's freed memory is reused, not returned to the kernel per batch.
        NativeHeap.retainFreedMemory();
        System.exit(CmpnasCommand.run(args));
    }
}
