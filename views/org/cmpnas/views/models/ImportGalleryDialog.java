package org.cmpnas.views.models;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.cmpnas.views.common.Ui;

/**
 * "Import gallery model…": file choosers for the TorchScript module and the optional classifier, the
 * name and the MACs, each checked as typed. Import queues the job and keeps the dialog open until it
 * ends: it closes on success and shows the engine's reason on failure. Esc (Cancel) closes it.
 */
final class ImportGalleryDialog extends Dialog<String> {
    static final ButtonType IMPORT = new ButtonType("Import", ButtonBar.ButtonData.OK_DONE);

    ImportGalleryDialog(ImportGalleryViewModel vm, Window owner) {
        initOwner(owner);
        setTitle("Import gallery model");
        setHeaderText("Register a TorchScript model traced in PyTorch as a frozen gallery model.\n"
                + "It must map normalised images (N, C, S, S) of its input (1x28 unless its sidecar says otherwise) to 128-d embeddings.");
        getDialogPane().getStylesheets().add(Ui.STYLESHEET);
        getDialogPane().getButtonTypes().setAll(IMPORT, ButtonType.CANCEL);
        getDialogPane().setId("import-dialog");

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(4);
        int row = 0;
        TextField module = pathField("import-torchscript", vm.torchscriptProperty(), "/path/to/model.pt",
                "The TorchScript file: torch.jit.trace(model, example).save('model.pt')");
        row = add(grid, row, "TorchScript", module, browse(module, "TorchScript model", "*.pt", "*.pth", "*.ts", "*.zip"),
                vm.torchscriptErrorProperty(), null);
        TextField classifier = pathField("import-classifier", vm.classifierProperty(), "optional: classifier.npy",
                "The gallery model's classifier weights, classes × 128 float32 saved with numpy.save; the bct loss needs it");
        row = add(grid, row, "Classifier", classifier, browse(classifier, "Classifier matrix", "*.npy"),
                vm.classifierErrorProperty(), vm.classifierHintProperty());
        TextField name = new TextField();
        name.setId("import-name");
        name.textProperty().bindBidirectional(vm.nameProperty());
        Ui.tip(name, "The model's name in every list; the file's name by default");
        row = add(grid, row, "Name", name, null, vm.nameErrorProperty(), null);
        TextField macs = new TextField();
        macs.setId("import-macs");
        macs.setPromptText("from the sidecar file");
        macs.textProperty().bindBidirectional(vm.macsProperty());
        Ui.tip(macs, "Multiply-accumulates of one 28×28 image (its cost on the Pareto chart), counted as docs/protocol.md says. "
                + "Blank: read from a sidecar MODEL.json {\"macs\": N} or MODEL.macs next to the module.");
        add(grid, row, "MACs", macs, null, vm.macsErrorProperty(), vm.macsHintProperty());

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        Label status = Ui.label("", "muted");
        status.textProperty().bind(Bindings.createStringBinding(() -> vm.statusProperty().get() == null ? "" : vm.statusProperty().get() + " …",
                vm.statusProperty()));
        HBox working = new HBox(8, spinner, status);
        working.setAlignment(Pos.CENTER_LEFT);
        working.visibleProperty().bind(vm.busyProperty());
        working.managedProperty().bind(vm.busyProperty());
        Label failure = Ui.label("", "field-error");
        failure.setId("import-failure");
        failure.setWrapText(true);
        failure.setMaxWidth(520);
        failure.textProperty().bind(Bindings.createStringBinding(() -> vm.failureProperty().get() == null ? ""
                : "Import failed: " + vm.failureProperty().get(), vm.failureProperty()));
        failure.visibleProperty().bind(vm.failureProperty().isNotNull());
        failure.managedProperty().bind(failure.visibleProperty());
        VBox content = new VBox(10, grid, working, failure);
        content.setPadding(new Insets(6, 0, 0, 0));
        content.setPrefWidth(600);
        getDialogPane().setContent(content);

        Button importButton = (Button) getDialogPane().lookupButton(IMPORT);
        importButton.setId("import-start");
        importButton.disableProperty().bind(vm.canImportProperty().not());
        importButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // stay open until the engine has answered
            vm.startImport();
        });
        Button cancel = (Button) getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.addEventFilter(ActionEvent.ACTION, e -> vm.cancel());
        vm.importedRunProperty().addListener((obs, old, id) -> {
            if (id != null) {
                setResult(id);
                close();
            }
        });
        setResultConverter(button -> vm.importedRunProperty().get());
    }

    private static TextField pathField(String id, StringProperty value, String prompt, String tip) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.textProperty().bindBidirectional(value);
        Ui.tip(field, tip);
        return field;
    }

    private static Button browse(TextField field, String what, String... patterns) {
        Button b = Ui.tip(new Button("Browse…"), "Choose the file");
        b.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(what);
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(what, patterns),
                    new FileChooser.ExtensionFilter("All files", "*"));
            String current = field.getText() == null ? "" : field.getText().trim();
            if (!current.isEmpty()) {
                Path dir = Path.of(current).toAbsolutePath().getParent();
                if (dir != null && Files.isDirectory(dir)) {
                    chooser.setInitialDirectory(dir.toFile());
                }
            }
            File file = chooser.showOpenDialog(b.getScene().getWindow());
            if (file != null) {
                field.setText(file.getAbsolutePath());
            }
        });
        return b;
    }

    private static int add(GridPane grid, int row, String text, TextField field, Button browse,
                           ObservableStringValue error, ObservableStringValue hint) {
        Label label = Ui.label(text, "field-label");
        label.setLabelFor(field);
        label.setMinWidth(90);
        GridPane.setHgrow(field, Priority.ALWAYS);
        grid.add(label, 0, row);
        if (browse != null) {
            grid.add(field, 1, row);
            grid.add(browse, 2, row);
        } else {
            grid.add(field, 1, row, 2, 1);
        }
        Label message = new Label();
        message.setWrapText(true);
        message.textProperty().bind(Bindings.createStringBinding(() -> error.get() != null ? error.get()
                : hint == null || hint.get() == null ? "" : hint.get(), error, hint == null ? error : hint));
        Runnable restyle = () -> {
            message.getStyleClass().removeAll("field-error", "field-hint");
            message.getStyleClass().add(error.get() != null ? "field-error" : "field-hint");
            field.getStyleClass().remove("invalid");
            if (error.get() != null) {
                field.getStyleClass().add("invalid");
            }
        };
        error.addListener(o -> restyle.run());
        restyle.run();
        grid.add(message, 1, row + 1, 2, 1);
        GridPane.setMargin(message, new Insets(0, 0, 6, 0));
        return row + 2;
    }
}
