package org.cmpnas.views.pareto;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.stage.FileChooser;
import org.cmpnas.engine.pareto.ParetoPoint;
import org.cmpnas.engine.pareto.RetrievalMetric;
import org.cmpnas.views.charts.ChartView;
import org.cmpnas.views.charts.ParetoChart;
import org.cmpnas.views.common.Fact;
import org.cmpnas.views.common.Ui;
import org.knowm.xchart.XYChart;

/**
 * The Pareto chart of the gallery model with its controls, a hover card and the selected point's
 * details. The chart is a picture: hover and click find the nearest point through the painted
 * chart's own axis mapping. Binds to {@link ParetoViewModel}; no logic of its own.
 */
public final class ParetoView extends VBox {
    /** How near, in pixels, the mouse must be to a point to hover or select it. */
    static final double PICK_RADIUS = 9;

    private final ParetoViewModel vm;
    private final ChartView chart;
    private final Pane overlay = new Pane();
    private final Circle hoverRing = ring("pareto-hover-ring", 8);
    private final Circle selectedRing = ring("pareto-selected-ring", 10);
    private final Label hoverCard = Ui.label("", "pareto-hover");
    private final VBox details = new VBox(8);
    private final ScrollPane detailsScroll = new ScrollPane(details);

    public ParetoView(ParetoViewModel vm) {
        this.vm = vm;
        getStyleClass().add("pareto-view");
        setId("pareto-view");
        setSpacing(8);

        chart = new ChartView(vm::chart);
        chart.setId("pareto-chart");
        chart.emptyTextProperty().bind(vm.emptyTextProperty());
        hoverCard.setId("pareto-hover");
        hoverCard.setVisible(false);
        hoverCard.setWrapText(false);
        overlay.getChildren().addAll(selectedRing, hoverRing, hoverCard);
        overlay.setMouseTransparent(true);
        overlay.setManaged(true);
        StackPane chartArea = new StackPane(chart, overlay);
        chartArea.getStyleClass().add("card");
        chartArea.setMinSize(200, 200);
        HBox.setHgrow(chartArea, Priority.ALWAYS);
        installPointer();

        details.getStyleClass().add("details");
        details.setId("pareto-details");
        detailsScroll.setFitToWidth(true);
        detailsScroll.getStyleClass().add("pareto-details-scroll");
        detailsScroll.setPrefWidth(310);
        detailsScroll.setMinWidth(260);
        HBox body = new HBox(12, chartArea, detailsScroll);
        VBox.setVgrow(body, Priority.ALWAYS);

        Label headline = Ui.label("", "pareto-headline");
        headline.setId("pareto-headline");
        headline.setWrapText(true);
        headline.setMinHeight(Region.USE_PREF_SIZE); // a long headline (TAR@FAR) takes a second line, never an ellipsis
        headline.textProperty().bind(vm.headlineProperty());
        headline.managedProperty().bind(headline.textProperty().isNotEmpty());
        headline.visibleProperty().bind(headline.managedProperty());
        Label note = Ui.label("", "muted", "small");
        note.setId("pareto-note");
        note.setWrapText(true);
        note.textProperty().bind(vm.noteProperty());
        note.managedProperty().bind(note.textProperty().isNotEmpty());
        note.visibleProperty().bind(note.managedProperty());

        getChildren().addAll(toolbar(), headline, body, note);

        vm.dataProperty().addListener(o -> {
            chart.redraw();
            hideHover();
            boolean some = vm.dataProperty().get() != null;
            detailsScroll.setVisible(some);
            detailsScroll.setManaged(some);
        });
        vm.bandProperty().addListener(o -> chart.redraw());
        vm.zoomedProperty().addListener(o -> chart.redraw());
        vm.selectedProperty().addListener(o -> {
            showDetails();
            placeSelectedRing();
        });
        chart.shownChartProperty().addListener(o -> {
            placeSelectedRing();
            hideHover();
        });
        boolean some = vm.dataProperty().get() != null;
        detailsScroll.setVisible(some);
        detailsScroll.setManaged(some);
        showDetails();
    }

    private HBox toolbar() {
        ComboBox<RetrievalMetric> metric = new ComboBox<>();
        metric.setId("pareto-metric");
        metric.getItems().setAll(RetrievalMetric.values());
        metric.valueProperty().bindBidirectional(vm.metricProperty());
        Ui.tip(metric, "The accuracy on the y axis, all from the test protocol. mAP is the primary metric; top-1 is nearly "
                + "saturated with ten classes; TAR@FAR is face-style verification at a false-accept rate of 1e-3 or 1e-4.");

        Spinner<Double> band = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0, 20, vm.bandProperty().get(), 0.5));
        band.setId("pareto-band");
        band.setEditable(true);
        band.setPrefWidth(86);
        band.getValueFactory().valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                vm.bandProperty().set(now);
            }
        });
        vm.bandProperty().addListener((obs, old, now) -> band.getValueFactory().setValue(now.doubleValue()));
        Ui.tip(band, "Shades the band this many points below the paragon M(G, G): query models inside it are "
                + "\"within x points\" of the large model at a fraction of its cost.");

        CheckBox zoom = new CheckBox("Zoom to the paragon");
        zoom.setId("pareto-zoom");
        zoom.selectedProperty().bindBidirectional(vm.zoomedProperty());
        Ui.tip(zoom, "Start the accuracy axis " + ParetoChart.points(ParetoChart.ZOOM_SPAN) + " points (or twice the band) below "
                + "the paragon, so the models close to it spread out; the note under the chart counts the points left out below.");

        MenuButton export = new MenuButton("Export");
        export.setId("pareto-export");
        export.disableProperty().bind(vm.canExportProperty().not());
        MenuItem png = new MenuItem("Chart as PNG…");
        png.setOnAction(e -> save("PNG image", "png", vm::exportPng));
        MenuItem svg = new MenuItem("Chart as SVG…");
        svg.setOnAction(e -> save("SVG drawing", "svg", vm::exportSvg));
        MenuItem csv = new MenuItem("Points as CSV…");
        csv.setOnAction(e -> save("CSV table", "csv", vm::exportCsv));
        export.getItems().addAll(png, svg, csv);
        Ui.tip(export, "Save the chart (PNG or SVG, " + ParetoChart.SLIDE_WIDTH + "×" + ParetoChart.SLIDE_HEIGHT
                + ") or every point with all its metrics (CSV)");

        Button refresh = Ui.tip(new Button("Refresh"), "Read the store again (results recorded by jobs of this window appear on their own)");
        refresh.setOnAction(e -> vm.refresh());
        Label status = Ui.label("", "muted");
        status.setId("pareto-status");
        status.textProperty().bind(vm.statusProperty());
        status.setMinWidth(0);

        HBox bar = new HBox(8, Ui.label("Metric", "field-label"), metric, Ui.label("Band", "field-label"), band,
                Ui.label("points", "muted"), zoom, Ui.hgrow(), status, export, refresh);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("toolbar-row");
        return bar;
    }

    private void installPointer() {
        chart.setOnMouseMoved(e -> {
            Optional<ParetoPoint> p = pointAt(e.getX(), e.getY());
            if (p.isPresent()) {
                showHover(p.get());
            } else {
                hideHover();
            }
        });
        chart.setOnMouseExited(e -> hideHover());
        chart.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                vm.select(pointAt(e.getX(), e.getY()).orElse(null));
            }
        });
    }

    /** The point under the mouse, found in the chart as it was painted. */
    private Optional<ParetoPoint> pointAt(double x, double y) {
        XYChart shown = chart.shownChartProperty().get();
        return shown == null ? Optional.empty() : ParetoChart.nearest(shown, vm.plottedPoints(), x, y, PICK_RADIUS);
    }

    private void showHover(ParetoPoint p) {
        double[] at = ParetoChart.screen(chart.shownChartProperty().get(), p);
        hoverRing.setCenterX(at[0]);
        hoverRing.setCenterY(at[1]);
        hoverRing.setVisible(true);
        hoverCard.setText(vm.describe(p));
        hoverCard.setVisible(true);
        hoverCard.applyCss();
        hoverCard.autosize();
        double w = hoverCard.getWidth();
        double h = hoverCard.getHeight();
        // Beside the point, flipped to the other side near the right or bottom edge, so it never covers it.
        double x = at[0] + 14 + w > chart.getWidth() ? at[0] - 14 - w : at[0] + 14;
        double y = at[1] + 10 + h > chart.getHeight() ? at[1] - 10 - h : at[1] + 10;
        hoverCard.relocate(Math.max(0, x), Math.max(0, y));
    }

    private void hideHover() {
        hoverRing.setVisible(false);
        hoverCard.setVisible(false);
    }

    private void placeSelectedRing() {
        ParetoPoint p = vm.selectedProperty().get();
        XYChart shown = chart.shownChartProperty().get();
        if (p == null || shown == null) {
            selectedRing.setVisible(false);
            return;
        }
        double[] at = ParetoChart.screen(shown, p);
        selectedRing.setCenterX(at[0]);
        selectedRing.setCenterY(at[1]);
        selectedRing.setVisible(true);
    }

    private void showDetails() {
        ParetoPoint p = vm.selectedProperty().get();
        if (p == null) {
            Label title = Ui.label("Reading the chart", "section-title");
            Label how = Ui.label("Each point is a test-protocol result. Across: what one query costs (the query model's MACs, "
                    + "log scale). Up: retrieval accuracy. The dashed line is the paragon M(G, G), the large model on both "
                    + "sides; the shaded band lies within the chosen number of points below it. The Pareto front joins the "
                    + "searches against this gallery that nothing cheaper beats.\n\nHover over a point for a quick look; "
                    + "click it for its details.", "muted");
            how.setWrapText(true);
            details.getChildren().setAll(title, how);
            return;
        }
        Label title = Ui.label(p.name(), "details-title");
        title.setId("pareto-selected-title");
        title.setWrapText(true);
        Label kind = Ui.label(p.kind().label(), "badge", "pareto-kind");
        Button demo = Ui.tip(new Button("Open in retrieval demo"),
                "Show this model's queries and what they find in the gallery model's gallery");
        demo.setId("open-in-demo");
        demo.getStyleClass().add("primary");
        demo.disableProperty().bind(vm.canOpenInDemoProperty().not());
        demo.setOnAction(e -> vm.openSelectedInDemo());
        List<Fact> facts = vm.details();
        details.getChildren().setAll(title, kind, Ui.facts(facts), demo);
    }

    private void save(String description, String extension, Consumer<Path> export) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the Pareto chart");
        chooser.setInitialFileName(vm.suggestedFileName(extension));
        chooser.setInitialDirectory(vm.exportFolder().toFile());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, "*." + extension));
        File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            export.accept(file.toPath());
        }
    }

    private static Circle ring(String styleClass, double radius) {
        Circle c = new Circle(radius);
        c.getStyleClass().add(styleClass);
        c.setVisible(false);
        c.setManaged(false);
        return c;
    }
}
