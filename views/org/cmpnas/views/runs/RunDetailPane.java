package org.cmpnas.views.runs;

import java.util.List;
import java.util.function.Predicate;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.views.common.ChartView;
import org.cmpnas.views.common.Fact;
import org.cmpnas.views.common.TrainingCurves;
import org.cmpnas.views.common.Ui;

/** Details of the selected run: what it is, its metrics and curves, config and provenance. */
final class RunDetailPane extends ScrollPane {
    private final RunsViewModel vm;
    private final Predicate<RunListing> confirmDelete;
    private final VBox content = new VBox(6);
    private final ChartView loss;
    private final ChartView accuracy;

    RunDetailPane(RunsViewModel vm, Predicate<RunListing> confirmDelete) {
        this.vm = vm;
        this.confirmDelete = confirmDelete;
        setId("run-details");
        setFitToWidth(true);
        getStyleClass().add("details-scroll");
        content.getStyleClass().addAll("card", "details");
        setContent(content);
        loss = new ChartView((w, h) -> curves() == null ? null : curves().lossChart(w, h));
        loss.emptyTextProperty().set("No loss values recorded.");
        accuracy = new ChartView((w, h) -> curves() == null ? null : curves().accuracyChart(w, h));
        accuracy.emptyTextProperty().set("No validation values recorded.");
        vm.curvesVersionProperty().addListener(o -> {
            loss.redraw();
            accuracy.redraw();
        });
        vm.detailsProperty().addListener(o -> rebuild());
        vm.selectedProperty().addListener(o -> rebuild());
        vm.problemProperty().addListener(o -> rebuild());
        rebuild();
    }

    private TrainingCurves curves() {
        return vm.curvesProperty().get();
    }

    private void rebuild() {
        RunListing run = vm.selectedProperty().get();
        if (run == null) {
            Label none = Ui.label("Select a run to see its configuration, provenance and metrics.", "placeholder");
            none.setWrapText(true);
            content.getChildren().setAll(none);
            return;
        }
        content.getChildren().setAll(header(run));
        if (vm.problemProperty().get() != null) {
            content.getChildren().add(banner(vm.problemProperty().get(), "failed"));
        }
        if (run.isDamaged()) {
            content.getChildren().add(banner("This run's record cannot be read: " + run.problem(), "failed"));
            return;
        }
        RunRecord r = run.record().orElseThrow();
        if (r.message() != null) {
            content.getChildren().add(banner(r.message(), r.status().wire()));
        }
        RunDetails d = vm.detailsProperty().get();
        if (d == null) {
            return;
        }
        section("Overview", d.overview());
        section("Metrics", d.metrics());
        content.getChildren().add(Ui.label("Curves", "section-title"));
        HBox charts = new HBox(12, chartBox("Training loss", loss), chartBox("Validation accuracy", accuracy));
        content.getChildren().add(charts);
        section("Configuration", d.config());
        section("Provenance", d.provenance());
        loss.redraw();
        accuracy.redraw();
    }

    private Node header(RunListing run) {
        String name = run.record().map(RunRecord::name).orElse(run.id());
        String state = run.record().map(r -> r.status().wire()).orElse("damaged");
        Label title = Ui.label(name, "details-title");
        title.setId("run-title");
        title.setMinWidth(0);
        Button repeat = Ui.tip(new Button("Repeat…"), "Fill the training form with this run's configuration (then press Start in Jobs)");
        repeat.setId("repeat-run");
        repeat.disableProperty().bind(vm.canRepeatProperty().not());
        repeat.setOnAction(e -> vm.repeatSelected());
        Button delete = Ui.tip(new Button("Delete…"), "Hide the run from every list (its folder stays on disk)");
        delete.setId("delete-run");
        delete.getStyleClass().add("danger");
        delete.disableProperty().bind(vm.canDeleteProperty().not());
        delete.setOnAction(e -> {
            if (confirmDelete.test(run)) {
                vm.deleteSelected();
            }
        });
        HBox header = new HBox(10, title, Ui.badge(state), Ui.hgrow(), repeat, delete);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private void section(String title, List<Fact> facts) {
        content.getChildren().add(Ui.label(title, "section-title"));
        content.getChildren().add(facts.isEmpty() ? Ui.label("none recorded", "muted") : Ui.facts(facts));
    }

    private static Label banner(String text, String style) {
        Label l = Ui.label(text, "banner", style);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    private static VBox chartBox(String title, ChartView view) {
        view.setPrefHeight(190);
        view.setMinHeight(150);
        VBox box = new VBox(4, Ui.label(title, "chart-title"), view);
        box.setPrefWidth(260);
        HBox.setHgrow(box, Priority.ALWAYS);
        return box;
    }
}
