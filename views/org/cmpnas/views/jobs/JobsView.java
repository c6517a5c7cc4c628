package org.cmpnas.views.jobs;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.cmpnas.views.common.Ui;

/** The Jobs view: the form and the queue on the left, the selected job on the right. */
public final class JobsView extends HBox {

    public JobsView(JobsViewModel vm) {
        super(16);
        getStyleClass().add("jobs-view");
        setId("jobs-view");
        TrainFormView form = new TrainFormView(vm.form(), vm::start);

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
}
