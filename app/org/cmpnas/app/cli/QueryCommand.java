package org.cmpnas.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cmpnas.engine.index.GalleryIndex;
import org.cmpnas.engine.index.IndexQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cmpnas query}: the top-k of a gallery index for images embedded by a query model. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Embeds each image with the query model and prints the gallery index's best rows for it: rank, score, row, path.")
final class QueryCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--index", paramLabel = "INDEX", required = true, description = "a gallery index made by cmpnas index")
    Path index;

    @Option(names = "--model", paramLabel = "RUN", required = true, description = "the run of the query model")
    String model;

    @Option(names = "-k", paramLabel = "K", description = "results per image (default: ${DEFAULT-VALUE})")
    int k = 10;

    @Option(names = "--ef", paramLabel = "N", description = "HNSW candidates explored per image; more is slower and closer to exact (default: ${DEFAULT-VALUE})")
    int ef = 100;

    @Option(names = "--exact", description = "search every row exactly instead of the HNSW graph")
    boolean exact;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "image files to search for")
    List<Path> images;

    @Override
    public Integer call() {
        GalleryIndex gallery = GalleryIndex.open(index);
        IndexQuery.compatibilityWarning(global.store(), gallery, model).ifPresent(System.err::println);
        List<IndexQuery.Answer> answers = IndexQuery.run(global.store(), gallery, model, images, k, ef, exact);
        if (global.json) {
            Output.json(answers);
            return 0;
        }
        for (IndexQuery.Answer a : answers) {
            System.out.println(a.image());
            for (int r = 0; r < a.hits().size(); r++) {
                IndexQuery.Hit h = a.hits().get(r);
                System.out.printf("  %2d  %.4f  %8d  %s%n", r + 1, h.score(), h.row(), h.path());
            }
        }
        return 0;
    }
}
