package org.cmpnas.views.runs;

import java.util.List;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.views.charts.ChartView;
import org.cmpnas.views.charts.TrainingCurves;
import org.cmpnas.views.common.Fact;
import org.cmpnas.views.common.Ui;

/**
 * Details of the selected run: its name and note (editable), what it is, its metrics and curves,
 * config and provenance. The editors are built once and bound to the ViewModel, so a reload does not
 * lose what is being typed.
 */
final class RunDetailPane extends ScrollPane {
    private final RunsViewModel vm;
    private final Predicate<RunListing> confirmDelete;
    private final VBox content = new VBox(6);
    private final ChartView loss;
    private final ChartView accuracy;
    private final VBox editors;
    private final VBox folderRow;
    /** Whether the details changed while the pane was off screen. */
    private boolean stale;

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
        editors = editors();
        folderRow = folderRow();
        vm.detailsProperty().addListener(o -> rebuildWhenShown());
        vm.selectedProperty().addListener(o -> rebuildWhenShown());
        vm.problemProperty().addListener(o -> rebuildWhenShown());
        // Off screen (another view shown) a run list reload only marks the details stale: building them
        // for nobody cost the window a visible stutter while a job's live curves were on screen.
        sceneProperty().addListener((obs, old, now) -> {
            if (now != null && stale) {
                rebuild();
            }
        });
        rebuild();
    }

    private void rebuildWhenShown() {
        if (getScene() == null) {
            stale = true;
        } else {
            rebuild();
        }
    }

    private TrainingCurves curves() {
        return vm.curvesProperty().get();
    }

    private void rebuild() {
        stale = false;
        RunListing run = vm.selectedProperty().get();
        if (run == null) {
            Label none = Ui.label("Select a run to see its configuration, provenance and metrics.", "placeholder");
            none.setWrapText(true);
            content.getChildren().setAll(none);
            return;
        }
        content.getChildren().setAll(header(run), folderRow);
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
        content.getChildren().add(editors);
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
        Button resume = Ui.tip(new Button("Resume"), "Continue this interrupted or cancelled run where it stopped (queued in Jobs)");
        resume.setId("resume-run");
        resume.disableProperty().bind(vm.canResumeProperty().not());
        resume.setOnAction(e -> vm.resumeSelected());
        Button delete = Ui.tip(new Button("Delete…"), "Hide the run from every list (its folder stays on disk)");
        delete.setId("delete-run");
        delete.getStyleClass().add("danger");
        delete.disableProperty().bind(vm.canDeleteProperty().not());
        delete.setOnAction(e -> {
            if (confirmDelete.test(run)) {
                vm.deleteSelected();
            }
        });
        Button folder = Ui.tip(new Button("Open folder"), "Show the run's folder (weights, metrics, run.json) in the file manager");
        folder.setId("open-folder");
        folder.disableProperty().bind(vm.canOpenFolderProperty().not());
        folder.setOnAction(e -> vm.openFolder());
        HBox heading = new HBox(10, title, Ui.badge(state));
        heading.setAlignment(Pos.CENTER_LEFT);
        // The actions get a row of their own, wrapping on a narrow window, so neither they nor a long run name are ever cut short.
        FlowPane actions = new FlowPane(8, 8, folder, resume, repeat, delete);
        actions.getChildren().forEach(b -> ((Button) b).setMinWidth(Region.USE_PREF_SIZE));
        return new VBox(8, heading, actions);
    }

    /** Name and note: typed here, checked by the ViewModel as you type, written when saved. */
    private VBox editors() {
        TextField name = new TextField();
        name.setId("run-name-field");
        name.setPromptText("Name of the run");
        name.textProperty().bindBidirectional(vm.nameDraftProperty());
        name.setOnAction(e -> vm.renameSelected());
        HBox.setHgrow(name, Priority.ALWAYS);
        Button rename = Ui.tip(new Button("Rename"), "Keep this name in the run's record (every list shows it)");
        rename.setId("rename-run");
        rename.disableProperty().bind(vm.canRenameProperty().not());
        rename.setOnAction(e -> vm.renameSelected());
        HBox nameRow = new HBox(8, Ui.label("Name", "field-label"), name, rename);
        nameRow.setAlignment(Pos.CENTER_LEFT);

        TextArea note = new TextArea();
        note.setId("run-note");
        note.setPromptText("A note on this run: why it was made, what it showed…");
        note.setWrapText(true);
        note.setPrefRowCount(3);
        note.textProperty().bindBidirectional(vm.noteDraftProperty());
        Button save = Ui.tip(new Button("Save note"), "Keep the note in the run's record (an empty note removes it)");
        save.setId("save-note");
        save.disableProperty().bind(vm.canSaveNoteProperty().not());
        save.setOnAction(e -> vm.saveNote());
        HBox saveRow = new HBox(8, problemLabel("run-note-problem", vm.noteProblemProperty()), Ui.hgrow(), save);
        saveRow.setAlignment(Pos.CENTER_LEFT);

        return new VBox(4, nameRow, problemLabel("run-name-problem", vm.nameProblemProperty()),
                Ui.label("Note", "section-title"), note, saveRow);
    }

    /** The run's folder as selectable text, shown once the user asked to open it (to copy when no file manager opens). */
    private VBox folderRow() {
        TextField path = new TextField();
        path.setId("run-folder");
        path.setEditable(false);
        path.textProperty().bind(Bindings.createStringBinding(
                () -> vm.folderProperty().get() == null ? "" : vm.folderProperty().get(), vm.folderProperty()));
        HBox.setHgrow(path, Priority.ALWAYS);
        HBox row = new HBox(8, Ui.label("Folder", "field-label"), path);
        row.setAlignment(Pos.CENTER_LEFT);
        Label message = Ui.label("", "field-hint");
        message.setId("run-folder-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.folderMessageProperty());
        VBox box = new VBox(2, row, message);
        box.managedProperty().bind(vm.folderProperty().isNotNull());
        box.visibleProperty().bind(box.managedProperty());
        return box;
    }

    private static Label problemLabel(String id, ObservableStringValue problem) {
        Label l = Ui.label("", "field-error");
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.textProperty().bind(problem);
        l.managedProperty().bind(Bindings.createBooleanBinding(() -> problem.get() != null, problem));
        l.visibleProperty().bind(l.managedProperty());
        return l;
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
        box.setMinWidth(120);
        HBox.setHgrow(box, Priority.ALWAYS);
        return box;
    }
}
