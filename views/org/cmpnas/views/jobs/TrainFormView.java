package org.cmpnas.views.jobs;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.cmpnas.views.common.Ui;

/**
 * The training form: independent training, or compatibility training against a gallery model. Every
 * field shows its problem right beside it as you type; the fields of a loss appear when it is chosen;
 * Start (also Enter) is enabled only when all fields are valid.
 */
public final class TrainFormView extends VBox {

    /** @param shown whether this form is the one on screen (Enter starts it then) */
    public TrainFormView(TrainFormViewModel vm, ObservableBooleanValue shown, Runnable start) {
        super(8);
        setId("train-form");
        FormRows rows = new FormRows();

        ComboBox<String> arch = new ComboBox<>();
        arch.setId("form-arch");
        arch.setEditable(true);
        arch.getItems().setAll(vm.presets());
        arch.getEditor().textProperty().bindBidirectional(vm.archProperty());
        Ui.tip(arch, "A preset (resnet-g: the large gallery model, resnet-q: the small query model) or a subnet's "
                + "text form, e.g. d1-1-1_w8-16-32_k3-3-3_e1-1-1");
        rows.wide("Architecture", arch, vm.archErrorProperty(), vm.archSummaryProperty());

        ComboBox<String> loss = new ComboBox<>();
        loss.setId("form-loss");
        loss.getItems().setAll(vm.losses());
        loss.valueProperty().bindBidirectional(vm.lossProperty());
        Ui.tip(loss, "independent: cross-entropy only. Compatibility with a frozen gallery model: bct (its classifier "
                + "scores the query embeddings), l2 (embeddings pulled together), bct+l2, contrastive (InfoNCE against "
                + "its embeddings). joint: a gallery model of the given architecture is trained together with this one.");
        rows.wide("Loss", loss, null, null);

        ComboBox<RunOption> gallery = FormRows.runBox("form-gallery", vm.galleries(), vm.galleryProperty(), "choose a model");
        Ui.tip(gallery, "The frozen gallery model the new model's embeddings are made compatible with; by default the "
                + "gallery model chosen in Models");
        FormRows.showWhen(rows.wide("Gallery", gallery, vm.galleryErrorProperty(), null), vm.needsGalleryProperty());
        FormRows.showWhen(rows.number("λ (lambda)", "form-lambda", vm.lambdaProperty(), vm.lambdaErrorProperty(),
                "weight of the gallery term", "How much the compatibility term counts against the model's own "
                        + "classification loss (0–100; 1 is the paper's choice)"), vm.usesLambdaProperty());
        FormRows.showWhen(rows.number("Temperature", "form-temperature", vm.temperatureProperty(), vm.temperatureErrorProperty(),
                "contrastive logits ÷ T", "Scales the contrastive logits: lower is sharper (0 < T ≤ 10)"), vm.usesTemperatureProperty());
        ComboBox<String> galleryArch = new ComboBox<>();
        galleryArch.setId("form-gallery-arch");
        galleryArch.setEditable(true);
        galleryArch.getItems().setAll(vm.presets());
        galleryArch.getEditor().textProperty().bindBidirectional(vm.galleryArchProperty());
        Ui.tip(galleryArch, "The architecture of the gallery model trained together with this one (a preset or a subnet's text form)");
        FormRows.showWhen(rows.wide("Gallery arch.", galleryArch, vm.galleryArchErrorProperty(), vm.galleryArchSummaryProperty()),
                vm.jointProperty());

        rows.number("Epochs", "form-epochs", vm.epochsProperty(), vm.epochsErrorProperty(), "",
                "Passes over the training images");
        rows.number("Batch", "form-batch", vm.batchProperty(), vm.batchErrorProperty(), "images per step",
                "Images per training step");
        rows.number("Learning rate", "form-lr", vm.lrProperty(), vm.lrErrorProperty(), "cosine peak",
                "Peak learning rate of SGD with Nesterov momentum; it decays along a cosine to zero");
        rows.number("Seed", "form-seed", vm.seedProperty(), vm.seedErrorProperty(), "",
                "Seeds initialisation, shuffling and augmentation: the same seed repeats the same run");
        rows.number("Image limit", "form-limit", vm.limitProperty(), vm.limitErrorProperty(), "0 = all images",
                "Use only N training images, each class in its share (seeded): quick trials on a subset");
        rows.number("Image size", "form-image-size", vm.imageSizeProperty(), vm.imageSizeErrorProperty(), "pixels",
                "The side image-folder pictures are read at (shorter side resized, centre cropped); Fashion-MNIST is 28");
        rows.name("form-name", vm.nameProperty(), "architecture (and loss)", "A name for the run, shown in every list and chart",
                vm.nameWarningProperty());

        Label data = Ui.label("Data: " + vm.dataText(), "field-hint");
        Button defaults = Ui.tip(new Button("Defaults"), "Reset every field to the defaults of the architecture (the loss and gallery stay)");
        defaults.setOnAction(e -> vm.reset());
        Button startButton = FormRows.start("start-training", vm.validProperty(), shown, start, "Queue the training in the background engine");
        Node buttons = FormRows.buttons(data, defaults, startButton);
        getChildren().addAll(rows, FormRows.formError(vm.formErrorProperty()), buttons);
    }
}
