package org.cmpnas.views.shell;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.cmpnas.views.common.Ui;

/**
 * The window's frame: the sidebar that switches views, the current view under its title, and the
 * status bar (engine, gallery model, store). The views themselves are built once and kept, so
 * switching never loses what was typed or selected.
 */
public final class ShellView extends BorderPane {
    private final ShellViewModel vm;
    private final Map<ViewId, Node> views = new EnumMap<>(ViewId.class);
    private final Map<ViewId, ToggleButton> navButtons = new EnumMap<>(ViewId.class);
    private final StackPane content = new StackPane();
    private final Label title = Ui.label("", "h1");
    private final Label description = Ui.label("", "subtitle");

    /**
     * @param openStore asks the user for a store folder and opens it (the app owns the file dialog,
     *                  so tests and screenshots never meet a native dialog)
     */
    public ShellView(ShellViewModel vm, Map<ViewId, Node> viewNodes, Consumer<Node> openStore) {
        this(vm, viewNodes, openStore, null);
    }

    /** @param samples offers the shipped sample runs while the store is empty (null: no offer) */
    public ShellView(ShellViewModel vm, Map<ViewId, Node> viewNodes, Consumer<Node> openStore, SampleRunsOffer samples) {
        this.vm = vm;
        getStyleClass().add("shell");
        getStylesheets().add(Ui.STYLESHEET);
        views.putAll(viewNodes);
        setLeft(sidebar());
        VBox header = new VBox(title, description);
        header.getStyleClass().add("view-header");
        content.getStyleClass().add("view-body");
        VBox.setVgrow(content, Priority.ALWAYS);
        VBox center = new VBox(header, content);
        if (samples != null) {
            center.getChildren().add(1, sampleBanner(samples));
        }
        setCenter(center);
        setBottom(statusBar(openStore));
        vm.currentProperty().addListener((obs, old, now) -> showView(now));
        showView(vm.currentProperty().get());
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                installShortcuts();
            }
        });
    }

    private Node sidebar() {
        Label brand = Ui.label("CMP-NAS", "brand-title");
        Label sub = Ui.label("Workbench", "brand-subtitle");
        VBox brandBox = new VBox(brand, sub);
        brandBox.getStyleClass().add("brand");
        VBox bar = new VBox(brandBox);
        bar.getStyleClass().add("sidebar");
        ToggleGroup group = new ToggleGroup();
        int index = 1;
        for (ViewId id : ViewId.values()) {
            if (!views.containsKey(id)) {
                continue;
            }
            ToggleButton b = new ToggleButton(id.title());
            b.setId("nav-" + id.id());
            b.getStyleClass().setAll("nav-item");
            b.setToggleGroup(group);
            b.setMaxWidth(Double.MAX_VALUE);
            Ui.tip(b, id.description() + "  (Ctrl+" + index++ + ")");
            b.setOnAction(e -> {
                vm.show(id);
                b.setSelected(true); // a toggle group would otherwise allow "nothing selected"
            });
            navButtons.put(id, b);
            bar.getChildren().add(b);
        }
        Region grow = new Region();
        VBox.setVgrow(grow, Priority.ALWAYS);
        bar.getChildren().addAll(grow, Ui.label("Ctrl+1…" + (index - 1) + " switch views", "nav-hint"));
        return bar;
    }

    private static Node sampleBanner(SampleRunsOffer samples) {
        Label text = new Label(samples.message());
        text.setWrapText(true);
        Label problem = Ui.label("", "field-error");
        problem.textProperty().bind(samples.problemProperty());
        problem.visibleProperty().bind(samples.problemProperty().isNotNull());
        problem.managedProperty().bind(problem.visibleProperty());
        Button load = Ui.tip(new Button("Load sample runs"), "Copies the shipped runs into this store; nothing already there is changed");
        load.setId("load-samples");
        load.getStyleClass().add("primary");
        load.disableProperty().bind(samples.copyingProperty());
        load.setOnAction(e -> samples.accept());
        load.setMinWidth(Region.USE_PREF_SIZE);
        VBox words = new VBox(4, text, problem);
        HBox.setHgrow(words, Priority.ALWAYS);
        HBox banner = new HBox(12, words, load);
        banner.setId("sample-banner");
        banner.getStyleClass().add("sample-banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.visibleProperty().bind(samples.visibleProperty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    private Node statusBar(Consumer<Node> openStore) {
        Circle dot = new Circle(4.5);
        dot.getStyleClass().add("engine-dot");
        vm.engineBusyProperty().addListener((obs, old, busy) -> {
            dot.getStyleClass().remove("busy");
            if (busy) {
                dot.getStyleClass().add("busy");
            }
        });
        Label engine = new Label();
        engine.setId("engine-status");
        engine.textProperty().bind(vm.engineTextProperty());
        engine.setMinWidth(Region.USE_PREF_SIZE);
        Label engineKey = Ui.label("Engine:", "status-key");
        engineKey.setMinWidth(Region.USE_PREF_SIZE);

        Label galleryKey = Ui.label("Gallery model:", "status-key");
        galleryKey.setMinWidth(Region.USE_PREF_SIZE);
        Label gallery = new Label();
        gallery.setId("gallery-status");
        gallery.textProperty().bind(vm.galleryTextProperty());
        gallery.setMinWidth(Region.USE_PREF_SIZE);

        Label storeKey = Ui.label("Store:", "status-key");
        storeKey.setMinWidth(Region.USE_PREF_SIZE);
        Label store = new Label();
        store.setId("store-path");
        store.textProperty().bind(vm.storeTextProperty());
        store.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS); // the end of a path says the most
        store.setMinWidth(60);
        Tooltip storeTip = new Tooltip();
        storeTip.textProperty().bind(vm.storeTextProperty());
        store.setTooltip(storeTip);
        Button open = Ui.tip(new Button("Open store…"), "Work on another run store folder");
        open.setId("open-store");
        open.setOnAction(e -> openStore.accept(this));
        open.setMinWidth(Region.USE_PREF_SIZE);

        HBox bar = new HBox(dot, engineKey, engine, separator(), galleryKey, gallery, separator(), storeKey, store,
                Ui.hgrow(), open);
        bar.setSpacing(6);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setMargin(galleryKey, new Insets(0, 0, 0, 6));
        HBox.setMargin(storeKey, new Insets(0, 0, 0, 6));
        return bar;
    }

    private static Region separator() {
        Region r = new Region();
        r.getStyleClass().add("status-separator");
        HBox.setMargin(r, new Insets(0, 0, 0, 6));
        return r;
    }

    private void showView(ViewId id) {
        Node view = views.get(id);
        if (view == null) {
            return;
        }
        title.setText(id.title());
        description.setText(id.description());
        content.getChildren().setAll(view);
        ToggleButton b = navButtons.get(id);
        if (b != null) {
            b.setSelected(true);
        }
    }

    private void installShortcuts() {
        int index = 1;
        for (ViewId id : navButtons.keySet()) {
            KeyCode digit = KeyCode.valueOf("DIGIT" + index++);
            getScene().getAccelerators().put(new KeyCodeCombination(digit, KeyCombination.SHORTCUT_DOWN), () -> vm.show(id));
        }
        getScene().getAccelerators().put(new KeyCodeCombination(KeyCode.F5), vm::refresh);
    }
}
