package org.cmpnas.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.geometry.Orientation;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.cmpnas.app.AppContext;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.store.RunRecord;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.engine.store.SampleRuns;
import org.cmpnas.views.common.GalleryModel;
import org.cmpnas.views.shell.ViewId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window at the sizes of a projector and a small laptop (1024 x 700, 1280 x 720), on the shipped sample
 * runs and a training job running: no button, label or number is cut short in any main view. Long names in a
 * table's name and architecture columns and the store's path in the status bar may be shortened (their tooltips
 * say them whole).
 */
@ExtendWith(ApplicationExtension.class)
class SmallWindowLayoutTest {
    private AppContext context;
    private Stage stage;

    @Start
    void start(Stage stage) throws IOException {
        RunStore store = new RunStore(Files.createTempDirectory("cmpnas-layout-test"));
        new SampleRuns(Path.of("sample-data", "runs")).copyInto(store); // what "Load sample runs" does
        this.stage = stage;
        // a training that runs until cancelled, reporting as a real one does: the Jobs view shows its figures
        context = AppContext.withJobs(store, (s, config) -> Job.of("train " + config.name(), (listener, token) -> {
            for (int epoch = 1; ; epoch++) {
                token.check();
                listener.progress(epoch, 100_000, "epoch " + epoch + "/100000");
                listener.metric("train.loss", 1.0 / epoch, epoch * 859L, epoch);
                listener.metric("val.top1", 88.5, epoch * 859L, epoch);
                listener.metric("val.mAP", 81.25, epoch * 859L, epoch);
                listener.metric("epoch", epoch, epoch * 859L, epoch);
                WaitForAsyncUtils.sleep(50, TimeUnit.MILLISECONDS);
            }
        }));
        context.show(stage);
        RunRecord paragon = store.load("20261126-152110-927d");
        context.state().galleryModelProperty().set(GalleryModel.of(paragon));
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void nothingIsCutShortAt1024By700OrAt1280By720(FxRobot robot) throws Exception {
        robot.interact(() -> context.jobs().start());
        List<String> cut = new ArrayList<>();
        for (int[] size : new int[][] {{1024, 700}, {1280, 720}}) {
            robot.interact(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            for (ViewId view : ViewId.values()) {
                robot.interact(() -> context.shell().show(view));
                WaitForAsyncUtils.sleep(600, TimeUnit.MILLISECONDS);
                WaitForAsyncUtils.waitForFxEvents();
                robot.interact(() -> collect(stage.getScene().getRoot(), size[0] + "x" + size[1] + " " + view, cut));
            }
        }
        robot.interact(() -> context.jobs().cancelAll());
        assertThat(cut).as("cut short").isEmpty();
    }

    private static void collect(Node node, String where, List<String> cut) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isBlank()
                && !(labeled instanceof TableCell<?, ?> cell && mayShorten(cell)) && !"store-path".equals(labeled.getId())) {
            Node text = labeled.lookup(".text");
            // an ellipsis, not a value that moved on between its property and its drawing (the job keeps reporting)
            if (text instanceof Text shown && !shown.getText().equals(labeled.getText()) && ellipsized(shown.getText())) {
                cut.add(where + ": '" + labeled.getText() + "' shown as '" + shown.getText() + "'");
            }
        }
        if (node instanceof ScrollBar bar && bar.getOrientation() == Orientation.HORIZONTAL && bar.getVisibleAmount() < bar.getMax() - bar.getMin()
                && !(bar.getParent() instanceof javafx.scene.control.skin.VirtualFlow<?> flow && flow.getParent() instanceof ListView<?>)) {
            cut.add(where + ": a horizontal scroll bar in " + bar.getParent().getClass().getSimpleName() + " (something is pushed out of view)");
        }
        if (node instanceof TableView<?> table && table.getWidth() > 0) {
            double columns = table.getVisibleLeafColumns().stream().mapToDouble(TableColumnBase::getWidth).sum();
            if (columns > table.getWidth() + 1) {
                cut.add(where + ": table " + table.getId() + " needs " + Math.round(columns) + " px but has " + Math.round(table.getWidth()));
            }
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collect(child, where, cut));
        }
    }

    private static boolean ellipsized(String shown) {
        return shown.endsWith("...") || shown.endsWith("…") || shown.startsWith("...") || shown.startsWith("…");
    }

    private static boolean mayShorten(TableCell<?, ?> cell) {
        String column = cell.getTableColumn() == null || cell.getTableColumn().getText() == null ? "" : cell.getTableColumn().getText();
        return column.equals("Name") || column.equals("Architecture") || column.equals("Arch");
    }
}
