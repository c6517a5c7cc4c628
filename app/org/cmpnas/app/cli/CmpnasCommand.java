package org.cmpnas.app.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobFailedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cmpnas} command: subcommands of docs/cli.md, one-line errors, exit codes. */
@Command(name = "cmpnas", mixinStandardHelpOptions = true, versionProvider = CmpnasCommand.Version.class,
        description = "CMP-NAS Workbench: compatibility-aware heterogeneous visual search.",
        subcommands = {GuiCommand.class, TrainCommand.class, EvaluateCommand.class, RunsCommand.class, CompatCommand.class, BenchCommand.class, ImportGalleryCommand.class, SupernetCommand.class, SearchCommand.class, ExportCommand.class, ReproduceCommand.class, IndexCommand.class, QueryCommand.class})
public final class CmpnasCommand implements Runnable {
    /** Exit code of a user error (bad option, file, run id). */
    public static final int USER_ERROR = 2;
    /** Exit code of a bug, an unexpected failure, or a job that failed (e.g. its loss diverged). */
    public static final int INTERNAL_ERROR = 1;
    /** Exit code of a job stopped by the user. */
    public static final int CANCELLED = 130;

    @Override
    public void run() {
        // No command: open the workbench.
        new CommandLine(new GuiCommand()).execute();
    }

    public static int run(String... args) {
        return commandLine().execute(args.length == 0 ? new String[] {"gui"} : args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CmpnasCommand());
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("cmpnas: " + e.getMessage() + " (see: cmpnas " + commandPath(e.getCommandLine()) + "--help)");
            return USER_ERROR;
        });
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            boolean debug = Arrays.asList(parsed.originalArgs().toArray(new String[0])).contains("--debug");
            if (debug) {
                e.printStackTrace(err);
            }
            if (e instanceof BadInputException) {
                err.println("cmpnas: " + e.getMessage());
                return USER_ERROR;
            }
            if (e instanceof JobFailedException) { // e.g. a diverged loss: the run is recorded as failed
                err.println("cmpnas: " + e.getMessage());
                return INTERNAL_ERROR;
            }
            if (e instanceof CancellationToken.CancelledException) {
                err.println("cmpnas: cancelled");
                return CANCELLED;
            }
            err.println("cmpnas: internal error: " + e + (debug ? "" : " (run again with --debug for the stack trace)"));
            return INTERNAL_ERROR;
        });
        return cli;
    }

    private static String commandPath(CommandLine line) {
        StringBuilder path = new StringBuilder();
        for (CommandLine c = line; c.getParent() != null; c = c.getParent()) {
            path.insert(0, c.getCommandName() + " ");
        }
        return path.toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CmpnasCommand.class.getPackage().getImplementationVersion();
            return new String[] {"cmpnas " + (v != null ? v : "dev")};
        }
    }
}
