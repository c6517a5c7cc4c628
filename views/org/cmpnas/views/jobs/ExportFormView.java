package org.cmpnas.views.jobs;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.cmpnas.views.common.Ui;

/** CMP-NAS step 3: the export form. */
final class ExportFormView extends VBox {

    ExportFormView(ExportFormViewModel vm, ObservableBooleanValue shown, Runnable start) {
        super(8);
        setId("export-form");
        Label about = FormRows.about("Step 3: make the subnet a search found for one budget a standalone query model, "
                + "optionally fine-tuned.");
        FormRows rows = new FormRows();
        ComboBox<RunOption> search = FormRows.runBox("export-search", vm.searches(), vm.searchProperty(), "choose a search");
        Ui.tip(search, "A finished search run");
        rows.wide("Search", search, vm.searchErrorProperty(), null);
        ComboBox<String> budget = new ComboBox<>(vm.budgets());
        budget.setId("export-budget");
        budget.setEditable(true);
        budget.getEditor().textProperty().bindBidirectional(vm.budgetProperty());
        Ui.tip(budget, "One of the search's MACs budgets: its best subnet is exported");
        rows.wide("Budget", budget, vm.budgetErrorProperty(), null);
        rows.number("Fine-tune", "export-finetune", vm.finetuneEpochsProperty(), vm.finetuneErrorProperty(), "epochs (0: none)",
                "Epochs of fine-tuning with the supernet's compatibility loss against the gallery model; 0 exports the "
                        + "supernet's weights as they are (batch norm recalibrated)");
        rows.number("Seed", "export-seed", vm.seedProperty(), vm.seedErrorProperty(), "", "Seeds the fine-tuning batches");
        rows.name("export-name", vm.nameProperty(), "cmpnas BUDGET", "A name for the query model, shown in every list");

        Button defaults = Ui.tip(new Button("Defaults"), "Reset every field to the defaults (the search and budget stay)");
        defaults.setOnAction(e -> vm.reset());
        Button startButton = FormRows.start("start-export", vm.validProperty(), shown, start,
                "Queue the export in the background engine");
        getChildren().addAll(about, rows, FormRows.formError(vm.formErrorProperty()),
                FormRows.buttons(Ui.label("", "field-hint"), defaults, startButton));
    }
}
