package org.cmpnas.views.jobs;

import java.util.EnumMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.cmpnas.views.common.Ui;
import org.controlsfx.control.SegmentedButton;

/** The Jobs view: the job forms and the queue on the left, the selected job on the right. */
public final class JobsView extends HBox {

    public JobsView(JobsViewModel vm) {
        super(16);
        getStyleClass().add("jobs-view");
        setId("jobs-view");
        VBox form = forms(vm);

        ListView<JobViewModel> list = new ListView<>(vm.jobs());
        list.setId("job-list");
        list.setCellFactory(l -> new JobListCell());
        list.setPlaceholder(Ui.label("No jobs in this session yet.", "placeholder"));
        VBox.setVgrow(list, Priority.ALWAYS);
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                vm.selectedProperty().set(now);
            }
        });
        vm.selectedProperty().addListener((obs, old, now) -> list.getSelectionModel().select(now));
        vm.jobs().addListener((ListChangeListener<JobViewModel>) c -> {
            if (vm.selectedProperty().get() != null) {
                list.getSelectionModel().select(vm.selectedProperty().get());
            }
        });
        Button clear = Ui.tip(new Button("Clear ended"), "Remove finished, failed and cancelled jobs from this list "
                + "(their runs stay in the store)");
        clear.setOnAction(e -> vm.clearEnded());
        clear.disableProperty().bind(Bindings.createBooleanBinding(
                () -> vm.jobs().stream().noneMatch(j -> !j.state().isActive()), vm.jobs()));
        Label queueTitle = Ui.label("Queue", "card-title");
        HBox queueHeader = new HBox(8, queueTitle, Ui.hgrow(), clear);
        queueHeader.setAlignment(Pos.CENTER_LEFT);
        VBox queue = new VBox(8, queueHeader, list);
        queue.getStyleClass().add("card");
        VBox.setVgrow(queue, Priority.ALWAYS);

        VBox left = new VBox(14, form, queue);
        left.setMinWidth(390);
        left.setPrefWidth(390);
        left.setMaxWidth(390);

        JobDetailView detail = new JobDetailView();
        HBox.setHgrow(detail, Priority.ALWAYS);
        detail.show(vm.selectedProperty().get());
        vm.selectedProperty().addListener((obs, old, now) -> detail.show(now));

        getChildren().addAll(left, detail);
    }

    /** One card for every kind of job: a switch between the forms, and the form chosen. */
    private static VBox forms(JobsViewModel vm) {
        Map<JobsViewModel.Form, String> tips = new EnumMap<>(JobsViewModel.Form.class);
        tips.put(JobsViewModel.Form.TRAIN, "Train a model: independently, or compatible with a gallery model");
        tips.put(JobsViewModel.Form.SUPERNET, "CMP-NAS step 1: train the weight-sharing supernet against the gallery model");
        tips.put(JobsViewModel.Form.SEARCH, "CMP-NAS step 2: search the supernet for the best subnet per MACs budget");
        tips.put(JobsViewModel.Form.EXPORT, "CMP-NAS step 3: export a searched subnet as a query model");
        SegmentedButton switcher = new SegmentedButton();
        switcher.setId("form-switcher");
        StackPane pages = new StackPane();
        for (JobsViewModel.Form f : JobsViewModel.Form.values()) {
            ToggleButton b = Ui.tip(new ToggleButton(f.title()), tips.get(f));
            b.setId("form-" + f.name().toLowerCase(java.util.Locale.ROOT));
            b.setUserData(f);
            b.setSelected(vm.shownFormProperty().get() == f);
            b.selectedProperty().addListener((obs, was, now) -> {
                if (now) {
                    vm.shownFormProperty().set(f);
                } else if (vm.shownFormProperty().get() == f) {
                    b.setSelected(true); // one form is always shown
                }
            });
            switcher.getButtons().add(b);
            BooleanBinding shown = vm.shownFormProperty().isEqualTo(f);
            VBox page = switch (f) {
                case TRAIN -> new TrainFormView(vm.form(), shown, vm::start);
                case SUPERNET -> new SupernetFormView(vm.supernetForm(), shown, vm::startSupernet);
                case SEARCH -> new SearchFormView(vm.searchForm(), shown, vm::startSearch);
                case EXPORT -> new ExportFormView(vm.exportForm(), shown, vm::startExport);
            };
            page.visibleProperty().bind(shown);
            page.managedProperty().bind(shown);
            pages.getChildren().add(page);
        }
        vm.shownFormProperty().addListener((obs, old, now) -> switcher.getButtons().stream()
                .filter(b -> b.getUserData() == now).findFirst().ifPresent(b -> b.setSelected(true)));
        Label title = Ui.label("New job", "card-title");
        HBox header = new HBox(10, title, Ui.hgrow(), switcher);
        header.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(10, header, pages);
        card.getStyleClass().add("card");
        card.setId("job-forms");
        return card;
    }
}
