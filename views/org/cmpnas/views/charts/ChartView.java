package org.cmpnas.views.charts;

import java.awt.image.BufferedImage;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import org.cmpnas.views.common.BackgroundLane;
import org.cmpnas.views.common.SameThreadLane;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/**
 * Shows an XChart plot as an image at exactly the size of this region (crisp, no scaling). Drawn as
 * a bitmap because XChart's Swing panel cannot run headless.
 *
 * <p>The UI thread only copies the data into a chart object; painting it (tens of milliseconds for a
 * long curve) happens on the window's chart lane, a thread of its own, so a live chart never delays a frame. Redraws are
 * throttled: however often the data changes, the chart is painted a few times a second at most, and
 * a redraw requested while one is being painted waits for it.
 */
public final class ChartView extends Region {
    private static final long MIN_INTERVAL_MS = 300;
    private static final int MIN_SIZE = 80;
    // One lane for every chart of the window: Java2D painting into an image needs no UI thread. The
    // window gives it a thread of its own; until then (view tests) charts paint on the calling thread.
    private static volatile BackgroundLane painter = new SameThreadLane();

    /** Builds the chart for a size, or returns null when there is nothing to draw yet. Called on the UI thread. */
    @FunctionalInterface
    public interface Source {
        XYChart build(int width, int height);
    }

    // Redraws scheduled or being painted, over all charts: lets a screenshot wait until every chart is drawn.
    private static final AtomicInteger UNFINISHED = new AtomicInteger();

    private final Source source;
    private final ImageView image = new ImageView();
    private final Label placeholder = new Label();
    private final StringProperty emptyText = new SimpleStringProperty(this, "emptyText", "No data yet");
    private final ReadOnlyObjectWrapper<XYChart> shown = new ReadOnlyObjectWrapper<>(this, "shownChart");
    private boolean redrawPending;
    private boolean painting;
    private long lastDrawn;
    private int drawnWidth;
    private int drawnHeight;

    public ChartView(Source source) {
        this.source = source;
        getStyleClass().add("chart-view");
        placeholder.getStyleClass().add("placeholder");
        placeholder.textProperty().bind(emptyText);
        placeholder.setAlignment(Pos.CENTER);
        placeholder.setWrapText(true);
        placeholder.setVisible(false); // until a draw finds no data
        getChildren().addAll(image, placeholder);
        setMinSize(MIN_SIZE, MIN_SIZE);
        setPrefSize(400, 240);
    }

    /** Paints every chart on {@code lane} from now on, and loads the chart classes and fonts there, so the first real chart is not slow. */
    public static void paintOn(BackgroundLane lane) {
        painter = lane;
        lane.run(() -> BitmapEncoder.getBufferedImage(ChartStyle.lineChart(100, 80, "x", "y")), image -> { }, failure -> { });
    }

    /** Whether any chart of the window still has a redraw scheduled or being painted. */
    public static boolean anyUnfinished() {
        return UNFINISHED.get() > 0;
    }

    /** Shown in place of the chart while {@link Source#build} returns null. */
    public StringProperty emptyTextProperty() {
        return emptyText;
    }

    /**
     * The chart whose picture is on screen, already painted, so its axes map data to this region's
     * pixels ({@code getScreenXFromChart}, {@code getChartXFromCoordinate}): for hovering and clicking
     * points. Null while the placeholder shows. Never change it: it is the drawing's record.
     */
    public ReadOnlyObjectProperty<XYChart> shownChartProperty() {
        return shown.getReadOnlyProperty();
    }

    /** The data changed: draw again soon (throttled). */
    public void redraw() {
        if (redrawPending) {
            return;
        }
        redrawPending = true;
        UNFINISHED.incrementAndGet();
        long wait = lastDrawn + MIN_INTERVAL_MS - System.currentTimeMillis();
        if (wait <= 0) {
            Platform.runLater(this::draw);
        } else {
            PauseTransition pause = new PauseTransition(Duration.millis(wait));
            pause.setOnFinished(e -> draw());
            pause.play();
        }
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        image.relocate(0, 0);
        placeholder.resizeRelocate(0, 0, w, h);
        if ((int) w != drawnWidth || (int) h != drawnHeight) {
            redraw();
        }
    }

    /** Null if XChart fails on odd data: the chart then keeps its previous picture. */
    private static BufferedImage paint(XYChart chart) {
        try {
            return BitmapEncoder.getBufferedImage(chart);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void draw() {
        redrawPending = false;
        try {
            drawNow();
        } finally {
            UNFINISHED.decrementAndGet();
        }
    }

    private void drawNow() {
        if (painting) { // one image at a time; try again when this one is shown
            redraw();
            return;
        }
        lastDrawn = System.currentTimeMillis();
        int w = (int) getWidth();
        int h = (int) getHeight();
        drawnWidth = w;
        drawnHeight = h;
        XYChart chart = w >= MIN_SIZE && h >= MIN_SIZE ? source.build(w, h) : null;
        if (chart == null) {
            image.setImage(null);
            placeholder.setVisible(true);
            shown.set(null);
            return;
        }
        painting = true;
        UNFINISHED.incrementAndGet();
        painter.run(() -> paint(chart), bitmap -> show(chart, bitmap, w, h), failure -> show(chart, null, w, h));
    }

    /** On the UI thread: the painted chart, unless the region was resized meanwhile (a redraw is then due). */
    private void show(XYChart chart, BufferedImage bitmap, int w, int h) {
        painting = false;
        UNFINISHED.decrementAndGet();
        if (bitmap != null && w == (int) getWidth() && h == (int) getHeight()) {
            image.setImage(SwingFXUtils.toFXImage(bitmap, null));
            placeholder.setVisible(false);
            shown.set(chart);
        }
    }
}
