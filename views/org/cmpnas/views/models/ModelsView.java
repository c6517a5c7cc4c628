package org.cmpnas.views.models;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.cmpnas.views.common.Formats;
import org.cmpnas.views.common.Ui;

/** The models table with its filter and the gallery choice. Binds to {@link ModelsViewModel}; no logic of its own. */
public final class ModelsView extends VBox {
    private final ModelsViewModel vm;
    private final Consumer<ModelRow> evaluate;
    private final TableView<ModelRow> table = new TableView<>();
    private String selectedId; // kept across reloads, which replace every row

    /** @param trainNew opens the training form */
    public ModelsView(ModelsViewModel vm, Runnable trainNew) {
        this(vm, trainNew, row -> { });
    }

    /** @param evaluate queues the evaluation of a model row (M(Q, Q), and M(Q, G) against the gallery model) */
    public ModelsView(ModelsViewModel vm, Runnable trainNew, Consumer<ModelRow> evaluate) {
        this.vm = vm;
        this.evaluate = evaluate;
        getStyleClass().add("models-view");
        setId("models-view");

        TextField filter = new TextField();
        filter.setId("models-filter");
        filter.setPromptText("Filter by name, architecture, kind or status");
        filter.setPrefWidth(320);
        filter.setMinWidth(120); // the filter gives way on a narrow window; the buttons and the count never do
        filter.textProperty().bindBidirectional(vm.filterProperty());
        filter.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                filter.clear();
            }
        });
        Label count = Ui.label("", "muted");
        count.textProperty().bind(vm.countTextProperty());
        Button refresh = Ui.tip(new Button("Refresh"), "Read the store again (F5)");
        refresh.setOnAction(e -> vm.refresh());
        Button train = Ui.tip(new Button("Train new model…"), "Open the training form in Jobs");
        train.setOnAction(e -> trainNew.run());
        Button importGallery = Ui.tip(new Button("Import gallery…"), "Register a TorchScript model traced in PyTorch "
                + "(and its classifier) as a frozen gallery model");
        importGallery.setId("import-gallery");
        importGallery.setVisible(vm.canImport());
        importGallery.setManaged(vm.canImport());
        importGallery.setOnAction(e -> new ImportGalleryDialog(vm.newImport(), getScene().getWindow()).showAndWait());
        Button useAsGallery = Ui.tip(new Button("Use as gallery model"),
                "The gallery model embeds the gallery in every comparison: the Pareto explorer and the retrieval demo "
                        + "measure query models against it. Only finished models qualify.");
        useAsGallery.setId("use-as-gallery");
        useAsGallery.getStyleClass().add("primary");
        useAsGallery.disableProperty().bind(vm.canUseAsGalleryProperty().not());
        useAsGallery.setOnAction(e -> vm.useSelectedAsGallery());
        count.setMinWidth(Region.USE_PREF_SIZE);
        for (Button b : List.of(refresh, importGallery, train, useAsGallery)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox toolbar = new HBox(filter, count, Ui.hgrow(), refresh, importGallery, train, useAsGallery);
        toolbar.getStyleClass().add("toolbar-row");

        buildTable();
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(toolbar, table);
    }

    private void buildTable() {
        table.setId("models-table");
        table.setItems(vm.rows());
        vm.rows().comparatorProperty().bind(table.comparatorProperty());
        // Only name and architecture stretch or shrink with the window; every other column keeps its width.
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        Label empty = Ui.label("", "placeholder");
        empty.textProperty().bind(vm.emptyTextProperty());
        empty.setWrapText(true);
        table.setPlaceholder(empty);

        // Widths fit a 1280-pixel window without clipping, their minimums a 1024-pixel one: name and architecture
        // give way first (their tooltips say them whole), numbers keep their digits.
        TableColumn<ModelRow, String> name = column("Name", ModelRow::name, 200, 80);
        name.setCellFactory(c -> new NameCell());
        // the role, not the kind: an independently trained model is kind "gallery" whatever it is used as
        TableColumn<ModelRow, String> kind = column("Role", ModelRow::role, 106, 106); // "independent", "pair gallery" fit
        headerTip(kind, "What the model is: trained independently, compatibility-trained against a gallery model, trained jointly "
                + "with one, searched by CMP-NAS (its pair's gallery subnet: pair gallery), or imported");
        TableColumn<ModelRow, String> arch = column("Architecture", r -> r.isDamaged() ? r.problem() : r.arch(), 170, 116);
        arch.setCellFactory(c -> new TooltipCell());
        TableColumn<ModelRow, Long> macs = numeric("MACs", ModelRow::macs, 82, 70, Formats::count);
        TableColumn<ModelRow, Long> params = numeric("Params", ModelRow::params, 82, 76, Formats::count);
        TableColumn<ModelRow, String> status = column("Status", ModelRow::status, 102, 80);
        status.setCellFactory(c -> new BadgeCell());
        TableColumn<ModelRow, Double> valTop1 = numeric("Val top-1", ModelRow::valTop1, 100, 84, Formats::percent);
        TableColumn<ModelRow, Double> testTop1 = numeric("top-1", ModelRow::testTop1, 80, 64, Formats::percent);
        TableColumn<ModelRow, Double> testMap = numeric("mAP", ModelRow::testMap, 76, 62, Formats::percent);
        TableColumn<ModelRow, String> test = new TableColumn<>("Test M(A,A) %");
        test.getColumns().addAll(List.of(testTop1, testMap));
        TableColumn<ModelRow, Double> withGallery = numeric("M(Q,G) mAP", ModelRow::mapWithGallery, 112, 112, Formats::percent);
        withGallery.setId("col-with-gallery");
        TableColumn<ModelRow, Instant> created = column("Created", ModelRow::created, 140, 140);
        created.setCellFactory(c -> new FormattedCell<>(Formats::dateTime, false));
        macs.setId("col-macs");
        name.setId("col-name");
        table.getColumns().setAll(List.of(name, kind, arch, macs, params, status, valTop1, test, withGallery, created));
        // On a narrow window (a projector's 1024 pixels) the validation figure, the parameters and the date give way to the
        // test figures.
        for (TableColumn<ModelRow, ?> secondary : List.of(valTop1, params, created)) {
            secondary.visibleProperty().bind(table.widthProperty().greaterThan(900));
        }
        headerTip(withGallery, "Test-protocol mAP of the model's queries against the gallery model's gallery, M(Q,G) (for the gallery "
                + "model itself its M(G,G), the paragon); – when not evaluated against it: Evaluate in the menu");
        headerTip(valTop1, "Retrieval top-1 (%) on the validation split, measured after the last epoch of training");
        headerTip(test, "Test-protocol retrieval with the model on both sides, M(A,A) (cmpnas evaluate); mAP is the "
                + "primary metric");

        table.setRowFactory(t -> new ModelTableRow());
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            vm.selectedProperty().set(now);
            if (now != null) {
                selectedId = now.id();
            }
        });
        // A reload replaces the rows; select the same run again so a refresh never loses the user's place.
        vm.rows().addListener((ListChangeListener<ModelRow>) c -> reselect());
        vm.galleryProperty().addListener((obs, old, now) -> table.refresh()); // move the badge

        ContextMenu menu = new ContextMenu();
        MenuItem use = new MenuItem("Use as gallery model");
        use.disableProperty().bind(vm.canUseAsGalleryProperty().not());
        use.setOnAction(e -> vm.useSelectedAsGallery());
        MenuItem evaluateItem = new MenuItem("Evaluate: M(Q, Q) and M(Q, G) on the test protocol");
        evaluateItem.setId("models-evaluate");
        evaluateItem.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.selectedProperty().get() == null
                || !vm.selectedProperty().get().canBeEvaluated(), vm.selectedProperty()));
        evaluateItem.setOnAction(e -> {
            ModelRow r = table.getSelectionModel().getSelectedItem();
            if (r != null) {
                evaluate.accept(r);
            }
        });
        MenuItem copy = new MenuItem("Copy run id");
        copy.setOnAction(e -> {
            ModelRow r = table.getSelectionModel().getSelectedItem();
            if (r != null) {
                ClipboardContent content = new ClipboardContent();
                content.putString(r.id());
                Clipboard.getSystemClipboard().setContent(content);
            }
        });
        menu.getItems().addAll(use, evaluateItem, copy);
        table.setContextMenu(menu);
    }

    /** A tooltip on a column header (columns are not controls, so it goes on a label graphic). */
    private static void headerTip(TableColumn<ModelRow, ?> column, String text) {
        Label header = Ui.label(column.getText(), "header-tip");
        Ui.tip(header, text);
        column.setText(null);
        column.setGraphic(header);
    }

    private void reselect() {
        if (selectedId == null) {
            return;
        }
        String wanted = selectedId;
        vm.rows().stream().filter(r -> r.id().equals(wanted)).findFirst()
                .ifPresent(r -> table.getSelectionModel().select(r));
    }

    private static <T> TableColumn<ModelRow, T> column(String title, Function<ModelRow, T> value, double width,
                                                       double minWidth) {
        TableColumn<ModelRow, T> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(minWidth);
        if (minWidth == width) {
            c.setMaxWidth(width);
        }
        return c;
    }

    /** A right-aligned number column; {@code minWidth} still holds its widest value, so numbers are never cut. */
    private static <T extends Comparable<T>> TableColumn<ModelRow, T> numeric(String title, Function<ModelRow, T> value,
                                                                          double width, double minWidth, Function<T, String> format) {
        TableColumn<ModelRow, T> c = column(title, value, width, minWidth);
        c.setCellFactory(col -> new FormattedCell<>(format, true));
        c.getStyleClass().add("numeric");
        // Unknown values (damaged runs, no metric yet) sort below every known one.
        c.setComparator((a, b) -> a == null ? (b == null ? 0 : -1) : b == null ? 1 : a.compareTo(b));
        return c;
    }

    /** Formats a typed value; right-aligned for numbers so digits line up. */
    private static final class FormattedCell<T> extends TableCell<ModelRow, T> {
        private final Function<T, String> format;

        FormattedCell(Function<T, String> format, boolean numeric) {
            this.format = format;
            if (numeric) {
                getStyleClass().add("numeric");
            }
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            ModelRow row = getTableRow() == null ? null : getTableRow().getItem();
            setText(empty || row == null ? null : item == null ? Formats.NONE : format.apply(item));
        }
    }

    /** The name, with a "gallery" badge on the chosen gallery model. */
    private final class NameCell extends TableCell<ModelRow, String> {
        private final Label badge = Ui.label("gallery", "badge", "gallery");

        NameCell() {
            getStyleClass().add("name-cell");
            setContentDisplay(ContentDisplay.RIGHT);
            setGraphicTextGap(8);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            ModelRow row = getTableRow() == null ? null : getTableRow().getItem();
            setText(empty ? null : item);
            setGraphic(!empty && vm.isGallery(row) ? badge : null);
        }
    }

    private static final class TooltipCell extends TableCell<ModelRow, String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty ? null : item);
            setTooltip(empty || item == null || item.isEmpty() ? null : new Tooltip(item));
        }
    }

    private static final class BadgeCell extends TableCell<ModelRow, String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            setGraphic(empty || item == null ? null : Ui.badge(item));
            setAlignment(Pos.CENTER_LEFT);
        }
    }

    /** Marks damaged rows and the gallery model's row for the stylesheet. */
    private final class ModelTableRow extends TableRow<ModelRow> {
        @Override
        protected void updateItem(ModelRow item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeAll("damaged", "gallery-row");
            if (!empty && item != null) {
                if (item.isDamaged()) {
                    getStyleClass().add("damaged");
                }
                if (vm.isGallery(item)) {
                    getStyleClass().add("gallery-row");
                }
            }
        }
    }
}
