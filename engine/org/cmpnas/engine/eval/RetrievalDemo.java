package org.cmpnas.engine.eval;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.data.DataSplits;
import org.cmpnas.engine.data.ImageFolderOptions;
import org.cmpnas.engine.data.ImageFolderReader;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.LoadedModel;
import org.cmpnas.engine.model.ModelFiles;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;

/**
 * The retrieval demo for one query model Q and one gallery model G on the test protocol's query set
 * and gallery: answers a query with three top-k lists side by side, M(Q,Q), M(Q,G) and M(G,G).
 *
 * <p>Opening embeds the query set and the gallery with both models once (through the run folders'
 * embedding cache, so only the first opening of a model pays); after that a query of the query set is
 * a dot product against each gallery in plain Java, with no model call, fast enough to browse by
 * holding an arrow key. An outside image is embedded by both models, which needs the engine: call
 * {@link #embed} and {@link #close} from a background thread, never the UI thread. The other methods
 * only read arrays and may be called from any thread.
 */
public final class RetrievalDemo implements AutoCloseable {
    private static final int STAGES = 6;

    private final RunRecord queryRun;
    private final RunRecord galleryRun;
    private final DataSplits data;
    private final NDManager manager;
    private final LoadedModel queryModel;
    private final LoadedModel galleryModel;
    /** Embeddings of [query set, gallery] by Q and by G. */
    private final Embeddings qQuery;
    private final Embeddings qGallery;
    private final Embeddings gQuery;
    private final Embeddings gGallery;
    /** A further gallery searched beside the test gallery (a gallery index), or null. */
    private volatile ExtraGallery extra;

    /** A gallery searched with the query model's embedding beside the three rows, e.g. a gallery index. */
    public interface ExtraGallery extends AutoCloseable {
        /** Its row for a query. */
        DemoRow search(DemoQuery query, int k);

        /** E.g. "catalogue.index (1,000,000 images)". */
        String describe();

        @Override
        void close();
    }

    private RetrievalDemo(RunRecord queryRun, RunRecord galleryRun, DataSplits data, NDManager manager,
                          LoadedModel queryModel, LoadedModel galleryModel,
                          Embeddings qQuery, Embeddings qGallery, Embeddings gQuery, Embeddings gGallery) {
        this.queryRun = queryRun;
        this.galleryRun = galleryRun;
        this.data = data;
        this.manager = manager;
        this.queryModel = queryModel;
        this.galleryModel = galleryModel;
        this.qQuery = qQuery;
        this.qGallery = qGallery;
        this.gQuery = gQuery;
        this.gGallery = gGallery;
    }

    /**
     * Loads both models and the embeddings of the test query set and gallery.
     *
     * @param datasets turns a run into the splits it was trained on (its {@code data}, read as its {@code images} say): the
     *                 gallery's, or the query's when the gallery is an imported model
     * @param listener hears one progress step per stage (reading data, loading models, four embeddings)
     * @param token    checked between stages; a cancelled opening releases what it loaded
     */
    public static RetrievalDemo open(RunStore store, String queryRunId, String galleryRunId,
                                     Function<RunRecord, DataSplits> datasets, JobListener listener, CancellationToken token) {
        RunRecord query = finished(store, queryRunId);
        RunRecord gallery = finished(store, galleryRunId);
        RunRecord trainedOn = Evaluator.dataOf(query, gallery); // refuses two datasets
        listener.progress(0, STAGES, "reading " + trainedOn.data());
        DataSplits data = datasets.apply(trainedOn);
        token.check();

        listener.progress(1, STAGES, "loading " + query.name() + " and " + gallery.name());
        NDManager manager = NDManager.newBaseManager();
        LoadedModel q = null;
        LoadedModel g = null;
        try {
            q = ModelFiles.open(store.dir(query.id()).resolve("weights"), manager);
            g = ModelFiles.open(store.dir(gallery.id()).resolve("weights"), manager);
            token.check();
            Evaluator evaluator = new Evaluator(store, manager);
            Embeddings[] e = new Embeddings[4];
            int stage = 2;
            for (int i = 0; i < 4; i++) {
                RunRecord run = i < 2 ? query : gallery;
                boolean querySet = i % 2 == 0;
                LabeledImages images = querySet ? data.query() : data.gallery();
                listener.progress(stage++, STAGES, String.format(Locale.ROOT, "embedding the %s (%,d images) with %s",
                        querySet ? "query set" : "gallery", images.size(), run.name()));
                e[i] = evaluator.embeddings(run, querySet ? "query" : "gallery", images, data.checksum());
                if (e[i].count() != images.size()) {
                    throw new IllegalStateException("cached embeddings of run " + run.id() + " hold " + e[i].count()
                            + " images, the " + (querySet ? "query set" : "gallery") + " has " + images.size());
                }
                token.check();
            }
            if (e[0].dim() != e[3].dim()) {
                throw new BadInputException("run " + query.name() + " embeds into " + e[0].dim() + " dimensions but run "
                        + gallery.name() + " into " + e[3].dim() + ": they cannot be searched against each other");
            }
            listener.progress(STAGES, STAGES, "ready");
            return new RetrievalDemo(query, gallery, data, manager, q, g, e[0], e[1], e[2], e[3]);
        } catch (RuntimeException | Error e) {
            closeAll(q, g, manager);
            throw e;
        }
    }

    private static RunRecord finished(RunStore store, String id) {
        RunRecord r = store.load(id);
        if (r.status() != RunStatus.finished) {
            throw new BadInputException("run " + r.name() + " is " + r.status() + ", not finished: it has no final model");
        }
        return r;
    }

    public RunRecord queryRun() {
        return queryRun;
    }

    public RunRecord galleryRun() {
        return galleryRun;
    }

    /** The test query set (docs/protocol.md: every tenth test image). */
    public LabeledImages queries() {
        return data.query();
    }

    /** The test gallery (the other test images). */
    public LabeledImages gallery() {
        return data.gallery();
    }

    public List<String> classNames() {
        return data.classNames();
    }

    public String datasetName() {
        return data.name();
    }

    /** Query {@code index} of the test query set, as both models embedded it. No model call. */
    public DemoQuery query(int index) {
        LabeledImages q = data.query();
        Objects.checkIndex(index, q.size());
        byte[] pixels = new byte[q.imageSize()];
        System.arraycopy(q.pixels(), q.offsetOf(index), pixels, 0, pixels.length);
        return new DemoQuery(index, q.label(index), null, pixels, q.channels(), q.rows(), q.cols(), qQuery.row(index), gQuery.row(index));
    }

    /**
     * An outside image file as a query: decoded as the dataset's images are (their channels, resized to
     * cover their size and centre-cropped) and embedded by both models. Engine work: not on the UI thread.
     */
    public DemoQuery embed(Path imageFile) {
        LabeledImages q = data.query();
        byte[] pixels = ImageFolderReader.readImage(imageFile,
                new ImageFolderOptions(q.rows(), q.cols(), ImageFolderOptions.Fit.crop, q.channels() == 1, q.normalization()), q.channels());
        return embed(pixels, imageFile.getFileName() == null ? imageFile.toString() : imageFile.getFileName().toString());
    }

    /** Planar pixels of the dataset's shape as a query. Engine work: not on the UI thread. */
    public synchronized DemoQuery embed(byte[] pixels, String source) {
        LabeledImages q = data.query();
        if (pixels.length != q.imageSize()) {
            throw new IllegalArgumentException("a query image needs " + q.imageSize() + " pixels, got " + pixels.length);
        }
        LabeledImages one = new LabeledImages(pixels, new int[] {0}, q.channels(), q.rows(), q.cols(), q.classNames(), q.normalization());
        float[] byQ;
        float[] byG;
        try (NDManager scope = manager.newSubManager()) {
            byQ = new Embedder(queryModel, scope).embed(one).row(0);
            byG = new Embedder(galleryModel, scope).embed(one).row(0);
        }
        return new DemoQuery(-1, -1, source, pixels.clone(), q.channels(), q.rows(), q.cols(), byQ, byG);
    }

    /** The three top-k lists of a query, M(Q,Q), M(Q,G), M(G,G), and the attached gallery's. Plain Java, no model call. */
    public List<DemoRow> search(DemoQuery query, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        int[] labels = data.gallery().labels();
        List<DemoRow> rows = new ArrayList<>(3);
        rows.add(new DemoRow(DemoSearch.QUERY_ALONE, queryRun.name(), queryRun.name(), queryRun.macs(),
                topK(query.byQueryModel(), qGallery, labels, query.label(), k)));
        rows.add(new DemoRow(DemoSearch.CROSS_MODEL, queryRun.name(), galleryRun.name(), queryRun.macs(),
                topK(query.byQueryModel(), gGallery, labels, query.label(), k)));
        rows.add(new DemoRow(DemoSearch.PARAGON, galleryRun.name(), galleryRun.name(), galleryRun.macs(),
                topK(query.byGalleryModel(), gGallery, labels, query.label(), k)));
        ExtraGallery more = extra;
        if (more != null) {
            rows.add(more.search(query, k));
        }
        return rows;
    }

    /** Searches {@code gallery} too, as a fourth row (replacing one searched before); null stops. Not on the UI thread. */
    public synchronized void attach(ExtraGallery gallery) {
        ExtraGallery old = extra;
        extra = gallery;
        if (old != null) {
            old.close();
        }
    }

    /** The further gallery searched, if any. */
    public java.util.Optional<ExtraGallery> attached() {
        return java.util.Optional.ofNullable(extra);
    }

    /**
     * The k gallery items most similar to {@code q}, best first, ties to the lower index (docs/protocol.md).
     * Each similarity is summed in double and rounded once, so it does not depend on summation tricks.
     */
    static List<DemoHit> topK(float[] q, Embeddings gallery, int[] labels, int queryLabel, int k) {
        int n = gallery.count();
        int dim = gallery.dim();
        float[] g = gallery.data();
        int keep = Math.min(k, n);
        int[] best = new int[keep];
        float[] scores = new float[keep];
        int size = 0;
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int d = 0, off = j * dim; d < dim; d++) {
                sum += (double) q[d] * g[off + d];
            }
            float s = (float) sum;
            if (size < keep || s > scores[size - 1]) { // equal to the last kept: the lower index stays
                int pos = size < keep ? size++ : size - 1;
                while (pos > 0 && scores[pos - 1] < s) {
                    scores[pos] = scores[pos - 1];
                    best[pos] = best[pos - 1];
                    pos--;
                }
                scores[pos] = s;
                best[pos] = j;
            }
        }
        List<DemoHit> hits = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int label = labels[best[i]];
            hits.add(new DemoHit(best[i], label, scores[i], queryLabel < 0 ? null : label == queryLabel));
        }
        return hits;
    }

    /** Releases both models. Engine work: not on the UI thread. */
    @Override
    public synchronized void close() {
        attach(null);
        closeAll(queryModel, galleryModel, manager);
    }

    private static void closeAll(LoadedModel q, LoadedModel g, NDManager manager) {
        try {
            if (q != null) {
                q.close();
            }
        } finally {
            try {
                if (g != null) {
                    g.close();
                }
            } finally {
                manager.close();
            }
        }
    }
}
