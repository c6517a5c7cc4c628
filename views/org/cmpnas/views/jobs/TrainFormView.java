package org.cmpnas.views.jobs;

import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.cmpnas.views.common.Ui;

/**
 * The training form. Every field shows its problem right beside it as you type, and Start (also
 * Enter) is enabled only when all fields are valid.
 */
public final class TrainFormView extends VBox {
    private final GridPane grid = new GridPane();
    private int row;

    public TrainFormView(TrainFormViewModel vm, Runnable start) {
        getStyleClass().add("card");
        setId("train-form");
        Label title = Ui.label("Train a model", "card-title");

        grid.setHgap(10);
        grid.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints(96);
        ColumnConstraints messages = new ColumnConstraints();
        messages.setHgrow(Priority.ALWAYS);
        messages.setMinWidth(60);
        grid.getColumnConstraints().addAll(labels, fields, messages);

        ComboBox<String> arch = new ComboBox<>();
        arch.setId("form-arch");
        arch.setEditable(true);
        arch.getItems().setAll(vm.presets());
        arch.getEditor().textProperty().bindBidirectional(vm.archProperty());
        arch.setMaxWidth(Double.MAX_VALUE);
        Ui.tip(arch, "A preset (resnet-g: the large gallery model, resnet-q: the small query model) or a subnet's "
                + "text form, e.g. d1-1-1_w8-16-32_k3-3-3_e1-1-1");
        addWide("Architecture", arch, vm.archErrorProperty(), vm.archSummaryProperty());
        addNumber("Epochs", "form-epochs", vm.epochsProperty(), vm.epochsErrorProperty(), "",
                "Passes over the training images");
        addNumber("Batch", "form-batch", vm.batchProperty(), vm.batchErrorProperty(), "images per step",
                "Images per training step");
        addNumber("Learning rate", "form-lr", vm.lrProperty(), vm.lrErrorProperty(), "cosine peak",
                "Peak learning rate of SGD with Nesterov momentum; it decays along a cosine to zero");
        addNumber("Seed", "form-seed", vm.seedProperty(), vm.seedErrorProperty(), "",
                "Seeds initialisation, shuffling and augmentation: the same seed repeats the same run");
        addNumber("Image limit", "form-limit", vm.limitProperty(), vm.limitErrorProperty(), "0 = all images",
                "Use only the first N training images: quick trials on a subset");
        TextField name = new TextField();
        name.setId("form-name");
        name.setPromptText("same as the architecture");
        name.textProperty().bindBidirectional(vm.nameProperty());
        Ui.tip(name, "A name for the run, shown in every list and chart");
        addWide("Name", name, null, null);

        Label data = Ui.label("Data: " + vm.dataText(), "field-hint");
        Label formError = Ui.label("", "field-error");
        formError.setWrapText(true);
        formError.textProperty().bind(vm.formErrorProperty());
        formError.managedProperty().bind(vm.formErrorProperty().isNotNull());
        formError.visibleProperty().bind(formError.managedProperty());

        Button defaults = Ui.tip(new Button("Defaults"), "Reset every field to the defaults of the architecture");
        defaults.setOnAction(e -> vm.reset());
        Button startButton = Ui.tip(new Button("Start"), "Queue the job in the background engine (Enter)");
        startButton.setId("start-training");
        startButton.getStyleClass().add("primary");
        startButton.setDefaultButton(true);
        startButton.disableProperty().bind(vm.validProperty().not());
        startButton.setOnAction(e -> start.run());
        HBox buttons = new HBox(8, data, Ui.hgrow(), defaults, startButton);
        buttons.setAlignment(Pos.CENTER_LEFT);

        getChildren().addAll(title, grid, formError, buttons);
    }

    private void addWide(String text, Control field, ObservableStringValue error, ObservableStringValue hint) {
        Label label = fieldLabel(text);
        label.setLabelFor(field);
        grid.add(label, 0, row);
        grid.add(field, 1, row, 2, 1);
        row++;
        if (error != null) {
            grid.add(message(error, hint), 1, row++, 2, 1);
        }
        markInvalid(field, error);
    }

    private void addNumber(String text, String id, StringProperty value,
                           ObservableStringValue error, String hint, String tooltip) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(value);
        Ui.tip(field, tooltip);
        Label label = fieldLabel(text);
        label.setLabelFor(field);
        Label message = message(error, Bindings.createStringBinding(() -> hint));
        GridPane.setValignment(message, VPos.CENTER);
        grid.addRow(row++, label, field, message);
        markInvalid(field, error);
    }

    private static Label fieldLabel(String text) {
        Label l = Ui.label(text, "field-label");
        GridPane.setHalignment(l, HPos.LEFT);
        return l;
    }

    /** The error when there is one (red), else the hint (grey). */
    private static Label message(ObservableStringValue error, ObservableStringValue hint) {
        Label l = new Label();
        l.setWrapText(true);
        l.textProperty().bind(Bindings.createStringBinding(
                () -> error.get() != null ? error.get() : hint == null ? "" : hint.get(), error, hint == null ? error : hint));
        Runnable restyle = () -> {
            l.getStyleClass().removeAll("field-error", "field-hint");
            l.getStyleClass().add(error.get() != null ? "field-error" : "field-hint");
        };
        error.addListener(o -> restyle.run());
        restyle.run();
        return l;
    }

    private static void markInvalid(Control field, ObservableStringValue error) {
        if (error == null) {
            return;
        }
        Runnable restyle = () -> {
            field.getStyleClass().remove("invalid");
            if (error.get() != null) {
                field.getStyleClass().add("invalid");
            }
        };
        error.addListener(o -> restyle.run());
        restyle.run();
    }
}
