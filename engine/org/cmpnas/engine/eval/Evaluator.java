package org.cmpnas.engine.eval;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;

/**
 * Test-protocol retrieval of one model's queries against another model's gallery (the same model on
 * both sides gives homogeneous search). Embeddings are cached per model, split, dataset and protocol;
 * the result is kept with the query run.
 */
public final class Evaluator {
    private final RunStore store;
    private final NDManager manager;
    /** The datasets read so far, by name and reading: a set of pairs reads each once. */
    private final Map<List<Object>, DataSplits> read = new HashMap<>();

    public Evaluator(RunStore store, NDManager manager) {
        this.store = store;
        this.manager = manager;
    }

    /** Evaluates on the dataset the models were trained on, read as the gallery model read it (its config's "data" and "images"). */
    public Evaluation evaluate(String queryRun, String galleryRun) {
        RunRecord query = store.load(queryRun);
        RunRecord gallery = store.load(galleryRun);
        RunRecord trainedOn = dataOf(query, gallery);
        DataSplits data = read.computeIfAbsent(Arrays.asList(trainedOn.data(), trainedOn.images()),
                key -> Datasets.load(trainedOn.data(), trainedOn.images()));
        return evaluate(query, gallery, data);
    }

    /**
     * The run whose dataset a pair is evaluated on: the gallery's, or the query's when the gallery has none (an
     * imported model). Refuses a pair trained on two different datasets: no query set is common to both.
     */
    public static RunRecord dataOf(RunRecord query, RunRecord gallery) {
        String queryData = query.provenance() == null ? null : query.provenance().datasetChecksum();
        String galleryData = gallery.provenance() == null ? null : gallery.provenance().datasetChecksum();
        if (queryData != null && galleryData != null && !queryData.equals(galleryData)) {
            throw new BadInputException("runs " + query.id() + " and " + gallery.id() + " were trained on different datasets ("
                    + query.provenance().datasetName() + ", " + gallery.provenance().datasetName() + "): no query set is common to both");
        }
        return galleryData != null ? gallery : query;
    }

    public Evaluation evaluate(String queryRun, String galleryRun, DataSplits data) {
        return evaluate(store.load(queryRun), store.load(galleryRun), data);
    }

    private Evaluation evaluate(RunRecord query, RunRecord gallery, DataSplits data) {
        requireFinished(query);
        requireFinished(gallery);
        Embeddings q = embeddings(query, "query", data.query(), data.checksum());
        Embeddings g = embeddings(gallery, "gallery", data.gallery(), data.checksum());
        if (q.dim() != g.dim()) {
            throw new BadInputException("run " + query.id() + " embeds into " + q.dim() + " dimensions but run "
                    + gallery.id() + " into " + g.dim() + ": they cannot be searched against each other");
        }
        RetrievalMetrics m = RetrievalMetrics.compute(q, data.query().labels(), g, data.gallery().labels(), manager);
        Evaluation e = new Evaluation(query.id(), gallery.id(), Provenance.PROTOCOL_VERSION, data.name(),
                m.top1(), m.top5(), m.mAP(), m.tarAtFar1e3(), m.tarAtFar1e4(), query.macs(), gallery.macs(),
                query.macs() > 0 ? (double) gallery.macs() / query.macs() : 0, m.queries(), m.gallery(), Instant.now());
        store.putEvaluation(e);
        return e;
    }

    private static void requireFinished(RunRecord r) {
        if (r.status() != RunStatus.finished) {
            throw new BadInputException("run " + r.id() + " is " + r.status() + ", not finished: it has no final model to evaluate");
        }
    }

    /** A model's embeddings of one split, from the cache when the model and data are unchanged. */
    public Embeddings embeddings(RunRecord run, String split, LabeledImages images, String datasetChecksum) {
        Path weights = store.dir(run.id()).resolve("weights");
        String key = cacheKey(ModelFiles.weightsFile(weights), datasetChecksum);
        // The images' content is part of the name: a slice of a split, or a folder read at another size, in colour or
        // grey (same dataset checksum) is another set of embeddings.
        Path file = store.dir(run.id()).resolve("cache").resolve(split + "-" + images.size() + "-p" + Provenance.EVALUATION_RULES_VERSION
                + "-" + key + "-" + images.contentHash().substring(0, 12) + ".emb");
        return EmbeddingFile.getOrCompute(file, () -> {
            try (NDManager scope = manager.newSubManager();
                 LoadedModel model = ModelFiles.open(weights, scope)) {
                return new Embedder(model, scope).embed(images);
            }
        });
    }

    private static String cacheKey(Path params, String datasetChecksum) {
        try (InputStream in = Files.newInputStream(params)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(datasetChecksum.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException("no trained model at " + params);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
