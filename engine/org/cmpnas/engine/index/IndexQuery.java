package org.cmpnas.engine.index;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.eval.Embedder;
import org.cmpnas.engine.eval.Embeddings;
import org.cmpnas.engine.eval.TopKSearch;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;

/**
 * {@code cmpnas query}: a query model embeds image files, read as its training data was, and a gallery index
 * answers each with its top-k rows (HNSW, or exact with {@code exact}). Answers even when the query model is
 * not known to be compatible with the index's gallery model, and says so.
 */
public final class IndexQuery {

    /** One answer row: the index row, its stored path, the file it points to, and the dot product. */
    public record Hit(int row, String path, Path file, float score) {
    }

    /** The hits of one query image, best first. */
    public record Answer(Path image, List<Hit> hits) {
    }

    private IndexQuery() {
    }

    /** Queries of {@code images} by the model of {@code queryRun}; {@code ef} is the HNSW candidates per query. */
    public static List<Answer> run(RunStore store, GalleryIndex index, String queryRun, List<Path> images, int k, int ef, boolean exact) {
        if (k < 1) {
            throw new BadInputException("-k must be at least 1, got " + k);
        }
        if (images.isEmpty()) {
            throw new BadInputException("no query images given");
        }
        RunRecord query = store.load(queryRun);
        if (query.kind() == RunKind.supernet || query.kind() == RunKind.search
                || query.status() != RunStatus.finished) {
            throw new BadInputException("run " + query.id() + " is a " + query.status() + " " + query.kind()
                    + " run, not a finished model (--model takes a trained, exported or imported model)");
        }
        Path weights = store.dir(query.id()).resolve("weights");
        Embeddings embedded;
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel model = ModelFiles.open(weights, manager)) {
            IndexReading reading = IndexReading.of(model.input(), model.normalization(), query.images());
            List<byte[]> pixels = new ArrayList<>();
            for (Path image : images) {
                pixels.add(reading.read(image));
            }
            embedded = new Embedder(model, manager).embed(reading.images(pixels));
        }
        if (embedded.dim() != index.manifest().dim()) {
            throw new BadInputException("query model " + query.id() + " embeds in " + embedded.dim() + " dimensions but gallery index "
                    + index.dir() + " holds " + index.manifest().dim() + "-d embeddings");
        }
        TopKSearch.Result result;
        if (exact) {
            result = index.exactSearch(embedded, k);
        } else {
            try (HnswIndex hnsw = HnswIndex.open(index)) {
                result = hnsw.search(embedded, k, ef, 1);
            }
        }
        List<Answer> answers = new ArrayList<>();
        for (int q = 0; q < images.size(); q++) {
            int[] rows = new int[k];
            for (int r = 0; r < k; r++) {
                rows[r] = result.index(q, r);
            }
            List<String> paths = index.paths(rows);
            List<Hit> hits = new ArrayList<>();
            for (int r = 0; r < k && rows[r] >= 0; r++) {
                hits.add(new Hit(rows[r], paths.get(r), index.file(paths.get(r)), result.score(q, r)));
            }
            answers.add(new Answer(images.get(q), hits));
        }
        return answers;
    }

    /**
     * One line when the store does not know the query model to be compatible with the index's gallery model:
     * never evaluated against it, or its M(Q,G) mAP below its M(Q,Q) (the criterion of compatibility).
     */
    public static Optional<String> compatibilityWarning(RunStore store, GalleryIndex index, String queryRun) {
        String q = store.resolve(queryRun);
        String g = index.manifest().galleryRun();
        if (q.equals(g)) {
            return Optional.empty();
        }
        // the newest comparable result for each gallery (evaluations of every protocol version stand side by side)
        List<Evaluation> evaluations = store.evaluations(q).stream().filter(e -> Provenance.comparable(e.protocol()))
                .sorted(Comparator.comparingInt(Evaluation::protocol).reversed()).toList();
        Optional<Evaluation> cross = evaluations.stream().filter(e -> e.gallery().equals(g)).findFirst();
        Optional<Evaluation> self = evaluations.stream().filter(Evaluation::homogeneous).findFirst();
        if (cross.isEmpty()) {
            return Optional.of("warning: query model " + q + " was never evaluated against the index's gallery model " + g
                    + ", so it is not compatible as far as the store knows (cmpnas evaluate --query " + q + " --gallery " + g + ")");
        }
        if (self.isPresent() && cross.get().mAP() < self.get().mAP()) {
            return Optional.of(String.format("warning: query model %s is not compatible with gallery model %s as far as the store knows:"
                    + " M(Q,G) mAP %.2f is below its M(Q,Q) %.2f", q, g, cross.get().mAP(), self.get().mAP()));
        }
        return Optional.empty();
    }
}
