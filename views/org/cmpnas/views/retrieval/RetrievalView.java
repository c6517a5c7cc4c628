package org.cmpnas.views.retrieval;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.Observable;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;
import javafx.stage.FileChooser;
import org.cmpnas.engine.data.LabeledImages;
import org.cmpnas.engine.eval.DemoHit;
import org.cmpnas.engine.eval.DemoQuery;
import org.cmpnas.engine.eval.DemoRow;
import org.cmpnas.engine.eval.DemoSearch;
import org.cmpnas.views.common.Ui;
import org.cmpnas.views.retrieval.RetrievalViewModel.Phase;

/**
 * The retrieval demo: the query on the left, the three searches as rows of enlarged result images on
 * the right, each framed green (the query's class) or red (another class). Arrow keys step through
 * the query set; an image file can be opened or dropped anywhere on the view. Binds to
 * {@link RetrievalViewModel}; sizes the pictures to the space it has, nothing else.
 */
public final class RetrievalView extends VBox {
    private static final String STYLESHEET = RetrievalView.class.getResource("/org/cmpnas/views/retrieval.css").toExternalForm();
    /** Space a result tile and its row need besides the picture: frame and card padding across; title and captions down. */
    private static final int TILE_EXTRA_WIDTH = 8;
    private static final int ROW_EXTRA_WIDTH = 32;
    private static final int ROW_EXTRA_HEIGHT = 86;
    private static final int MAX_TILE_SCALE = 6;
    private static final int MAX_QUERY_SCALE = 8;

    private final RetrievalViewModel vm;
    private final VBox queryPanel = new VBox();
    private final ImageView queryImage = new ImageView();
    private final Label queryCaption = Ui.label("", "query-caption");
    private final Label queryPosition = Ui.label("", "query-position");
    private final VBox rowsBox = new VBox();
    private final Map<DemoSearch, RowView> rows = new EnumMap<>(DemoSearch.class);
    private File lastFolder;

    /** @param showModels switches to the Models view, where the gallery model is chosen */
    public RetrievalView(RetrievalViewModel vm, Runnable showModels) {
        this.vm = vm;
        setId("retrieval-view");
        getStyleClass().add("retrieval-view");
        getStylesheets().add(STYLESHEET);

        StackPane body = new StackPane(content(), placeholder(showModels));
        VBox.setVgrow(body, Priority.ALWAYS);
        getChildren().addAll(toolbar(), body);

        vm.shownProperty().addListener((obs, old, now) -> {
            redraw();
            if (old == null && now != null && getScene() != null) {
                queryPanel.requestFocus(); // the results just appeared: arrow keys step through them
            }
        });
        rowsBox.widthProperty().addListener((obs, old, now) -> redraw());
        rowsBox.heightProperty().addListener((obs, old, now) -> redraw());
        queryPanel.heightProperty().addListener((obs, old, now) -> redraw());
        installKeys();
        installDrop();
        // Arrow keys work as soon as the view is shown, without a click first.
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                Platform.runLater(queryPanel::requestFocus);
            }
        });
    }

    private Node toolbar() {
        ComboBox<QueryModelChoice> model = new ComboBox<>(vm.choices());
        model.setId("demo-query-model");
        model.setPrefWidth(410);
        model.setMinWidth(200);
        model.valueProperty().bindBidirectional(vm.selectedProperty());
        model.setCellFactory(list -> new ChoiceCell());
        model.setButtonCell(new ChoiceCell());
        model.setPromptText("no query model");
        Ui.tip(model, "The small model Q that embeds the query. Other views set it with “open in retrieval demo”; "
                + "by default the model that searches the gallery model's gallery best (M(Q,G) mAP).");

        Spinner<Integer> k = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, RetrievalViewModel.MAX_K,
                vm.kProperty().get()));
        k.setId("demo-k");
        k.setPrefWidth(76);
        k.setMinWidth(76);
        // typed values count too: digits only, taken on Enter and when the field loses focus
        k.setEditable(true);
        k.getEditor().setTextFormatter(new TextFormatter<>(change -> change.getControlNewText().matches("\\d{0,3}") ? change : null));
        k.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused) {
                commit(k);
            }
        });
        k.getValueFactory().valueProperty().addListener((obs, old, now) -> vm.kProperty().set(now));
        vm.kProperty().addListener((obs, old, now) -> k.getValueFactory().setValue(now.intValue()));
        Ui.tip(k, "How many gallery results each search shows (top-k)");

        Button index = Ui.tip(new Button("Gallery index…"), "Search a gallery index too (made by cmpnas index with the current gallery "
                + "model, e.g. of a whole photo collection): a fourth row, the query model's query in the index's HNSW graph");
        index.setId("demo-open-index");
        index.setOnAction(e -> chooseIndex());
        index.disableProperty().bind(vm.phaseProperty().isNotEqualTo(Phase.READY));
        index.setMinWidth(Region.USE_PREF_SIZE);
        Label modelLabel = Ui.label("Query model Q", "field-label");
        modelLabel.setMinWidth(Region.USE_PREF_SIZE);
        Label kLabel = Ui.label("Results per row", "field-label");
        kLabel.setMinWidth(Region.USE_PREF_SIZE);
        // The gallery model G is named in the status bar and in the paragon row below, and an image of one's own is
        // opened from the query panel: the query model gets the room.
        HBox bar = new HBox(modelLabel, model, kLabel, k, index);
        bar.getStyleClass().addAll("toolbar-row", "demo-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private Node content() {
        queryPanel.setId("demo-query");
        queryPanel.getStyleClass().addAll("card", "query-panel");
        queryPanel.setFocusTraversable(true);
        queryPanel.setOnMouseClicked(e -> queryPanel.requestFocus());
        queryImage.setId("demo-query-image");
        queryImage.setSmooth(false);
        StackPane frame = new StackPane(queryImage);
        frame.getStyleClass().add("query-frame");
        frame.setMaxWidth(Region.USE_PREF_SIZE);
        queryCaption.setId("demo-query-caption");
        queryCaption.setWrapText(true);
        queryPosition.setId("demo-query-position");

        Button previous = Ui.tip(new Button("◀"), "Previous query (←; Page Up goes back 10, Home to the first)");
        previous.setId("demo-previous");
        previous.setOnAction(e -> vm.previous());
        previous.setFocusTraversable(false);
        Button next = Ui.tip(new Button("▶"), "Next query (→; Page Down goes on 10, End to the last)");
        next.setId("demo-next");
        next.setOnAction(e -> vm.next());
        next.setFocusTraversable(false);
        HBox arrows = new HBox(previous, next);
        arrows.getStyleClass().add("query-arrows");

        Label hint = Ui.label("← → step through the test query set.\nDrop an image file here\nor open one to search with it.", "muted", "query-hint");
        hint.setWrapText(true);
        Label notice = Ui.label("", "query-notice");
        notice.setId("demo-notice");
        notice.setWrapText(true);
        notice.textProperty().bind(vm.noticeProperty());
        notice.visibleProperty().bind(vm.noticeProperty().isNotNull());
        notice.managedProperty().bind(notice.visibleProperty());

        Button open = Ui.tip(new Button("Open image…"), "Search with an image file of your own (PNG, JPEG, BMP, GIF, WebP or TIFF): "
                + "it is read as the dataset's images are (their colour and size, the centre cropped). You can also drop "
                + "a file onto this view. Fashion-MNIST pictures are light objects on black.");
        open.setId("demo-open-image");
        open.setOnAction(e -> chooseImage());
        open.disableProperty().bind(vm.phaseProperty().isNotEqualTo(Phase.READY));
        open.setMinWidth(Region.USE_PREF_SIZE);

        queryPanel.getChildren().addAll(Ui.label("Query", "card-title"), frame, queryCaption, queryPosition, arrows, hint, open, notice);
        queryPanel.setMinWidth(Region.USE_PREF_SIZE);
        queryPanel.setMinHeight(0);

        rowsBox.setId("demo-rows");
        rowsBox.getStyleClass().add("demo-rows");
        for (DemoSearch search : DemoSearch.values()) {
            RowView row = new RowView(search);
            rows.put(search, row);
            rowsBox.getChildren().add(row);
            VBox.setVgrow(row, Priority.ALWAYS);
        }
        rowsBox.setMinWidth(0);
        rowsBox.setMinHeight(0);
        rowsBox.setOnMouseClicked(e -> queryPanel.requestFocus());
        HBox.setHgrow(rowsBox, Priority.ALWAYS);

        HBox content = new HBox(queryPanel, rowsBox);
        content.getStyleClass().add("demo-content");
        content.visibleProperty().bind(vm.shownProperty().isNotNull());
        return content;
    }

    private Node placeholder(Runnable showModels) {
        Label text = Ui.label("", "demo-message");
        text.setId("demo-message");
        text.setWrapText(true);
        text.textProperty().bind(vm.messageProperty());
        ProgressBar bar = new ProgressBar();
        bar.setId("demo-progress");
        bar.setPrefWidth(360);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.phaseProperty().isEqualTo(Phase.LOADING));
        bar.managedProperty().bind(bar.visibleProperty());
        Button models = Ui.tip(new Button("Go to Models"), "Choose the gallery model there (Use as gallery model)");
        models.setId("demo-go-to-models");
        models.getStyleClass().add("primary");
        models.setOnAction(e -> showModels.run());
        models.visibleProperty().bind(vm.phaseProperty().isEqualTo(Phase.NO_GALLERY));
        models.managedProperty().bind(models.visibleProperty());
        VBox box = new VBox(text, bar, models);
        box.getStyleClass().add("demo-placeholder");
        box.setAlignment(Pos.CENTER);
        box.setMaxWidth(640);
        box.visibleProperty().bind(vm.shownProperty().isNull());
        vm.phaseProperty().addListener((Observable obs) -> {
            text.getStyleClass().remove("failed");
            if (vm.phaseProperty().get() == Phase.FAILED) {
                text.getStyleClass().add("failed");
            }
        });
        return box;
    }

    /** Draws the shown query and rows at the largest whole-pixel scale that fits. */
    private void redraw() {
        RetrievalViewModel.Shown shown = vm.shownProperty().get();
        LabeledImages gallery = vm.galleryImages();
        if (shown == null || gallery == null) {
            return;
        }
        DemoQuery q = shown.query();
        double panelHeight = queryPanel.getHeight() > 0 ? queryPanel.getHeight() : 600;
        int querySpace = (int) Math.min(232, panelHeight - 250); // the caption, position, arrows and hint below it
        int queryScale = clamp(querySpace / Math.max(q.rows(), q.cols()), 1, MAX_QUERY_SCALE);
        queryImage.setImage(PixelArt.enlarge(q.pixels(), 0, q.channels(), q.rows(), q.cols(), queryScale));
        queryCaption.setText(vm.queryCaption());
        queryPosition.setText(vm.queryPosition());

        int k = shown.rows().isEmpty() ? 1 : Math.max(1, shown.rows().get(0).hits().size());
        double width = rowsBox.getWidth() > 0 ? rowsBox.getWidth() : 760;
        double height = rowsBox.getHeight() > 0 ? rowsBox.getHeight() : 600;
        double slot = (width - ROW_EXTRA_WIDTH - (k - 1) * 10.0) / k;
        int byWidth = (int) (slot - TILE_EXTRA_WIDTH) / gallery.cols();
        int byHeight = (int) ((height - 16) / shown.rows().size() - ROW_EXTRA_HEIGHT) / gallery.rows();
        int scale = clamp(Math.min(byWidth, byHeight), 1, MAX_TILE_SCALE);
        // A tile takes its whole slot, not just its picture's width, so class names fit beside small pictures.
        double tileWidth = Math.max(gallery.cols() * scale + TILE_EXTRA_WIDTH, Math.floor(slot));
        for (DemoRow row : shown.rows()) {
            rows.get(row.search()).show(row, row.pictures() != null ? row.pictures() : gallery, scale, tileWidth);
        }
        RowView indexRow = rows.get(DemoSearch.INDEX);
        indexRow.setVisible(shown.rows().stream().anyMatch(r -> r.search() == DemoSearch.INDEX));
        indexRow.setManaged(indexRow.isVisible());
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** The spinner's typed text as its value, within its bounds; an empty or unreadable text puts the value back. */
    private static void commit(Spinner<Integer> spinner) {
        SpinnerValueFactory.IntegerSpinnerValueFactory f = (SpinnerValueFactory.IntegerSpinnerValueFactory) spinner.getValueFactory();
        String text = spinner.getEditor().getText();
        if (text == null || text.isBlank()) {
            spinner.getEditor().setText(Integer.toString(f.getValue()));
            return;
        }
        f.setValue(clamp(Integer.parseInt(text.trim()), f.getMin(), f.getMax()));
        spinner.getEditor().setText(Integer.toString(f.getValue()));
    }

    private void installKeys() {
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            Node focused = getScene() == null ? null : getScene().getFocusOwner();
            if (focused instanceof TextInputControl t && t.isEditable() || focused instanceof Spinner<?> s && s.isEditable()) {
                return; // keys edit the field (End moves its caret), they do not step through the queries
            }
            switch (e.getCode()) {
                case LEFT, KP_LEFT -> vm.previous();
                case RIGHT, KP_RIGHT -> vm.next();
                case PAGE_UP -> vm.step(-10);
                case PAGE_DOWN -> vm.step(10);
                case HOME -> vm.first();
                case END -> vm.last();
                default -> {
                    return;
                }
            }
            e.consume();
        });
    }

    private void installDrop() {
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && vm.phaseProperty().get() == Phase.READY) {
                e.acceptTransferModes(TransferMode.COPY);
                if (!getStyleClass().contains("drop-target")) {
                    getStyleClass().add("drop-target");
                }
            }
            e.consume();
        });
        setOnDragExited(e -> getStyleClass().remove("drop-target"));
        setOnDragDropped(e -> {
            List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            if (!files.isEmpty()) {
                vm.openImage(files.get(0).toPath());
            }
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });
    }

    private void chooseImage() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Search with an image");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Images (PNG, JPEG, BMP, GIF)", "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif"),
                new FileChooser.ExtensionFilter("All files", "*"));
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File file = chooser.showOpenDialog(getScene().getWindow());
        if (file != null) {
            lastFolder = file.getParentFile();
            vm.openImage(file.toPath());
        }
    }

    private void chooseIndex() {
        javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
        chooser.setTitle("Search a gallery index (a folder made by cmpnas index)");
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File folder = chooser.showDialog(getScene().getWindow());
        if (folder != null) {
            lastFolder = folder.getParentFile();
            vm.openIndex(folder.toPath());
        }
    }

    /** A query model in the list: its name, cost and result with the gallery model. */
    private static final class ChoiceCell extends ListCell<QueryModelChoice> {
        @Override
        protected void updateItem(QueryModelChoice item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.label());
        }
    }

    /** One search: its title, what it costs, how many results are right, and the result tiles. */
    private final class RowView extends VBox {
        private final Label title = Ui.label("", "demo-row-title");
        private final Label detail = Ui.label("", "demo-row-detail");
        private final Label score = Ui.label("", "demo-row-score");
        private final HBox tiles = new HBox();
        private final List<Tile> tileViews = new ArrayList<>();
        private final Tooltip tip;
        private final Tooltip detailTip;
        private final String explanation;

        RowView(DemoSearch search) {
            String id = search.name().toLowerCase(Locale.ROOT).replace('_', '-');
            setId("demo-row-" + id);
            getStyleClass().addAll("card", "demo-row");
            title.setMinWidth(Region.USE_PREF_SIZE);
            detail.setMinWidth(0);
            score.setMinWidth(Region.USE_PREF_SIZE);
            explanation = switch (search) {
                case QUERY_ALONE -> "The small query model searches a gallery it embedded itself: the baseline without the large model.";
                case CROSS_MODEL -> "The small model embeds the query, the large gallery model embedded the gallery: "
                        + "heterogeneous search at the small model's cost. Compatible models do better here than alone.";
                case PARAGON -> "The large gallery model on both sides: the accuracy to approach, at the large model's cost per query.";
                case INDEX -> "The small model embeds the query; a gallery index the large gallery model embedded (cmpnas index) answers "
                        + "it from its HNSW graph: search at scale. Its images have no classes, so nothing is marked right or wrong.";
            };
            tip = Ui.tip(title, explanation).getTooltip();
            detailTip = Ui.tip(detail, "").getTooltip();
            // title and detail wrap onto two lines on a narrow window rather than either being cut short
            FlowPane heading = new FlowPane(8, 0, title, detail);
            heading.setRowValignment(javafx.geometry.VPos.BASELINE);
            HBox.setHgrow(heading, Priority.ALWAYS);
            score.setMinWidth(Region.USE_PREF_SIZE);
            HBox header = new HBox(heading, score);
            if (search == DemoSearch.INDEX) { // the index's row closes it, where it is seen
                Button close = Ui.tip(new Button("✕"), "Stop searching this gallery index");
                close.setId("demo-close-index");
                close.getStyleClass().add("row-close");
                close.setOnAction(e -> vm.closeIndex());
                close.setFocusTraversable(false);
                header.getChildren().add(close);
            }
            header.getStyleClass().add("demo-row-header");
            header.setAlignment(Pos.TOP_LEFT);
            tiles.getStyleClass().add("demo-tiles");
            getChildren().addAll(header, tiles);
            setMinHeight(0);
        }

        void show(DemoRow row, LabeledImages gallery, int scale, double tileWidth) {
            title.setText(vm.rowTitle(row));
            tip.setText(vm.rowModels(row) + ".\n" + explanation);
            detail.setText(vm.rowDetail(row));
            detailTip.setText(detail.getText()); // the detail may be cut short beside a long title
            score.setText(vm.rowScore(row));
            while (tileViews.size() < row.hits().size()) {
                tileViews.add(new Tile());
            }
            List<Node> nodes = new ArrayList<>(row.hits().size());
            for (int i = 0; i < row.hits().size(); i++) {
                Tile tile = tileViews.get(i);
                tile.show(row.hits().get(i), gallery, scale, tileWidth);
                nodes.add(tile);
            }
            if (!tiles.getChildren().equals(nodes)) {
                tiles.getChildren().setAll(nodes);
            }
        }
    }

    /** One result: the gallery picture in a frame coloured by class, its class and similarity. */
    private final class Tile extends VBox {
        private final ImageView image = new ImageView();
        private final StackPane frame = new StackPane(image);
        private final Label name = Ui.label("", "tile-class");
        private final Label similarity = Ui.label("", "tile-score");
        private final Tooltip tip;

        Tile() {
            getStyleClass().add("demo-tile");
            image.setSmooth(false);
            frame.getStyleClass().add("tile-frame");
            frame.setMaxWidth(Region.USE_PREF_SIZE);
            name.setWrapText(true); // "Ankle boot" breaks into two lines rather than "Ankl…" in a narrow slot
            name.setTextAlignment(TextAlignment.CENTER);
            name.setMinHeight(Region.USE_PREF_SIZE);
            tip = Ui.tip(name, "").getTooltip();
            getChildren().addAll(frame, name, similarity);
        }

        void show(DemoHit hit, LabeledImages gallery, int scale, double width) {
            image.setImage(PixelArt.enlarge(gallery.pixels(), gallery.offsetOf(hit.galleryIndex()), gallery.channels(), gallery.rows(),
                    gallery.cols(), scale));
            String mark = hit.sameClass() == null ? "" : hit.sameClass() ? "✓ " : "✗ ";
            // an index's image is named by its file (it has no class)
            String what = hit.source() != null ? Path.of(hit.source()).getFileName().toString() : vm.className(hit.label());
            name.setText(mark + what);
            similarity.setText(String.format(Locale.ROOT, "%.3f", hit.similarity()));
            tip.setText((hit.source() != null ? hit.source() : what) + ", similarity " + similarity.getText()
                    + (hit.source() != null ? "" : ", gallery image " + hit.galleryIndex()));
            setPrefWidth(width);
            setMaxWidth(width);
            frame.getStyleClass().removeAll("right", "wrong", "unknown");
            frame.getStyleClass().add(hit.sameClass() == null ? "unknown" : hit.sameClass() ? "right" : "wrong");
        }
    }
}
