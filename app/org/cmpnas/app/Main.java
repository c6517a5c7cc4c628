package org.cmpnas.app;

import org.cmpnas.app.cli.CmpnasCommand;
import org.cmpnas.engine.NativeRuntime;

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
        // Before DJL loads libtorch: malloc keeps freed tensor memory, idle OpenMP threads sleep.
        NativeRuntime.prepare();
        System.exit(CmpnasCommand.run(args));
    }
}
