package org.cmpnas.app.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cmpnas runs list|show|delete|restore}: the run history. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "The run history.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.ShowRun.class, RunsCommand.DeleteRun.class, RunsCommand.RestoreRun.class})
final class RunsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the runs of the store, newest first.")
    static final class ListRuns implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Override
        public Integer call() {
            RunStore store = global.store();
            List<RunListing> runs = store.list();
            if (global.json) {
                Output.json(runs.stream().map(r -> r.record().map(Object.class::cast)
                        .orElseGet(() -> java.util.Map.of("id", r.id(), "status", "damaged", "problem", r.problem()))).toList());
                return 0;
            }
            System.out.println(RunTable.render(runs));
            if (runs.isEmpty()) {
                System.err.println("no runs in " + store.root() + " (cmpnas train --arch resnet-q makes one)");
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one run's record.")
    static final class ShowRun implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "RUN", description = "run id or a unique prefix of it")
        String run;

        @Override
        public Integer call() {
            RunRecord record = global.store().load(run);
            if (global.json) {
                Output.json(record);
            } else {
                System.out.println(RunTable.describe(record));
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a run (soft: its folder is kept and hidden).")
    static final class DeleteRun implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "RUN", description = "run id or a unique prefix of it")
        String run;

        @Override
        public Integer call() {
            RunStore store = global.store();
            String id = store.resolve(run);
            store.delete(id);
            if (global.json) {
                Output.json(java.util.Map.of("deleted", id));
            } else {
                System.out.println("deleted " + id);
            }
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Bring back a deleted run.")
    static final class RestoreRun implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "RUN", description = "the deleted run's id or a unique prefix of it")
        String run;

        @Override
        public Integer call() {
            RunStore store = global.store();
            store.restore(run);
            String id = store.resolve(run);
            if (global.json) {
                Output.json(java.util.Map.of("restored", id));
            } else {
                System.out.println("restored " + id);
            }
            return 0;
        }
    }
}
