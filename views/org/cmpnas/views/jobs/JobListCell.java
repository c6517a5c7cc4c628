package org.cmpnas.views.jobs;

import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.cmpnas.views.common.Ui;

/** A job in the queue list: title, state, a thin progress bar while active, and its latest word. */
final class JobListCell extends ListCell<JobViewModel> {
    private final Label title = Ui.label("", "job-title");
    private final Label badge = Ui.badge("queued");
    private final ProgressBar progress = new ProgressBar();
    private final Label status = Ui.label("", "muted", "small");
    private final VBox box;
    private final InvalidationListener restyleBadge = o -> restyleBadge();
    private JobViewModel shown;

    JobListCell() {
        progress.getStyleClass().add("job-list-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        status.setMaxWidth(Double.MAX_VALUE);
        HBox top = new HBox(8, title, Ui.hgrow(), badge);
        top.setAlignment(Pos.CENTER_LEFT);
        box = new VBox(5, top, progress, status);
        setText(null);
        setPrefWidth(0); // the list's width decides; a long status is cut short instead of scrolling sideways
    }

    @Override
    protected void updateItem(JobViewModel job, boolean empty) {
        super.updateItem(job, empty);
        title.textProperty().unbind();
        status.textProperty().unbind();
        progress.progressProperty().unbind();
        if (shown != null) {
            shown.stateProperty().removeListener(restyleBadge);
        }
        shown = job;
        progress.visibleProperty().unbind();
        progress.managedProperty().unbind();
        if (empty || job == null) {
            setGraphic(null);
            return;
        }
        title.setText(job.title());
        status.textProperty().bind(Bindings.createStringBinding(() -> summary(job), job.stateProperty(),
                job.statusProperty(), job.etaProperty(), job.currentEpochProperty()));
        progress.progressProperty().bind(job.progressProperty());
        progress.visibleProperty().bind(Bindings.createBooleanBinding(() -> job.state().isActive(), job.stateProperty()));
        progress.managedProperty().bind(progress.visibleProperty());
        job.stateProperty().addListener(restyleBadge);
        restyleBadge();
        setGraphic(box);
    }

    private void restyleBadge() {
        if (shown != null) {
            Ui.setBadge(badge, shown.state().label());
        }
    }

    private static String summary(JobViewModel job) {
        return switch (job.state()) {
            case QUEUED -> job.cancelRequestedProperty().get() ? "cancelling" : "waiting for the engine";
            case RUNNING -> job.epochs() > 0 && job.currentEpochProperty().get() > 0
                    ? job.epochText() + " · ETA " + job.etaProperty().get()
                    : job.statusProperty().get();
            default -> job.outcomeProperty().get();
        };
    }
}
