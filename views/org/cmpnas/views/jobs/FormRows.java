package org.cmpnas.views.jobs;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.cmpnas.views.common.Ui;

/**
 * The layout every job form shares: a label column, the field, and the field's message right beside
 * it (red when something is wrong, grey for a hint), rows that show only when they apply, and the
 * buttons at the bottom.
 */
final class FormRows extends VBox {
    static final double LABEL_WIDTH = 104;
    static final double NUMBER_WIDTH = 96;
    private static final double GAP = 10;

    FormRows() {
        super(6);
    }

    /** A field as wide as the form, its message on the line below. */
    Node wide(String text, Control field, ObservableStringValue error, ObservableStringValue hint) {
        HBox line = new HBox(GAP, label(text, field), field);
        line.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(field, Priority.ALWAYS);
        field.setMaxWidth(Double.MAX_VALUE);
        VBox row = new VBox(2, line);
        if (error != null) {
            Label message = message(error, hint);
            message.setPadding(new javafx.geometry.Insets(0, 0, 0, LABEL_WIDTH + GAP));
            message.managedProperty().bind(message.textProperty().isNotEmpty());
            message.visibleProperty().bind(message.managedProperty());
            row.getChildren().add(message);
        }
        markInvalid(field, error);
        getChildren().add(row);
        return row;
    }

    /** A short text field with its message to the right. */
    Node number(String text, String id, StringProperty value, ObservableStringValue error, ObservableStringValue hint,
                String tooltip) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(value);
        field.setPrefWidth(NUMBER_WIDTH);
        field.setMinWidth(NUMBER_WIDTH);
        field.setMaxWidth(NUMBER_WIDTH);
        Ui.tip(field, tooltip);
        Label message = message(error, hint);
        HBox.setHgrow(message, Priority.ALWAYS);
        message.setMaxWidth(Double.MAX_VALUE);
        message.setMinWidth(0);
        HBox row = new HBox(GAP, label(text, field), field, message);
        row.setAlignment(Pos.CENTER_LEFT);
        markInvalid(field, error);
        getChildren().add(row);
        return row;
    }

    Node number(String text, String id, StringProperty value, ObservableStringValue error, String hint, String tooltip) {
        return number(text, id, value, error, Bindings.createStringBinding(() -> hint), tooltip);
    }

    /** A text field as wide as the form without a message (an optional name). */
    TextField name(String id, StringProperty value, String prompt, String tooltip) {
        return name(id, value, prompt, tooltip, null);
    }

    /** As {@link #name(String, StringProperty, String, String)}, with a warning shown below it (never an error). */
    TextField name(String id, StringProperty value, String prompt, String tooltip, ObservableStringValue warning) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.textProperty().bindBidirectional(value);
        Ui.tip(field, tooltip);
        wide("Name", field, warning == null ? null : new javafx.beans.property.SimpleStringProperty(), warning);
        return field;
    }

    /** A box of runs to choose from (galleries, supernets, searches), shown by name and detail. */
    static ComboBox<RunOption> runBox(String id, ObservableList<RunOption> options, ObjectProperty<RunOption> value,
                                      String prompt) {
        ComboBox<RunOption> box = new ComboBox<>(options);
        box.setId(id);
        box.setPromptText(prompt);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(RunOption o) {
                return o == null ? "" : o.label();
            }

            @Override
            public RunOption fromString(String s) {
                return null; // not editable
            }
        });
        box.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(RunOption o, boolean empty) {
                super.updateItem(o, empty);
                setText(empty || o == null ? null : o.label());
                setTooltip(empty || o == null ? null : new Tooltip("run " + o.id()));
            }
        });
        box.valueProperty().bindBidirectional(value);
        return box;
    }

    /** Shows a row only while {@code when} holds; hidden rows take no space. */
    static void showWhen(Node row, ObservableBooleanValue when) {
        row.visibleProperty().bind(when);
        row.managedProperty().bind(when);
    }

    /** A form's bottom line: a note on the left, Defaults and Start on the right. */
    static HBox buttons(Node note, Button defaults, Button start) {
        HBox buttons = new HBox(8, note, Ui.hgrow(), defaults, start);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.setPadding(new javafx.geometry.Insets(4, 0, 0, 0));
        return buttons;
    }

    /** The Start button: primary, enabled only while the form is valid; Enter presses it while {@code shown}. */
    static Button start(String id, ObservableBooleanValue valid, ObservableBooleanValue shown, Runnable action, String tooltip) {
        Button start = Ui.tip(new Button("Start"), tooltip + " (Enter)");
        start.setId(id);
        start.getStyleClass().add("primary");
        start.defaultButtonProperty().bind(shown);
        start.disableProperty().bind(Bindings.createBooleanBinding(() -> !valid.get(), valid));
        start.setOnAction(e -> action.run());
        return start;
    }

    /** A line saying what the form's job does, wrapped to the form's width. */
    static Label about(String text) {
        Label l = Ui.label(text, "field-hint");
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    /** A problem with settings the form does not show (a repeated run's), in red under the fields. */
    static Label formError(ObservableStringValue error) {
        Label l = Ui.label("", "field-error");
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.textProperty().bind(error);
        l.managedProperty().bind(Bindings.createBooleanBinding(() -> error.get() != null, error));
        l.visibleProperty().bind(l.managedProperty());
        return l;
    }

    private static Label label(String text, Control field) {
        Label l = Ui.label(text, "field-label");
        l.setLabelFor(field);
        l.setMinWidth(LABEL_WIDTH);
        l.setPrefWidth(LABEL_WIDTH);
        return l;
    }

    /** The error when there is one (red), else the hint (grey). */
    private static Label message(ObservableStringValue error, ObservableStringValue hint) {
        Label l = new Label();
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE); // a long message wraps onto a second line instead of being cut
        l.textProperty().bind(Bindings.createStringBinding(() -> error.get() != null ? error.get()
                : hint == null || hint.get() == null ? "" : hint.get(), error, hint == null ? error : hint));
        Runnable restyle = () -> {
            l.getStyleClass().removeAll("field-error", "field-hint");
            l.getStyleClass().add(error.get() != null ? "field-error" : "field-hint");
        };
        error.addListener(o -> restyle.run());
        restyle.run();
        return l;
    }

    private static void markInvalid(Control field, ObservableStringValue error) {
        if (error == null) {
            return;
        }
        Runnable restyle = () -> {
            field.getStyleClass().remove("invalid");
            if (error.get() != null) {
                field.getStyleClass().add("invalid");
            }
        };
        error.addListener(o -> restyle.run());
        restyle.run();
    }
}
