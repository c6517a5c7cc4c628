package org.cmpnas.views.models;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.cmpnas.engine.jobs.Job;
import org.cmpnas.engine.model.GalleryImport;
import org.cmpnas.views.common.JobControl;
import org.cmpnas.views.common.JobObserver;
import org.cmpnas.views.common.JobRunner;
import org.cmpnas.views.common.MetricPoint;

/**
 * The "Import gallery model" dialog: a TorchScript module traced in PyTorch, an optional classifier
 * matrix (.npy, needed by the bct loss), a name and the MACs of one image (or a sidecar file next to
 * the module that holds them). Fields are checked as typed; the import itself (DJL loads the module
 * and embeds a probe batch) runs on the engine thread, queued behind any running job, and its error,
 * if any, is shown in the dialog.
 */
public final class ImportGalleryViewModel {
    private final JobRunner runner;
    private final Function<GalleryImport.Request, Job> jobs;
    private final Runnable imported;
    private final StringProperty torchscript = new SimpleStringProperty(this, "torchscript", "");
    private final StringProperty classifier = new SimpleStringProperty(this, "classifier", "");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty macs = new SimpleStringProperty(this, "macs", "");
    private final ReadOnlyStringWrapper torchscriptError = new ReadOnlyStringWrapper(this, "torchscriptError");
    private final ReadOnlyStringWrapper classifierError = new ReadOnlyStringWrapper(this, "classifierError");
    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper(this, "nameError");
    private final ReadOnlyStringWrapper macsError = new ReadOnlyStringWrapper(this, "macsError");
    private final ReadOnlyStringWrapper macsHint = new ReadOnlyStringWrapper(this, "macsHint");
    private final ReadOnlyStringWrapper classifierHint = new ReadOnlyStringWrapper(this, "classifierHint");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status");
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper(this, "failure");
    private final ReadOnlyStringWrapper importedRun = new ReadOnlyStringWrapper(this, "importedRun");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final BooleanBinding valid;
    private final BooleanBinding canImport;
    private JobControl control;

    /** @param imported told when a model was imported (the run lists reload) */
    public ImportGalleryViewModel(JobRunner runner, Function<GalleryImport.Request, Job> jobs, Runnable imported) {
        this.runner = runner;
        this.jobs = jobs;
        this.imported = imported;
        for (Observable o : new Observable[] {torchscript, classifier, name, macs}) {
            o.addListener(x -> validate());
        }
        torchscript.addListener((obs, old, now) -> proposeName(old, now));
        valid = Bindings.createBooleanBinding(() -> torchscriptError.get() == null && classifierError.get() == null
                && nameError.get() == null && macsError.get() == null, torchscriptError, classifierError, nameError, macsError);
        canImport = valid.and(busy.not());
        validate();
    }

    /** The TorchScript module's path. */
    public StringProperty torchscriptProperty() {
        return torchscript;
    }

    /** The classifier matrix's path; blank for none. */
    public StringProperty classifierProperty() {
        return classifier;
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** MACs of one 28×28 image; blank to read them from the sidecar. */
    public StringProperty macsProperty() {
        return macs;
    }

    public ReadOnlyStringProperty torchscriptErrorProperty() {
        return torchscriptError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty classifierErrorProperty() {
        return classifierError.getReadOnlyProperty();
    }

    /** Which losses the model will support, with or without a classifier. */
    public ReadOnlyStringProperty classifierHintProperty() {
        return classifierHint.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nameErrorProperty() {
        return nameError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty macsErrorProperty() {
        return macsError.getReadOnlyProperty();
    }

    /** Where the MACs will come from when the field is blank (the sidecar found). */
    public ReadOnlyStringProperty macsHintProperty() {
        return macsHint.getReadOnlyProperty();
    }

    /** What the import is doing ("waiting for the engine", "loading the module"), null when idle. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why the last import failed, in the engine's words; null if it did not. */
    public ReadOnlyStringProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** The run id once the import succeeded (the dialog closes then). */
    public ReadOnlyStringProperty importedRunProperty() {
        return importedRun.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public BooleanBinding validProperty() {
        return valid;
    }

    /** Valid and no import under way. */
    public BooleanBinding canImportProperty() {
        return canImport;
    }

    /** What the fields describe; only when valid. */
    public GalleryImport.Request request() {
        if (!valid.get()) {
            throw new IllegalStateException("the form is not valid");
        }
        String c = classifier.get().trim();
        String m = macs.get().trim();
        return new GalleryImport.Request(Path.of(torchscript.get().trim()), c.isEmpty() ? null : Path.of(c), name.get().trim(),
                m.isEmpty() ? null : Long.parseLong(m), null);
    }

    /** Queues the import on the engine; false if the form is invalid or one is already under way. */
    public boolean startImport() {
        if (!canImport.get()) {
            return false;
        }
        GalleryImport.Request request = request();
        failure.set(null);
        busy.set(true);
        status.set("waiting for the engine");
        control = runner.submit(jobs.apply(request), new Observer());
        return true;
    }

    /** Stops a queued import (a running one finishes its few seconds of checks and is then discarded). */
    public void cancel() {
        if (busy.get() && control != null) {
            control.cancel();
        }
    }

    private void proposeName(String oldPath, String newPath) {
        String previous = stem(oldPath);
        if (name.get().isBlank() || name.get().equals(previous)) {
            name.set(stem(newPath));
        }
    }

    private static String stem(String path) {
        if (path == null || path.isBlank()) {
            return "";
        }
        try {
            String file = Path.of(path.trim()).getFileName().toString();
            int dot = file.lastIndexOf('.');
            return dot > 0 ? file.substring(0, dot) : file;
        } catch (InvalidPathException e) {
            return "";
        }
    }

    private void validate() {
        Path module = existingFile(torchscript.get(), torchscriptError, "the TorchScript module (.pt), traced with torch.jit.trace and saved");
        String c = classifier.get().trim();
        if (c.isEmpty()) {
            classifierError.set(null);
            classifierHint.set("none: the model supports " + String.join(" and ", GalleryImport.LOSSES_WITHOUT_CLASSIFIER) + ", not bct");
        } else {
            Path file = existingFile(c, classifierError, null);
            if (file != null && !file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
                classifierError.set("must be a NumPy .npy file (classes × 128, float32)");
            }
            classifierHint.set("classes × 128 float32: the model supports bct, l2 and contrastive");
        }
        nameError.set(name.get().isBlank() ? "required: the model's name in every list" : null);
        String m = macs.get().trim();
        if (!m.isEmpty()) {
            macsHint.set(null);
            try {
                long v = Long.parseLong(m);
                macsError.set(v > 0 ? null : "must be a positive number of MACs");
            } catch (NumberFormatException e) {
                macsError.set("not a whole number of MACs, e.g. 80520000");
            }
            return;
        }
        Path sidecar = module == null ? null : GalleryImport.findSidecar(module);
        if (sidecar != null) {
            macsError.set(null);
            macsHint.set("blank: read from " + sidecar.getFileName());
        } else {
            macsHint.set(null);
            macsError.set(module == null ? "required, unless a sidecar NAME.json {\"macs\": N} lies next to the module"
                    : "required: no sidecar " + stem(torchscript.get()) + ".json or .macs next to the module");
        }
    }

    /** The path if it names a readable file; else sets the message and returns null. */
    private static Path existingFile(String text, ReadOnlyStringWrapper error, String required) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            error.set("required: " + required);
            return null;
        }
        Path p;
        try {
            p = Path.of(t);
        } catch (InvalidPathException e) {
            error.set("not a valid path");
            return null;
        }
        if (!Files.exists(p)) {
            error.set("no such file");
            return null;
        }
        if (!Files.isRegularFile(p)) {
            error.set("is a folder, not a file");
            return null;
        }
        if (!Files.isReadable(p)) {
            error.set("cannot be read (permissions)");
            return null;
        }
        error.set(null);
        return p;
    }

    /** The engine's report, on the UI thread. */
    private final class Observer implements JobObserver {
        @Override
        public void started() {
            status.set("loading the module and embedding a probe batch");
        }

        @Override
        public void progress(long done, long total, String text) {
            status.set(text);
        }

        @Override
        public void metrics(List<MetricPoint> points) {
        }

        @Override
        public void log(List<String> lines) {
        }

        @Override
        public void succeeded(String runId) {
            busy.set(false);
            status.set(null);
            importedRun.set(runId);
            imported.run();
        }

        @Override
        public void cancelled(String reason) {
            busy.set(false);
            status.set(null);
            failure.set("import " + reason);
        }

        @Override
        public void failed(String reason) {
            busy.set(false);
            status.set(null);
            failure.set(reason);
        }
    }
}
