package org.cmpnas.views.jobs;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.views.common.Ui;

/** CMP-NAS step 1: the supernet form. */
final class SupernetFormView extends VBox {

    SupernetFormView(SupernetFormViewModel vm, ObservableBooleanValue shown, Runnable start) {
        super(8);
        setId("supernet-form");
        Label about = FormRows.about("Step 1: train the weight-sharing supernet; every subnet it samples is made compatible "
                + "with the gallery model.");
        FormRows rows = new FormRows();
        ComboBox<RunOption> gallery = FormRows.runBox("supernet-gallery", vm.galleries(), vm.galleryProperty(), "choose a model");
        Ui.tip(gallery, "The frozen gallery model every subnet is made compatible with; by default the one chosen in Models");
        rows.wide("Gallery", gallery, vm.galleryErrorProperty(), null);
        CheckBox pair = new CheckBox("Pair mode: no external gallery");
        pair.setId("supernet-pair");
        pair.selectedProperty().bindBidirectional(vm.pairProperty());
        gallery.disableProperty().bind(vm.pairProperty());
        Ui.tip(pair, "Change both architectures: no external gallery model; every sampled subnet is made compatible with "
                + "the supernet's largest subnet through one shared classifier (l2 and bct+l2 also pull its embedding onto the largest's)");
        rows.wide("", pair, null, null);
        ComboBox<String> loss = new ComboBox<>();
        loss.setId("supernet-loss");
        loss.getItems().setAll(SupernetFormViewModel.LOSSES);
        loss.valueProperty().bindBidirectional(vm.lossProperty());
        Ui.tip(loss, "The compatibility loss of each subnet of the sandwich (largest, smallest and two random subnets a step)");
        rows.wide("Loss", loss, null, null);
        rows.number("λ (lambda)", "supernet-lambda", vm.lambdaProperty(), vm.lambdaErrorProperty(), "weight of the gallery term",
                "How much the compatibility term counts against each subnet's own classification loss (0–100)");
        FormRows.showWhen(rows.number("Temperature", "supernet-temperature", vm.temperatureProperty(), vm.temperatureErrorProperty(),
                "contrastive logits ÷ T", "Scales the contrastive logits: lower is sharper (0 < T ≤ 10)"), vm.usesTemperatureProperty());
        rows.number("Epochs", "supernet-epochs", vm.epochsProperty(), vm.epochsErrorProperty(), "",
                "Passes over the training images; each step trains four subnets on one batch");
        rows.number("Image limit", "supernet-limit", vm.limitProperty(), vm.limitErrorProperty(), "0 = all images (each class in its share)",
                "Use only N training images (0: all of them)");
        TextField budgets = new TextField();
        budgets.setId("supernet-budgets");
        budgets.textProperty().bindBidirectional(vm.budgetsProperty());
        Ui.tip(budgets, "MACs budgets the search will use, e.g. " + SupernetConfig.DEFAULT_BUDGETS + ": each step trains the largest subnet "
                + "within the highest budget, the smallest, and subnets spread over the budgets. Blank: sample the whole space "
                + "(Once-for-All); a search may then use any budget");
        rows.wide("Budgets", budgets, vm.budgetsErrorProperty(), new SimpleStringProperty("blank = whole space"));
        CheckBox resolution = new CheckBox("Elastic resolution (16–28 px)");
        resolution.setId("supernet-resolution");
        resolution.selectedProperty().bindBidirectional(vm.elasticResolutionProperty());
        resolution.disableProperty().bind(vm.resolutionApplies().not());
        Ui.tip(resolution, "Query subnets may also resize the image to 16, 20 or 24 px before their first layer (the resize "
                + "counted in their MACs), trading detail for width and depth within a budget; the gallery always sees the full image");
        rows.wide("", resolution, null, null);
        rows.number("Seed", "supernet-seed", vm.seedProperty(), vm.seedErrorProperty(), "",
                "Seeds the initial weights, the batches and the subnets sampled each step");
        rows.name("supernet-name", vm.nameProperty(), "supernet LOSS", "A name for the run, shown in every list");

        Button defaults = Ui.tip(new Button("Defaults"), "Reset every field to the defaults (the gallery stays)");
        defaults.setOnAction(e -> vm.reset());
        Button startButton = FormRows.start("start-supernet", vm.validProperty(), shown, start,
                "Queue the supernet training in the background engine");
        getChildren().addAll(about, rows, FormRows.formError(vm.formErrorProperty()),
                FormRows.buttons(Ui.label("", "field-hint"), defaults, startButton));
    }
}
