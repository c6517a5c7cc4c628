package org.cmpnas.views.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import org.cmpnas.engine.store.RunStore;
import org.cmpnas.views.common.AppState;
import org.cmpnas.views.common.GalleryModel;
import org.cmpnas.views.common.RunCatalog;
import org.cmpnas.views.jobs.JobKind;
import org.cmpnas.views.jobs.JobState;
import org.cmpnas.views.jobs.JobViewModel;
import org.cmpnas.views.jobs.JobsViewModel;

/** The window around the views: which view is shown, and the status bar's engine, gallery and store. */
public final class ShellViewModel {
    private final AppState state;
    private final JobsViewModel jobs;
    private final RunCatalog catalog;
    private final ObjectProperty<ViewId> current = new SimpleObjectProperty<>(this, "current", ViewId.MODELS);
    private final ObjectProperty<JobViewModel> running = new SimpleObjectProperty<>(this, "running");
    private final ReadOnlyStringWrapper engineText = new ReadOnlyStringWrapper(this, "engineText", "idle");
    private final InvalidationListener updateEngineText = o -> engineText.set(describeEngine());
    private final StringBinding galleryText;
    private final StringBinding storeText;

    public ShellViewModel(AppState state, JobsViewModel jobs, RunCatalog catalog) {
        this.state = state;
        this.jobs = jobs;
        this.catalog = catalog;
        running.bind(jobs.runningProperty());
        // The text follows whichever job runs: listen to that job's progress, not to all of them.
        running.addListener((obs, old, now) -> {
            if (old != null) {
                watch(old, false);
            }
            if (now != null) {
                watch(now, true);
            }
            engineText.set(describeEngine());
        });
        jobs.jobs().addListener(updateEngineText);
        galleryText = Bindings.createStringBinding(() -> {
            GalleryModel g = state.galleryModel();
            return g == null ? "none chosen" : g.summary();
        }, state.galleryModelProperty());
        storeText = Bindings.createStringBinding(() -> state.store().root().toString(), state.storeProperty());
    }

    public ObjectProperty<ViewId> currentProperty() {
        return current;
    }

    public void show(ViewId view) {
        current.set(view);
    }

    /** "idle", or e.g. "training resnet-q · epoch 3/8 · 45%" (and how many wait behind it). */
    public ReadOnlyStringProperty engineTextProperty() {
        return engineText.getReadOnlyProperty();
    }

    private void watch(JobViewModel job, boolean on) {
        for (Observable o : new Observable[] {job.progressProperty(), job.currentEpochProperty(), job.generationProperty(),
                job.cancelRequestedProperty()}) {
            if (on) {
                o.addListener(updateEngineText);
            } else {
                o.removeListener(updateEngineText);
            }
        }
    }

    public BooleanBinding engineBusyProperty() {
        return jobs.busyProperty();
    }

    public StringBinding galleryTextProperty() {
        return galleryText;
    }

    public StringBinding storeTextProperty() {
        return storeText;
    }

    public ObservableValue<JobViewModel> runningJobProperty() {
        return running;
    }

    /** Reads the store again (F5). */
    public void refresh() {
        catalog.refresh();
    }

    /** Works on another store folder from now on; a file (not a folder) is refused with a message. */
    public String openStore(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            return folder + " is a file, not a store folder";
        }
        state.switchStore(new RunStore(folder));
        return null;
    }

    private String describeEngine() {
        JobViewModel job = running.get();
        long waiting = jobs.jobs().stream().filter(j -> j.state() == JobState.QUEUED).count();
        String queue = waiting > 0 ? " · " + waiting + " queued" : "";
        if (job == null) {
            return waiting > 0 ? "starting" + queue : "idle";
        }
        StringBuilder s = new StringBuilder(job.activity());
        if (job.cancelRequestedProperty().get()) {
            return s.append(" · stopping").append(queue).toString();
        }
        if (job.epochs() > 0 || job.kind() == JobKind.SEARCH) {
            s.append(" · ").append(job.epochText());
        }
        double p = job.progressProperty().get();
        if (p >= 0) {
            s.append(" · ").append(Math.round(p * 100)).append('%');
        }
        return s.append(queue).toString();
    }
}
