package org.cmpnas.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cmpnas.engine.bench.Benchmarks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cmpnas bench}: the engine's throughput on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Training and embedding images/s of the presets, exact top-10 search queries/s (10,000 × 60,000 × 128).")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--quick", description = "fewer repetitions: a rough figure in well under a minute")
    boolean quick;

    @Option(names = "--only", paramLabel = "PREFIX",
            description = "only the measurements whose names start with PREFIX, e.g. embed. or train.resnet-q")
    String only = "";

    @Option(names = "--ann-index", paramLabel = "INDEX",
            description = "the ann. rows on a gallery index's embeddings (every 20th row a held-out query) instead of synthetic rows")
    Path annIndex;

    @Override
    public Integer call() {
        List<Benchmarks.Result> results = new Benchmarks(quick, line -> {
            if (!global.json) {
                System.out.println(line);
            } else if (global.showProgress()) {
                System.err.println(line);
            }
        }).withAnnIndex(annIndex).run(name -> name.startsWith(only));
        if (global.json) {
            Output.json(results);
        }
        return 0;
    }
}
