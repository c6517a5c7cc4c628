package org.cmpnas.app.cli;

import java.nio.file.Path;
import org.cmpnas.engine.store.RunStore;
import picocli.CommandLine.Option;

/** Options every command accepts (mixed in, so they may be given after the command's name). */
public final class GlobalOptions {
    @Option(names = "--store", paramLabel = "DIR", description = "run store folder (default: $CMPNAS_STORE or ~/.cmpnas/runs)")
    Path store;

    @Option(names = "--json", description = "machine-readable JSON on stdout, nothing else")
    boolean json;

    @Option(names = "--progress", description = "show progress on stderr even when it is not a terminal")
    boolean progress;

    @Option(names = "--debug", description = "print stack traces of errors")
    boolean debug;

    RunStore store() {
        return new RunStore(store != null ? store : RunStore.defaultRoot());
    }

    boolean showProgress() {
        return progress || System.console() != null;
    }
}
