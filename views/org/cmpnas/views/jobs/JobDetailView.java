package org.cmpnas.views.jobs;

import javafx.animation.Animation;
import javafx.animation.PauseTransition;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.WeakListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.cmpnas.views.charts.ChartView;
import org.cmpnas.views.common.Formats;
import org.cmpnas.views.common.Ui;

/** The selected job in full: progress, ETA, epoch, live curves, log and Cancel. */
final class JobDetailView extends StackPane {
    private final Label empty = Ui.label("No job selected.\nFill in a form and press Start (or Enter) to train a model, "
            + "a supernet, search it or export a subnet in the background; its progress, curves and log appear here.", "placeholder");

    JobDetailView() {
        getStyleClass().add("card");
        setId("job-detail");
        empty.setWrapText(true);
        empty.setMaxWidth(420);
        getChildren().setAll(empty);
    }

    void show(JobViewModel job) {
        getChildren().setAll(job == null ? empty : new JobPane(job));
    }

    /** Built for one job; its listeners are weak, so a pane that is replaced is simply collected. */
    private static final class JobPane extends VBox {
        private final JobViewModel job;
        private final ChartView loss;
        private final ChartView accuracy;
        private final Label lossValue = Ui.label(Formats.NONE, "stat-value");
        private final Label top1Value = Ui.label(Formats.NONE, "stat-value");
        private final Label mapValue = Ui.label(Formats.NONE, "stat-value");
        private final Label bestValue = Ui.label(Formats.NONE, "stat-value");
        private final ListView<String> log = new ListView<>();
        private final Label badge;
        private final Label outcome = Ui.label("", "banner");
        private final InvalidationListener curvesChanged = o -> curvesChanged();
        private final InvalidationListener stateChanged = o -> stateChanged();
        private final ListChangeListener<String> logChanged = c -> scheduleLogScroll();
        // Scrolling a list lays it out at once; lines arriving in quick succession share one scroll.
        private final PauseTransition logScroll = new PauseTransition(Duration.millis(150));

        JobPane(JobViewModel job) {
            super(12);
            this.job = job;
            Label title = Ui.label(job.title(), "details-title");
            Label run = Ui.label("", "muted", "small");
            run.textProperty().bind(Bindings.createStringBinding(() -> job.runIdProperty().get() == null ? ""
                    : "run " + job.runIdProperty().get(), job.runIdProperty()));
            VBox heading = new VBox(2, title, run);
            badge = Ui.badge(job.state().label());
            Button cancel = Ui.tip(new Button("Cancel"), "Stop the job: a queued job is dropped, a running one "
                    + "stops after its current batch and keeps the checkpoint of its last finished epoch");
            cancel.setId("cancel-job");
            cancel.getStyleClass().add("danger");
            cancel.disableProperty().bind(Bindings.createBooleanBinding(
                    () -> !job.state().isActive() || job.cancelRequestedProperty().get(),
                    job.stateProperty(), job.cancelRequestedProperty()));
            cancel.setOnAction(e -> job.cancel());
            HBox header = new HBox(10, heading, Ui.hgrow(), badge, cancel);
            header.setAlignment(Pos.CENTER_LEFT);

            outcome.setId("job-outcome");
            outcome.setWrapText(true);
            outcome.setMaxWidth(Double.MAX_VALUE);
            outcome.textProperty().bind(Bindings.createStringBinding(this::outcomeText, job.outcomeProperty(), job.stateProperty()));
            outcome.visibleProperty().bind(job.outcomeProperty().isNotNull());
            outcome.managedProperty().bind(outcome.visibleProperty());
            job.stateProperty().addListener(new WeakInvalidationListener(stateChanged));
            stateChanged();

            ProgressBar bar = new ProgressBar();
            bar.setId("job-progress");
            bar.progressProperty().bind(job.progressProperty());
            bar.setMaxWidth(Double.MAX_VALUE);
            bar.setPrefHeight(14);
            HBox.setHgrow(bar, Priority.ALWAYS);
            Label percent = Ui.label("", "muted");
            percent.setMinWidth(44);
            percent.setAlignment(Pos.CENTER_RIGHT);
            percent.textProperty().bind(Bindings.createStringBinding(() -> job.progressProperty().get() < 0 ? ""
                    : Math.round(job.progressProperty().get() * 100) + "%", job.progressProperty()));
            Label status = Ui.label("", "muted", "small");
            status.textProperty().bind(job.statusProperty());
            HBox progressRow = new HBox(10, bar, percent);
            progressRow.setAlignment(Pos.CENTER_LEFT);

            Label epoch = Ui.label("", "stat-value");
            epoch.setId("job-epoch");
            epoch.textProperty().bind(Bindings.createStringBinding(() -> job.epochs() == 0 ? Formats.NONE
                    : (job.currentEpochProperty().get() == 0 ? "–" : job.currentEpochProperty().get()) + " / " + job.epochs(),
                    job.currentEpochProperty()));
            Label steps = Ui.label("", "stat-value");
            steps.textProperty().bind(job.stepsProperty());
            Label elapsed = Ui.label("", "stat-value");
            elapsed.textProperty().bind(job.elapsedProperty());
            Label eta = Ui.label("", "stat-value");
            eta.setId("job-eta");
            eta.textProperty().bind(job.etaProperty());
            FlowPane stats; // wraps on a narrow window: the figures are never cut short
            HBox charts;
            if (job.kind() == JobKind.SEARCH) {
                Label generation = Ui.label("", "stat-value");
                generation.setId("job-generation");
                generation.textProperty().bind(job.generationProperty());
                stats = new FlowPane(24, 8, stat("Generation", generation), stat("Rewards", steps), stat("Elapsed", elapsed),
                        stat("ETA", eta), stat("Best reward %", bestValue));
                loss = new ChartView(job.search()::bestRewardChart);
                loss.emptyTextProperty().set("The best reward of each budget appears after the first generation.");
                accuracy = new ChartView(job.search()::populationChart);
                accuracy.emptyTextProperty().set("The population appears after the first generation.");
                charts = new HBox(14, chart("Best reward per generation", loss), chart("Population of the latest generation", accuracy));
            } else {
                stats = new FlowPane(24, 8, stat("Epoch", epoch), stat("Step", steps), stat("Elapsed", elapsed),
                        stat("ETA", eta), stat("Epoch loss", lossValue), stat("Val mAP %", mapValue), stat("Val top-1 %", top1Value));
                loss = new ChartView(job.curves()::lossChart);
                loss.emptyTextProperty().set(job.kind() == JobKind.EXPORT ? "A fine-tuning's loss appears here; an export "
                        + "without fine-tuning has none." : "The loss appears after the first 20 steps.");
                accuracy = new ChartView(job.curves()::accuracyChart);
                accuracy.emptyTextProperty().set(job.kind() == JobKind.SUPERNET
                        ? "M(largest, G) and M(smallest, G) appear when the first epoch ends."
                        : "Validation accuracy appears when the first epoch ends.");
                charts = new HBox(14, chart("Training loss", loss), chart("Validation accuracy", accuracy));
            }
            VBox.setVgrow(charts, Priority.ALWAYS);
            charts.setVisible(job.kind() != JobKind.IMPORT); // an import has nothing to draw
            charts.setManaged(charts.isVisible());
            job.curvesVersionProperty().addListener(new WeakInvalidationListener(curvesChanged));
            curvesChanged();

            log.setId("job-log");
            log.getStyleClass().add("log-view");
            log.setItems(job.log());
            log.setCellFactory(l -> new WrappingCell());
            log.setPrefHeight(130);
            log.setMinHeight(90);
            log.setPlaceholder(Ui.label("No log lines yet.", "placeholder"));
            job.log().addListener(new WeakListChangeListener<>(logChanged));
            logScroll.setOnFinished(e -> scrollLogToEnd());
            scrollLogToEnd();

            getChildren().addAll(header, outcome, progressRow, status, stats, charts, Ui.label("Log", "section-title"), log);
        }

        private String outcomeText() {
            String text = job.outcomeProperty().get();
            if (text == null) {
                return "";
            }
            return switch (job.state()) {
                case FAILED -> "Failed: " + text;
                case CANCELLED -> Character.toUpperCase(text.charAt(0)) + text.substring(1); // "Cancelled during ..."
                case FINISHED -> "Finished: run " + job.runIdProperty().get() + " is in the store.";
                default -> text;
            };
        }

        private void stateChanged() {
            Ui.setBadge(badge, job.state().label());
            for (JobState each : JobState.values()) {
                outcome.getStyleClass().remove(each.label());
            }
            outcome.getStyleClass().add(job.state().label());
        }

        private void curvesChanged() {
            loss.redraw();
            accuracy.redraw();
            // Epoch-level numbers only: the current step's loss is in the engine's status line above.
            double l = job.curves().latestEpochLoss();
            lossValue.setText(Double.isNaN(l) ? Formats.NONE : Formats.metric("loss", l));
            top1Value.setText(Formats.percent(job.curves().latestValTop1()));
            mapValue.setText(Formats.percent(job.curves().latestValMap()));
            bestValue.setText(Formats.percent(job.search().latestBest()));
        }

        private void scheduleLogScroll() {
            if (logScroll.getStatus() != Animation.Status.RUNNING) {
                logScroll.playFromStart();
            }
        }

        private void scrollLogToEnd() {
            if (!log.getItems().isEmpty()) {
                log.scrollTo(log.getItems().size() - 1);
            }
        }

        /** Long log lines wrap instead of hiding behind a horizontal scroll bar. */
        private static final class WrappingCell extends ListCell<String> {
            WrappingCell() {
                setWrapText(true);
                setPrefWidth(0); // take the list's width, never ask for more
            }

            @Override
            protected void updateItem(String line, boolean empty) {
                super.updateItem(line, empty);
                setText(empty ? null : line);
            }
        }

        private static VBox stat(String name, Label value) {
            return new VBox(1, Ui.label(name, "stat-label"), value);
        }

        private static VBox chart(String title, ChartView view) {
            VBox.setVgrow(view, Priority.ALWAYS);
            VBox box = new VBox(4, Ui.label(title, "chart-title"), view);
            HBox.setHgrow(box, Priority.ALWAYS);
            box.setPrefWidth(300);
            view.setPrefHeight(220);
            view.setMinHeight(150);
            return box;
        }
    }
}
