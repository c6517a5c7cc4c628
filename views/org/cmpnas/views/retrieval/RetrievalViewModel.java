package org.cmpnas.views.retrieval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.eval.DemoQuery;
import org.cmpnas.engine.eval.DemoRow;
import org.cmpnas.engine.eval.DemoSearch;
import org.cmpnas.engine.eval.RetrievalDemo;
import org.cmpnas.engine.index.IndexDemoGallery;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.store.Evaluation;
import org.cmpnas.engine.store.Provenance;
import org.cmpnas.engine.store.RunKind;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStatus;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.views.common.AppState;
import org.cmpnas.views.common.BackgroundLane;
import org.cmpnas.views.common.Formats;
import org.cmpnas.views.common.GalleryModel;
import org.cmpnas.views.common.JobOutcomes;
import org.cmpnas.views.common.RunCatalog;

/**
 * The retrieval demo: a query (from the test query set, or an outside image) searched three ways,
 * M(Q,Q), M(Q,G) and M(G,G), with the top-k of each. The gallery model G is the app-wide one; the
 * query model Q is the app state's demo query run or, by default, the best model evaluated
 * against G. Opening a pair of models runs on the demo worker (it may embed a gallery, seconds);
 * stepping through the query set is then a plain-Java search on the UI thread, fast enough to hold
 * an arrow key. The demo opens only while its view is shown ({@link #setActive}).
 */
public final class RetrievalViewModel {
    public static final int MAX_K = 10;
    public static final int DEFAULT_K = 5;
    private static final List<RunKind> MODEL_KINDS = List.of(RunKind.gallery, RunKind.query, RunKind.imported);

    /** What the pane shows. */
    public enum Phase { NO_GALLERY, NO_QUERY_MODEL, LOADING, READY, FAILED }

    /** One shown query and its three rows. */
    public record Shown(DemoQuery query, List<DemoRow> rows) {
    }

    private final AppState state;
    private final RunCatalog catalog;
    private final BackgroundLane io;
    private final BackgroundLane worker;
    private final DemoLoader loader;

    private final ObservableList<QueryModelChoice> choices = FXCollections.observableArrayList();
    private final ObservableList<QueryModelChoice> readOnlyChoices = FXCollections.unmodifiableObservableList(choices);
    private final ObjectProperty<QueryModelChoice> selected = new SimpleObjectProperty<>(this, "selected");
    private final IntegerProperty k = new SimpleIntegerProperty(this, "k", DEFAULT_K);
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.NO_GALLERY);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyObjectWrapper<Shown> shown = new ReadOnlyObjectWrapper<>(this, "shown");
    private final ReadOnlyStringWrapper indexName = new ReadOnlyStringWrapper(this, "indexName");
    private Path indexFolder;            // the gallery index searched as a fourth row, kept when the models change

    private boolean active;
    private boolean readingChoices;
    private boolean applyingChoices;
    private long choicesRequest;
    private boolean embeddingOutside;
    private RetrievalDemo demo;          // open, for the pair sessionKey
    private String sessionKey;
    private String loadingKey;           // being opened on the worker
    private String failedKey;            // last failed pair: not retried until the store is read again
    private CancellationToken loadingToken;
    private long generation;             // a reply for an older pair is dropped
    private DemoQuery current;
    private int queryIndex;

    public RetrievalViewModel(AppState state, RunCatalog catalog, BackgroundLane io, BackgroundLane worker, DemoLoader loader) {
        this.state = state;
        this.catalog = catalog;
        this.io = io;
        this.worker = worker;
        this.loader = loader;
        catalog.runs().addListener((ListChangeListener<Object>) c -> readChoices());
        state.galleryModelProperty().addListener((obs, old, now) -> readChoices());
        state.demoQueryRunProperty().addListener((obs, old, now) -> {
            if (now != null) {
                findChoice(now).ifPresent(selected::set);
            }
        });
        selected.addListener((obs, old, now) -> {
            if (applyingChoices) {
                return; // a new list (a combo box may clear its value meanwhile); reconciled once it is in
            }
            if (now != null) { // a choice made here, not the default: other views see it
                state.demoQueryRunProperty().set(now.runId());
            }
            reconcile();
        });
        k.addListener((obs, old, now) -> {
            int clamped = Math.max(1, Math.min(MAX_K, now.intValue()));
            if (clamped != now.intValue()) {
                k.set(clamped);
                return;
            }
            research();
        });
        readChoices();
    }

    // ---------------------------------------------------------------- state for the view

    /** Finished models that can embed queries (the gallery model itself excluded), cheapest first. */
    public ObservableList<QueryModelChoice> choices() {
        return readOnlyChoices;
    }

    public ObjectProperty<QueryModelChoice> selectedProperty() {
        return selected;
    }

    /** Results per search, 1 … {@link #MAX_K}. */
    public IntegerProperty kProperty() {
        return k;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** What the pane says when it shows no results: why, and what to do. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Opening progress 0…1 while {@link Phase#LOADING}; -1 when unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** A problem with the last outside image (unreadable file), or null. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** True while the store is read, a demo opens or an outside image is embedded. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The gallery index searched beside the test gallery, e.g. "catalogue.index (1,000,000 images)", or null. */
    public ReadOnlyStringProperty indexNameProperty() {
        return indexName.getReadOnlyProperty();
    }

    /** The query and its three rows, or null when not {@link Phase#READY}. */
    public ReadOnlyObjectProperty<Shown> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public GalleryModel galleryModel() {
        return state.galleryModel();
    }

    /** The open demo's gallery images (for drawing the results), or null. */
    public LabeledImages galleryImages() {
        return demo == null ? null : demo.gallery();
    }

    public String className(int label) {
        List<String> names = demo == null ? List.of() : demo.classNames();
        return label >= 0 && label < names.size() ? names.get(label) : "class " + label;
    }

    /** Under the query image: its class, or the file name of an outside image. */
    public String queryCaption() {
        DemoQuery q = current;
        return q == null ? "" : q.isOutside() ? q.source() : className(q.label());
    }

    /** E.g. "Query 18 of 1,000" or "Your image · class unknown". */
    public String queryPosition() {
        DemoQuery q = current;
        if (q == null || demo == null) {
            return "";
        }
        return q.isOutside() ? "Your image · class unknown"
                : "Query " + Formats.integer(q.index() + 1L) + " of " + Formats.integer(demo.queries().size());
    }

    /** E.g. "Q alone: M(Q,Q) · 2.37M MACs". */
    public String rowTitle(DemoRow row) {
        return row.search().title() + ": " + row.search().notation() + " · " + Formats.count(row.queryMacs()) + " MACs";
    }

    /** The row's test mAP when the store has it, and for M(Q,G) how much cheaper its queries are than the paragon's. */
    public String rowDetail(DemoRow row) {
        QueryModelChoice q = selected.get();
        List<String> parts = new ArrayList<>();
        Double map = switch (row.search()) {
            case QUERY_ALONE -> q == null ? null : q.mapAlone();
            case CROSS_MODEL -> q == null ? null : q.mapAgainstGallery();
            case PARAGON -> galleryModel() == null ? null
                    : catalog.homogeneousEvaluation(galleryModel().runId()).map(Evaluation::mAP).orElse(null);
            case INDEX -> null; // an index has no classes: no mAP
        };
        if (row.search() == DemoSearch.INDEX && indexName.get() != null) {
            parts.add(indexName.get() + ", HNSW");
        }
        if (map != null) {
            parts.add("test mAP " + Formats.percent(map) + " %");
        }
        if ((row.search() == DemoSearch.CROSS_MODEL || row.search() == DemoSearch.INDEX) && galleryModel() != null && row.queryMacs() > 0) {
            parts.add(String.format(Locale.ROOT, "%.0f× cheaper", (double) galleryModel().macs() / row.queryMacs()));
        }
        return String.join(" · ", parts);
    }

    /** Which model embeds the queries and which the gallery, e.g. "resnet-q bct queries, resnet-g gallery". */
    public String rowModels(DemoRow row) {
        return row.queryModel().equals(row.galleryModel()) ? row.queryModel() + " on both sides"
                : row.queryModel() + " embeds the query, " + row.galleryModel() + " the gallery";
    }

    /** E.g. "4 of 5 right"; empty when the query's class is unknown. */
    public String rowScore(DemoRow row) {
        DemoQuery q = current;
        return q == null || q.isOutside() || row.search() == DemoSearch.INDEX ? "" : row.sameClassCount() + " of " + row.hits().size() + " right";
    }

    // ---------------------------------------------------------------- actions

    /** The demo opens models only while its view is shown; switching away keeps what is open. */
    public void setActive(boolean shownNow) {
        active = shownNow;
        if (shownNow) {
            reconcile();
        }
    }

    public void next() {
        step(1);
    }

    public void previous() {
        step(-1);
    }

    /** Moves through the query set by {@code delta}, clamped to its ends; from an outside image, back to the set. */
    public void step(int delta) {
        if (demo == null) {
            return;
        }
        int target = current != null && current.isOutside() ? queryIndex : queryIndex + delta;
        showQuery(target);
    }

    public void first() {
        showQuery(0);
    }

    public void last() {
        if (demo != null) {
            showQuery(demo.queries().size() - 1);
        }
    }

    /** Shows query {@code index} of the test query set (clamped); no model call. */
    public void showQuery(int index) {
        if (demo == null) {
            return;
        }
        queryIndex = Math.max(0, Math.min(demo.queries().size() - 1, index));
        current = demo.query(queryIndex);
        notice.set(null);
        research();
    }

    /** Searches with an outside image file: decoded and embedded by both models on the demo worker. */
    public void openImage(Path file) {
        if (demo == null) {
            notice.set("The demo is not ready yet: open an image once the results are shown.");
            return;
        }
        RetrievalDemo target = demo;
        embeddingOutside = true;
        updateBusy();
        worker.run(listener -> target.embed(file), BackgroundLane.Progress.NONE, query -> {
            embeddingOutside = false;
            updateBusy();
            if (demo == target) {
                current = query;
                notice.set(null);
                research();
            }
        }, error -> {
            embeddingOutside = false;
            updateBusy();
            notice.set(JobOutcomes.describeFailure(error));
        });
    }

    /**
     * Searches the gallery index in {@code folder} too, as a fourth row: opened on the demo worker (now, or when the
     * demo is open), refused in the notice when it is not a complete index of the current gallery model. Kept when
     * the query model changes.
     */
    public void openIndex(Path folder) {
        indexFolder = folder;
        if (demo != null) {
            attachIndex(demo, folder);
        }
    }

    private void attachIndex(RetrievalDemo target, Path folder) {
        worker.run(listener -> {
            IndexDemoGallery gallery = IndexDemoGallery.open(folder, target);
            target.attach(gallery);
            return gallery.describe();
        }, BackgroundLane.Progress.NONE, described -> {
            if (demo == target) {
                indexName.set(described);
                notice.set(null);
                research();
            }
        }, error -> {
            if (demo == target) {
                indexFolder = null;
                indexName.set(null);
                notice.set(JobOutcomes.describeFailure(error));
            }
        });
    }

    /** Stops searching the gallery index. */
    public void closeIndex() {
        indexFolder = null;
        indexName.set(null);
        RetrievalDemo target = demo;
        if (target != null) {
            worker.run(listener -> {
                target.attach(null);
                return target;
            }, BackgroundLane.Progress.NONE, closed -> research(), error -> { });
        }
    }

    /** Releases the models (on the worker); for closing the window. */
    public void dispose() {
        generation++;
        if (loadingToken != null) {
            loadingToken.cancel();
        }
        release();
    }

    // ---------------------------------------------------------------- internals

    /** Reads which runs can embed queries and their results against the gallery model, off the UI thread. */
    private void readChoices() {
        long request = ++choicesRequest;
        failedKey = null; // reading the store again (F5, a finished job) also retries a failed opening
        GalleryModel gallery = state.galleryModel();
        List<RunRecord> candidates = catalog.runs().stream().map(RunListing::record).flatMap(Optional::stream)
                .filter(r -> r.status() == RunStatus.finished && MODEL_KINDS.contains(r.kind()))
                .filter(r -> gallery == null || !r.id().equals(gallery.runId()))
                .toList();
        Map<String, Double> alone = new HashMap<>(); // read here: the catalog belongs to the UI thread
        candidates.forEach(r -> catalog.homogeneousEvaluation(r.id()).ifPresent(e -> alone.put(r.id(), e.mAP())));
        if (gallery == null || candidates.isEmpty()) {
            applyChoices(request, candidates.stream().map(r -> choice(r, alone, null)).toList());
            return;
        }
        RunStore store = state.store();
        readingChoices = true;
        updateBusy();
        io.run(() -> {
            List<QueryModelChoice> read = new ArrayList<>();
            for (RunRecord r : candidates) {
                Double map = null;
                try {
                    map = store.evaluations(r.id()).stream()
                            .filter(e -> e.gallery().equals(gallery.runId()) && Provenance.comparable(e.protocol()))
                            .map(Evaluation::mAP).findFirst().orElse(null);
                } catch (RuntimeException e) {
                    // an unreadable results file: the model is offered without its result
                }
                read.add(choice(r, alone, map));
            }
            return read;
        }, (List<QueryModelChoice> read) -> applyChoices(request, read), error -> applyChoices(request,
                candidates.stream().map(r -> choice(r, alone, null)).toList()));
    }

    private static QueryModelChoice choice(RunRecord r, Map<String, Double> alone, Double mapAgainstGallery) {
        return new QueryModelChoice(r.id(), r.name(), r.kind().wire(), r.macs(), alone.get(r.id()), mapAgainstGallery);
    }

    private void applyChoices(long request, List<QueryModelChoice> read) {
        if (request != choicesRequest) {
            return;
        }
        readingChoices = false;
        List<QueryModelChoice> sorted = read.stream()
                .sorted(Comparator.comparingLong(QueryModelChoice::macs).thenComparing(QueryModelChoice::name)).toList();
        // A model asked for (chosen here or by "open in retrieval demo") stays; otherwise the default, which
        // may change as the store learns more (an evaluation against the gallery model).
        QueryModelChoice pick = find(sorted, state.demoQueryRunProperty().get()).orElseGet(() -> defaultChoice(sorted));
        applyingChoices = true;
        try {
            choices.setAll(sorted); // a combo box showing the list may clear its value meanwhile
            selected.set(pick);
        } finally {
            applyingChoices = false;
        }
        updateBusy();
        reconcile();
    }

    /**
     * The query model that searches the gallery model's gallery best, M(Q, G) in mAP (the cheaper of equally good
     * ones): the demo opens on what compatibility achieves, not on the weakest model. Else the cheapest.
     */
    static QueryModelChoice defaultChoice(List<QueryModelChoice> sorted) {
        return sorted.stream().filter(c -> c.mapAgainstGallery() != null)
                .max(Comparator.comparing(QueryModelChoice::mapAgainstGallery)
                        .thenComparing(QueryModelChoice::macs, Comparator.reverseOrder()))
                .orElse(sorted.isEmpty() ? null : sorted.get(0));
    }

    private Optional<QueryModelChoice> findChoice(String runId) {
        return find(choices, runId);
    }

    private static Optional<QueryModelChoice> find(List<QueryModelChoice> list, String runId) {
        return runId == null ? Optional.empty() : list.stream().filter(c -> c.runId().equals(runId)).findFirst();
    }

    /** Brings the open demo in line with the chosen models. */
    private void reconcile() {
        GalleryModel gallery = state.galleryModel();
        QueryModelChoice query = selected.get();
        if (gallery == null) {
            abandon();
            setPhase(Phase.NO_GALLERY, "No gallery model chosen.\nPick one in Models: the demo searches its gallery.");
            return;
        }
        if (query == null) {
            abandon();
            setPhase(readingChoices ? Phase.LOADING : Phase.NO_QUERY_MODEL, readingChoices ? "Reading the store …"
                    : "No query model to compare.\nTrain a small model (e.g. resnet-q, compatible with "
                    + gallery.name() + " through --loss bct) in Jobs, or open a store that has one.");
            return;
        }
        String key = query.runId() + "|" + gallery.runId();
        if (key.equals(sessionKey)) {
            return;
        }
        if (key.equals(loadingKey) || key.equals(failedKey) && phase.get() == Phase.FAILED) {
            return;
        }
        abandon();
        setPhase(Phase.LOADING, "Preparing " + query.name() + " and " + gallery.name() + " …");
        if (active) {
            open(query, gallery, key);
        }
    }

    private void open(QueryModelChoice query, GalleryModel gallery, String key) {
        long request = ++generation;
        CancellationToken token = new CancellationToken();
        loadingToken = token;
        loadingKey = key;
        progress.set(0);
        updateBusy();
        RunStore store = state.store();
        worker.run(listener -> loader.open(store, query.runId(), gallery.runId(), listener, token),
                (done, total, status) -> {
                    if (request == generation) {
                        progress.set(total > 0 ? (double) done / total : -1);
                        message.set("Preparing " + query.name() + " and " + gallery.name() + ": " + status + " …");
                    }
                }, opened -> {
                    if (request != generation) {
                        closeLater(opened);
                        return;
                    }
                    loadingKey = null;
                    loadingToken = null;
                    demo = opened;
                    sessionKey = key;
                    updateBusy();
                    setPhase(Phase.READY, null);
                    showQuery(queryIndex);
                    if (indexFolder != null) {
                        attachIndex(opened, indexFolder); // the index goes on being searched with the new models
                    }
                }, error -> {
                    if (request != generation) {
                        return;
                    }
                    loadingKey = null;
                    loadingToken = null;
                    updateBusy();
                    if (JobOutcomes.isCancellation(error)) {
                        return;
                    }
                    failedKey = key;
                    setPhase(Phase.FAILED, "Cannot open the demo of " + query.name() + " against " + gallery.name()
                            + ":\n" + JobOutcomes.describeFailure(error));
                });
    }

    /** Stops an opening in progress and closes the open demo: the models changed. */
    private void abandon() {
        generation++;
        if (loadingToken != null) {
            loadingToken.cancel();
            loadingToken = null;
        }
        loadingKey = null;
        release();
        updateBusy();
    }

    private void release() {
        RetrievalDemo old = demo;
        demo = null;
        sessionKey = null;
        current = null;
        shown.set(null);
        if (old != null) {
            closeLater(old);
        }
    }

    private void closeLater(RetrievalDemo d) {
        worker.run(listener -> {
            d.close();
            return d;
        }, BackgroundLane.Progress.NONE, closed -> { }, error -> { });
    }

    private void research() {
        if (demo == null || current == null) {
            return;
        }
        shown.set(new Shown(current, demo.search(current, k.get())));
    }

    private void setPhase(Phase p, String text) {
        message.set(text);
        if (p != Phase.LOADING) {
            progress.set(-1);
        }
        phase.set(p);
    }

    private void updateBusy() {
        busy.set(readingChoices || loadingKey != null || embeddingOutside);
    }
}
