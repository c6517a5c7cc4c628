package org.cmpnas.views.runs;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.cmpnas.engine.store.RunListing;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.views.common.Formats;
import org.cmpnas.views.common.Ui;

/** The run history: a table of runs and the selected run's details. */
public final class RunsView extends SplitPane {
    private final RunsViewModel vm;
    private final TableView<RunListing> table = new TableView<>();
    private String selectedId;

    public RunsView(RunsViewModel vm) {
        this.vm = vm;
        getStyleClass().add("runs-view");
        setId("runs-view");

        Label count = Ui.label("", "muted");
        count.textProperty().bind(Bindings.createStringBinding(
                () -> vm.runs().size() + (vm.runs().size() == 1 ? " run" : " runs"), vm.runs()));
        Button refresh = Ui.tip(new Button("Refresh"), "Read the store again (F5)");
        refresh.setOnAction(e -> vm.refresh());
        Button undo = Ui.tip(new Button("Undo delete"), "Bring back the run deleted last");
        undo.setId("runs-undo-delete");
        undo.visibleProperty().bind(vm.lastDeletedProperty().isNotNull());
        undo.managedProperty().bind(undo.visibleProperty());
        undo.setMinWidth(Region.USE_PREF_SIZE);
        undo.setOnAction(e -> vm.undoDelete());
        HBox toolbar = new HBox(8, count, Ui.hgrow(), undo, refresh);
        toolbar.getStyleClass().add("toolbar-row");
        buildTable();
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox left = new VBox(toolbar, table);
        left.setMinWidth(360);

        RunDetailPane details = new RunDetailPane(vm, this::confirmDelete);
        getItems().addAll(left, details);
        setDividerPositions(0.52);
        SplitPane.setResizableWithParent(left, false);
    }

    private void buildTable() {
        table.setId("runs-table");
        table.setItems(vm.runs());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(Ui.label("No runs in this store yet.\nTrain a model in Jobs.", "placeholder"));
        TableColumn<RunListing, String> name = column("Name", l -> l.record().map(RunRecord::name).orElse(l.id()), 140);
        TableColumn<RunListing, String> kind = fixed(column("Kind", l -> l.record().map(r -> r.kind().wire()).orElse(""), 84));
        TableColumn<RunListing, String> status = fixed(column("Status", l -> l.record().map(r -> r.status().wire()).orElse("damaged"), 96));
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setGraphic(empty || item == null ? null : Ui.badge(item));
            }
        });
        TableColumn<RunListing, Instant> created = fixed(column("Created", l -> l.record().map(RunRecord::createdAt).orElse(null), 136));
        created.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Instant item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : Formats.dateTime(item));
            }
        });
        table.getColumns().setAll(List.of(name, kind, status, created));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                selectedId = now.id();
            }
            vm.selectedProperty().set(now);
        });
        // After a reload select the same run again, or the newest one, so the details are never blank by accident.
        vm.runs().addListener((ListChangeListener<RunListing>) c -> reselect());
        reselect();
    }

    private void reselect() {
        if (vm.runs().isEmpty()) {
            return;
        }
        RunListing same = vm.runs().stream().filter(l -> l.id().equals(selectedId)).findFirst().orElse(vm.runs().get(0));
        table.getSelectionModel().select(same);
    }

    private boolean confirmDelete(RunListing run) {
        String name = run.record().map(RunRecord::name).orElse(run.id());
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(getScene() == null ? null : getScene().getWindow());
        alert.setTitle("Delete run");
        alert.setHeaderText("Delete " + name + " (" + run.id() + ")?");
        alert.setContentText("The run disappears from every list. Its folder stays on disk: Undo in this view brings it "
                + "back, and so does `cmpnas runs restore " + run.id() + "` at any time.");
        ButtonType delete = new ButtonType("Delete", ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(ButtonType.CANCEL, delete);
        alert.getDialogPane().getStylesheets().add(Ui.STYLESHEET);
        return alert.showAndWait().filter(delete::equals).isPresent();
    }

    /** A column as wide as its content always is, so that the name column takes the room that is left. */
    private static <T> TableColumn<RunListing, T> fixed(TableColumn<RunListing, T> c) {
        c.setMinWidth(c.getPrefWidth());
        c.setMaxWidth(c.getPrefWidth());
        return c;
    }

    private static <T> TableColumn<RunListing, T> column(String title, Function<RunListing, T> value, double width) {
        TableColumn<RunListing, T> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
