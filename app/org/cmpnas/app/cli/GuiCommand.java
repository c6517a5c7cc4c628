package org.cmpnas.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cmpnas.app.WorkbenchApp;
import org.cmpnas.engine.BadInputException;
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

    @Option(names = "--size", paramLabel = "WIDTHxHEIGHT", description = "the window's size for --screenshot (default: ${DEFAULT-VALUE})",
            defaultValue = "1280x800")
    String size;

    @Option(names = "--index", paramLabel = "INDEX", description = "a gallery index (cmpnas index) the retrieval demo searches too")
    Path index;

    @Override
    public Integer call() {
        String[] wh = size.trim().split("x");
        if (wh.length != 2 || !wh[0].matches("\\d{3,4}") || !wh[1].matches("\\d{3,4}")) {
            throw new BadInputException("--size " + size + " is not WIDTHxHEIGHT in pixels, e.g. 1024x700");
        }
        return WorkbenchApp.launch(global.store(), screenshot, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), index);
    }
}
