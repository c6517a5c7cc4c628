package org.cmpnas.views.jobs;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.cmpnas.views.common.Ui;

/** CMP-NAS step 2: the search form. */
final class SearchFormView extends VBox {

    SearchFormView(SearchFormViewModel vm, ObservableBooleanValue shown, Runnable start) {
        super(8);
        setId("search-form");
        Label about = FormRows.about("Step 2: evolve the best subnet of the supernet for each MACs budget; the reward is "
                + "retrieval against the gallery model (for a pair-mode supernet: its largest subnet, or a gallery subnet searched with it).");
        FormRows rows = new FormRows();
        ComboBox<RunOption> supernet = FormRows.runBox("search-supernet", vm.supernets(), vm.supernetProperty(), "choose a supernet");
        Ui.tip(supernet, "A finished supernet run; its gallery model and data are used");
        rows.wide("Supernet", supernet, vm.supernetErrorProperty(), null);
        TextField budgets = new TextField();
        budgets.setId("search-budgets");
        budgets.textProperty().bindBidirectional(vm.budgetsProperty());
        Ui.tip(budgets, "MACs budgets separated by commas, with K, M or G: one best subnet is searched for each, "
                + "e.g. 0.5M,1M,2.4M");
        rows.wide("Budgets", budgets, vm.budgetsErrorProperty(), vm.budgetsHintProperty());
        TextField galleryBudget = new TextField();
        galleryBudget.setId("search-gallery-budget");
        galleryBudget.setPromptText("the largest subnet");
        galleryBudget.textProperty().bindBidirectional(vm.galleryBudgetProperty());
        galleryBudget.disableProperty().bind(vm.pairModeProperty().not());
        Ui.tip(galleryBudget, "Pair mode: the gallery subnet is searched together with each query subnet, within this many MACs "
                + "(e.g. 20M); empty keeps the supernet's largest subnet as the gallery");
        rows.wide("Gallery budget", galleryBudget, vm.galleryBudgetErrorProperty(), vm.galleryBudgetHintProperty());
        rows.number("Population", "search-population", vm.populationProperty(), vm.populationErrorProperty(), vm.costHintProperty(),
                "Subnets per generation; a quarter are kept as parents, the rest are their mutants and crossovers");
        rows.number("Generations", "search-generations", vm.generationsProperty(), vm.generationsErrorProperty(), "per budget",
                "Generations of evolution for each budget (0: the best of the random first population)");
        rows.number("Seed", "search-seed", vm.seedProperty(), vm.seedErrorProperty(), "",
                "Seeds sampling, mutation and the batches each subnet's batch norm is recalibrated on");
        rows.name("search-name", vm.nameProperty(), "search BUDGETS", "A name for the run, shown in every list");

        Button defaults = Ui.tip(new Button("Defaults"), "Reset every field to the defaults (the supernet stays)");
        defaults.setOnAction(e -> vm.reset());
        Button startButton = FormRows.start("start-search", vm.validProperty(), shown, start,
                "Queue the search in the background engine");
        getChildren().addAll(about, rows, FormRows.formError(vm.formErrorProperty()),
                FormRows.buttons(Ui.label("", "field-hint"), defaults, startButton));
    }
}
