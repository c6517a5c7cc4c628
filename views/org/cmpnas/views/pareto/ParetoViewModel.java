package org.cmpnas.views.pareto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import org.cmpnas.engine.pareto.PairExports;
import org.cmpnas.engine.pareto.ParetoData;
import org.cmpnas.engine.pareto.ParetoPoint;
import org.cmpnas.engine.pareto.PointKind;
import org.cmpnas.engine.pareto.RetrievalMetric;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.views.charts.ParetoChart;
import org.cmpnas.views.common.AppState;
import org.cmpnas.views.common.BackgroundLane;
import org.cmpnas.views.common.Fact;
import org.cmpnas.views.common.Formats;
import org.cmpnas.views.common.GalleryModel;
import org.cmpnas.views.common.JobOutcomes;
import org.cmpnas.views.common.RunCatalog;
import org.knowm.xchart.XYChart;

/**
 * The Pareto explorer: the test results measured against the chosen gallery model, for the chosen
 * metric, as the engine assembles them ({@link ParetoData}); the selected point and its details; and
 * the exports. For the gallery run of a pair-mode search it also says which of the query models
 * exported with it still lack an M(Q, G) result, with the command that measures it. Reassembled
 * whenever the store is read again (a job ended, a refresh), so the chart follows new results as they
 * are recorded.
 */
public final class ParetoViewModel {

    private final AppState state;
    private final RunCatalog catalog;
    private final BackgroundLane background;
    private final Runnable showDemo;
    private final ObjectProperty<RetrievalMetric> metric = new SimpleObjectProperty<>(this, "metric", RetrievalMetric.PRIMARY);
    private final DoubleProperty band = new SimpleDoubleProperty(this, "band", ParetoChart.DEFAULT_BAND);
    private final BooleanProperty zoomed = new SimpleBooleanProperty(this, "zoomed");
    private final ReadOnlyObjectWrapper<ParetoData> data = new ReadOnlyObjectWrapper<>(this, "data");
    private final ObjectProperty<ParetoPoint> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper(this, "emptyText", "");
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper(this, "headline", "");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final BooleanBinding canOpenInDemo;
    /** The pair of the chosen gallery model, also when nothing is evaluated against it yet (then data is null). */
    private PairExports pair;
    private final BooleanBinding canExport;

    /** @param showDemo brings the retrieval demo to the front (it shows {@link AppState#demoQueryRunProperty()}) */
    public ParetoViewModel(AppState state, RunCatalog catalog, BackgroundLane background, Runnable showDemo) {
        this.state = state;
        this.catalog = catalog;
        this.background = background;
        this.showDemo = showDemo;
        catalog.runs().addListener((ListChangeListener<RunListing>) c -> reload());
        catalog.problemProperty().addListener(o -> reload());
        catalog.loadingProperty().addListener(o -> reload());
        state.galleryModelProperty().addListener(o -> reload());
        metric.addListener((obs, old, now) -> {
            if (now == null) {
                metric.set(old == null ? RetrievalMetric.PRIMARY : old);
            } else {
                reload();
            }
        });
        band.addListener((obs, old, now) -> {
            if (!(now.doubleValue() >= 0) || now.doubleValue() > 100) { // NaN too
                band.set(old.doubleValue());
            } else {
                describe();
            }
        });
        zoomed.addListener(o -> {
            ParetoPoint p = selected.get();
            if (p != null && !plottedPoints().contains(p)) {
                selected.set(null); // no longer drawn
            }
            describe();
        });
        canOpenInDemo = selected.isNotNull();
        canExport = Bindings.createBooleanBinding(() -> data.get() != null, data);
        reload();
    }

    public ObjectProperty<RetrievalMetric> metricProperty() {
        return metric;
    }

    /** How far below the paragon, in points of the metric, a query model counts as "close": the band under its line. */
    public DoubleProperty bandProperty() {
        return band;
    }

    /** Zoomed to the paragon: the accuracy axis starts a little below it and points further down are left out (the note counts them). */
    public BooleanProperty zoomedProperty() {
        return zoomed;
    }

    /** What the chart shows; null when there is nothing to show ({@link #emptyTextProperty()} says why). */
    public ReadOnlyObjectProperty<ParetoData> dataProperty() {
        return data.getReadOnlyProperty();
    }

    /** The point clicked on, or null. Kept across reloads while the same model is still a point. */
    public ObjectProperty<ParetoPoint> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }

    /** The result in one sentence: the query model closest to the paragon, and how many lie within the band. */
    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    /** Which numbers these are: protocol, data, and what is deliberately not plotted. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** The outcome of the last export. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public BooleanBinding canOpenInDemoProperty() {
        return canOpenInDemo;
    }

    public BooleanBinding canExportProperty() {
        return canExport;
    }

    public void refresh() {
        catalog.refresh();
    }

    /** The chart at a size, or null when there is nothing to draw. */
    public XYChart chart(int width, int height) {
        ParetoData d = data.get();
        return d == null ? null : ParetoChart.build(d, band.get(), floor(), width, height);
    }

    /** The lowest accuracy drawn: the zoom's floor, or none. */
    private double floor() {
        ParetoData d = data.get();
        return d != null && zoomed.get() ? ParetoChart.zoomFloor(d, band.get()) : Double.NEGATIVE_INFINITY;
    }

    /** The points drawn on the chart (the ones hover and click can find). */
    public List<ParetoPoint> plottedPoints() {
        return ParetoChart.plotted(data.get(), floor());
    }

    /** Selects the point, or clears the selection with null. */
    public void select(ParetoPoint point) {
        selected.set(point);
    }

    /** Makes the selected query model the retrieval demo's and shows the demo. */
    public void openSelectedInDemo() {
        ParetoPoint p = selected.get();
        if (p == null) {
            return;
        }
        state.demoQueryRunProperty().set(p.queryId());
        showDemo.run();
    }

    /** What hovering over a point says, a few short lines. */
    public String describe(ParetoPoint p) {
        ParetoData d = data.get();
        String metricName = metric.get().label();
        StringBuilder s = new StringBuilder();
        s.append(p.name()).append("  ·  ").append(p.kind().label()).append('\n');
        s.append(p.arch()).append("  ·  ").append(Formats.count(p.macs())).append(" MACs");
        if (p.kind() != PointKind.PARAGON && Double.isFinite(p.costReduction())) {
            s.append("  ·  ").append(costAgainst(p.costReduction(), d == null ? "G" : d.gallery().name()));
        }
        s.append('\n');
        s.append(metricName).append(' ').append(Formats.percent(p.value()));
        if (!metric.get().equals(RetrievalMetric.MAP)) {
            s.append("  ·  mAP ").append(Formats.percent(p.evaluation().mAP()));
        }
        if (!metric.get().equals(RetrievalMetric.TOP1)) {
            s.append("  ·  top-1 ").append(Formats.percent(p.evaluation().top1()));
        }
        if (p.kind() != PointKind.PARAGON && Double.isFinite(p.gapToParagon())) {
            s.append("  ·  ").append(gap(p.gapToParagon()));
        }
        if (p.onFront()) {
            s.append("\non the Pareto front");
        }
        return s.toString();
    }

    /** The selected point's details, for the side pane; empty without a selection. */
    public List<Fact> details() {
        ParetoPoint p = selected.get();
        ParetoData d = data.get();
        if (p == null || d == null) {
            return List.of();
        }
        String m = metric.get().label();
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Measures", p.kind() == PointKind.HOMOGENEOUS ? "M(A, A): this model on its own gallery"
                : p.kind() == PointKind.PARAGON ? "M(G, G): the paragon" : "M(Q, G): its queries against " + d.gallery().name() + "'s gallery"));
        facts.add(new Fact("Run", p.queryId()));
        facts.add(new Fact("Architecture", p.arch()));
        facts.add(new Fact("Query MACs", Formats.count(p.macs()) + (p.kind() == PointKind.PARAGON ? ""
                : "  (" + costAgainst(p.costReduction(), d.gallery().name()) + ")")));
        facts.add(new Fact("mAP", Formats.percent(p.evaluation().mAP())));
        facts.add(new Fact("top-1", Formats.percent(p.evaluation().top1())));
        facts.add(new Fact("top-5", Formats.percent(p.evaluation().top5())));
        facts.add(new Fact("TAR@FAR 1e-3", Formats.percent(p.evaluation().tarAtFar1e3())));
        facts.add(new Fact("TAR@FAR 1e-4", Formats.percent(p.evaluation().tarAtFar1e4())));
        if (p.kind() != PointKind.PARAGON) {
            facts.add(new Fact("To the paragon", Double.isFinite(p.gapToParagon()) ? gap(p.gapToParagon()) + " (" + m + ")"
                    : "unknown: M(G, G) not evaluated"));
        }
        if (p.kind().againstGallery()) {
            facts.add(new Fact("Pareto front", p.onFront() ? "on it (" + m + ")" : "dominated (" + m + ")"));
        }
        if (isQueryModel(p)) {
            facts.add(new Fact("Compatible", compatibility(d, p)));
        }
        String search = p.query().links().get("search");
        if (search != null) {
            facts.add(new Fact("Exported from", "search run " + search));
        }
        if (d.pairExports().filter(e -> e.queries().contains(p.query())).isPresent()) {
            facts.add(new Fact("Pair", "exported with " + d.gallery().name() + ", the gallery subnet of the same search"));
        }
        facts.add(new Fact("Evaluated", Formats.dateTime(p.evaluation().evaluatedAt()) + ", protocol v" + p.evaluation().protocol()));
        return facts;
    }

    public void exportCsv(Path file) {
        ParetoData d = data.get();
        if (d == null) {
            return;
        }
        String csv = d.csv();
        write(file, () -> Files.writeString(file, csv, StandardCharsets.UTF_8));
    }

    public void exportPng(Path file) {
        XYChart chart = slide();
        if (chart == null) {
            return;
        }
        write(file, () -> ParetoChart.writePng(chart, file));
    }

    public void exportSvg(Path file) {
        XYChart chart = slide();
        if (chart == null) {
            return;
        }
        write(file, () -> ParetoChart.writeSvg(chart, file));
    }

    /** The chart as a slide (what Export saves), or null when there is nothing to plot. */
    XYChart slide() {
        ParetoData d = data.get();
        return d == null ? null : ParetoChart.slide(d, band.get(), floor());
    }

    /** Where the save dialog of an export opens: the store's {@code reports} folder (made if missing), else the store. */
    public Path exportFolder() {
        Path reports = state.store().root().resolve("reports");
        try {
            return Files.createDirectories(reports);
        } catch (IOException | RuntimeException e) {
            return state.store().root();
        }
    }

    /** A file name for an export, e.g. "pareto-resnet-g-mAP.png". */
    public String suggestedFileName(String extension) {
        ParetoData d = data.get();
        String gallery = d == null ? "gallery" : d.gallery().name().replaceAll("[^A-Za-z0-9._+-]+", "-");
        return "pareto-" + gallery + "-" + metric.get().column() + "." + extension;
    }

    @FunctionalInterface
    private interface FileWrite {
        void run() throws IOException;
    }

    private void write(Path file, FileWrite work) {
        status.set("Saving " + file.getFileName() + " …");
        background.run(() -> {
            work.run();
            return file;
        }, saved -> status.set("Saved " + saved), error -> status.set("Could not save " + file + ": " + JobOutcomes.describeFailure(error)));
    }

    private void reload() {
        ParetoData next = assemble();
        if (!Objects.equals(next, data.get())) { // a refresh that changed nothing redraws nothing
            data.set(next);
        }
        ParetoPoint was = selected.get();
        ParetoPoint now = was == null || next == null ? null : next.points().stream().filter(was::sameAs).findFirst().orElse(null);
        if (!Objects.equals(now, was)) {
            selected.set(now);
        }
        describe();
    }

    private ParetoData assemble() {
        pair = null;
        GalleryModel g = state.galleryModel();
        if (g == null || catalog.problemProperty().get() != null) {
            return null;
        }
        List<RunRecord> runs = catalog.runs().stream().flatMap(l -> l.record().stream()).toList();
        Optional<RunRecord> gallery = runs.stream().filter(r -> r.id().equals(g.runId())).findFirst();
        if (gallery.isEmpty()) {
            return null;
        }
        ParetoData d = ParetoData.assemble(gallery.get(), runs, catalog::evaluations, metric.get());
        pair = d.pairExports().orElse(null);
        return d.isEmpty() ? null : d;
    }

    /** What is left to evaluate of a pair search's exports against its gallery run G, or null when G is no pair's. */
    private String describePair(String galleryId) {
        if (pair == null) {
            return null;
        }
        int all = pair.queries().size();
        int missing = pair.unevaluated().size();
        String of = "The gallery subnet of pair search " + pair.search();
        if (all == 0) {
            return of + "; no query model exported with it has finished yet.";
        }
        if (missing == 0) {
            return of + (all == 1 ? "; its export is evaluated against it." : "; its " + all + " exports are all evaluated against it.");
        }
        RunRecord next = pair.unevaluated().get(0);
        return String.format(Locale.ROOT, "%s: %d of its %d %s no M(Q, G) yet, e.g. %s.", of, missing, all,
                all == 1 ? "export has" : "exports have", "cmpnas evaluate --query " + next.id() + " --gallery " + galleryId);
    }

    private void describe() {
        emptyText.set(describeEmpty());
        ParetoData d = data.get();
        if (d == null) {
            headline.set("");
            note.set("");
            return;
        }
        headline.set(describeHeadline(d));
        StringBuilder n = new StringBuilder(String.format(Locale.ROOT, "Test protocol v%d on %s%s: %s queries searched in %s gallery images.",
                d.protocol(), d.dataset(), Formats.input(d.gallery().arch()), Formats.integer(d.queries()), Formats.integer(d.galleryItems())));
        n.append(" Search rewards (NAS reward set, validation data) are not plotted; exported models are, once evaluated.");
        double floor = floor();
        long below = d.points().stream().filter(p -> p.value() < floor).count();
        if (below > 0) {
            n.append(String.format(Locale.ROOT, " Zoomed: %d %s below %s %s not shown.", below, below == 1 ? "point" : "points",
                    metric.get().label(), Formats.percent(floor)));
        }
        if (d.otherData() > 0) {
            n.append(' ').append(d.otherData()).append(d.otherData() == 1 ? " result" : " results").append(" on other data left out.");
        }
        String pairText = describePair(d.gallery().id());
        if (pairText != null) {
            n.append(' ').append(pairText);
        }
        note.set(n.toString());
    }

    private String describeHeadline(ParetoData d) {
        String m = metric.get().label();
        Optional<ParetoPoint> best = d.bestQueryModel();
        Optional<ParetoPoint> paragon = d.paragonPoint();
        if (paragon.isEmpty()) {
            return "No M(G, G) result for " + d.gallery().name() + " yet: run cmpnas evaluate --query " + d.gallery().id()
                    + " --gallery " + d.gallery().id() + " to draw the paragon.";
        }
        if (best.isEmpty()) {
            return String.format(Locale.ROOT, "Paragon %s: %s %s at %s MACs. No query model evaluated against it yet.",
                    d.gallery().name(), m, Formats.percent(paragon.get().value()), Formats.count(paragon.get().macs()));
        }
        ParetoPoint b = best.get();
        long within = d.withinBand(band.get()).size();
        long queryModels = d.points().stream().filter(ParetoViewModel::isQueryModel).count();
        return String.format(Locale.ROOT, "Closest to the paragon (%s %s): %s, %s at %s. %d of %d query models within %s points.",
                m, Formats.percent(paragon.get().value()), b.name(), gap(b.gapToParagon()), queryCost(b.costReduction()), within,
                queryModels, ParetoChart.points(band.get()));
    }

    private String describeEmpty() {
        GalleryModel g = state.galleryModel();
        if (catalog.problemProperty().get() != null) {
            return catalog.problemProperty().get();
        }
        if (g == null) {
            return "No gallery model chosen: pick one in Models (select a model, then “Use as gallery model”).";
        }
        if (catalog.loadingProperty().get() && catalog.runs().isEmpty()) {
            return "Reading " + state.store().root() + " …";
        }
        if (catalog.runs().stream().noneMatch(l -> l.id().equals(g.runId()))) {
            return "The gallery model " + g.name() + " (" + g.runId() + ") is not in this store any more: pick another in Models.";
        }
        if (data.get() == null) {
            String pairText = describePair(g.runId());
            return "No evaluations against " + g.name() + " yet: run `cmpnas evaluate --query RUN --gallery " + g.runId()
                    + "` for each query model, and `cmpnas evaluate --query " + g.runId() + " --gallery " + g.runId() + "` for the paragon."
                    + (pairText == null ? "" : "\n" + pairText);
        }
        return "";
    }

    private static boolean isQueryModel(ParetoPoint p) {
        return p.kind() == PointKind.TRAINED || p.kind() == PointKind.SEARCHED;
    }

    /** The empirical criterion in the chosen metric: M(Q, G) > M(Q, Q). */
    private String compatibility(ParetoData d, ParetoPoint p) {
        Optional<ParetoPoint> alone = d.homogeneousOf(p.queryId());
        if (alone.isEmpty()) {
            return "unknown: M(Q, Q) not evaluated";
        }
        double own = alone.get().value();
        String m = metric.get().label();
        double margin = p.value() - own;
        return p.value() > own
                ? String.format(Locale.ROOT, "yes, by %.2f points: M(Q, G) %s > M(Q, Q) %s (%s)", margin, Formats.percent(p.value()), Formats.percent(own), m)
                : String.format(Locale.ROOT, "not by the criterion, %.2f points short: M(Q, G) %s ≤ M(Q, Q) %s (%s)", -margin,
                        Formats.percent(p.value()), Formats.percent(own), m);
    }

    static String reduction(double factor) {
        return Double.isFinite(factor) ? String.format(Locale.ROOT, "%.1f×", factor) : Formats.NONE;
    }

    /** "34.0× less query cost", "the same query cost" or "1.5× more query cost": right for a gallery of any size. */
    static String queryCost(double reduction) {
        if (!Double.isFinite(reduction) || reduction <= 0) {
            return "an unknown query cost";
        }
        if (Math.abs(reduction - 1) < 0.05) {
            return "the same query cost";
        }
        return reduction > 1 ? reduction(reduction) + " less query cost" : reduction(1 / reduction) + " more query cost";
    }

    /** The query cost against the gallery's, said right for any gallery: "34.0× less than", "the same as", "1.5× more than". */
    static String costAgainst(double reduction, String gallery) {
        if (!Double.isFinite(reduction) || reduction <= 0) {
            return "cost unknown against " + gallery;
        }
        if (Math.abs(reduction - 1) < 0.05) {
            return "the same cost as " + gallery;
        }
        return reduction > 1 ? reduction(reduction) + " less than " + gallery : reduction(1 / reduction) + " more than " + gallery;
    }

    static String gap(double points) {
        if (points >= 0) {
            return String.format(Locale.ROOT, "%.2f points below the paragon", points);
        }
        return String.format(Locale.ROOT, "%.2f points above the paragon", -points);
    }
}
