package org.cmpnas.views.common;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;

/** Small builders the views share, so the same thing looks the same everywhere. */
public final class Ui {
    /** The stylesheet of the whole window. */
    public static final String STYLESHEET = Ui.class.getResource("/org/cmpnas/views/workbench.css").toExternalForm();

    private Ui() {
    }

    public static Label label(String text, String... styleClasses) {
        Label l = new Label(text);
        l.getStyleClass().addAll(styleClasses);
        return l;
    }

    /** A small pill for a state such as "finished" or "failed" (style class state-&lt;state&gt;). */
    public static Label badge(String state) {
        Label l = label(state, "badge", "state-" + state);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** Restyles a badge for another state. */
    public static void setBadge(Label badge, String state) {
        badge.getStyleClass().removeIf(c -> c.startsWith("state-"));
        badge.getStyleClass().add("state-" + state);
        badge.setText(state);
    }

    public static Region hgrow() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    public static <T extends Control> T tip(T control, String text) {
        Tooltip t = new Tooltip(text);
        t.setShowDelay(Duration.millis(400));
        t.setWrapText(true);
        t.setMaxWidth(420);
        control.setTooltip(t);
        return control;
    }

    /** Two columns of label and value; long values wrap. */
    public static GridPane facts(List<Fact> facts) {
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(5);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setMinWidth(60);
        grid.getColumnConstraints().addAll(labels, values);
        int row = 0;
        for (Fact f : facts) {
            Label name = label(f.label(), "fact-label");
            Label value = label(f.value(), "fact-value");
            value.setWrapText(true);
            value.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
            grid.addRow(row++, name, value);
        }
        return grid;
    }

    public static Node withStyle(Node node, String... styleClasses) {
        node.getStyleClass().addAll(styleClasses);
        return node;
    }
}
