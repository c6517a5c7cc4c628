package org.cmpnas.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cmpnas.app.WorkbenchApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cmpnas gui}: opens the workbench window, or renders each view to PNG and exits. */
@Command(name = "gui", mixinStandardHelpOptions = true, description = "Open the workbench window.")
final class GuiCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Option(names = "--screenshot", paramLabel = "DIR", description = "render each main view to DIR/<view>.png and exit")
    Path screenshot;

    @Override
    public Integer call() {
        return WorkbenchApp.launch(global.store(), screenshot);
    }
}
