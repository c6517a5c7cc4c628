package org.cmpnas.views.jobs;

import java.util.List;
import java.util.function.UnaryOperator;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.data.Datasets;
import org.cmpnas.engine.data.ImageOptions;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.ResNetSpec;
import org.cmpnas.engine.train.Schedule;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.views.common.Formats;

/**
 * The "train a model" form: text as typed, validated on every keystroke. Range rules come from the
 * engine ({@link TrainConfig#validated()}), so the form and the command line never disagree; each
 * message is shown next to its own field and Start stays disabled while any is present.
 *
 * <p>With a compatibility loss (bct, l2, bct+l2, contrastive) the model is trained against a frozen
 * gallery model, by default the one chosen in the Models view; λ weighs the compatibility term and the
 * contrastive loss has a temperature. The joint loss trains a gallery model of a given architecture
 * together with this one instead.
 */
public final class TrainFormViewModel {
    private static final String DEFAULT_ARCH = "resnet-q";
    private static final String INDEPENDENT = "independent";
    // Checks one field at a time against a config whose other values are known to be good.
    private static final TrainConfig PROBE = TrainConfig.defaults(DEFAULT_ARCH);

    private final StringProperty arch = new SimpleStringProperty(this, "arch");
    private final StringProperty epochs = new SimpleStringProperty(this, "epochs");
    private final StringProperty batch = new SimpleStringProperty(this, "batch");
    private final StringProperty lr = new SimpleStringProperty(this, "lr");
    private final StringProperty seed = new SimpleStringProperty(this, "seed");
    private final StringProperty limit = new SimpleStringProperty(this, "limit");
    private final StringProperty imageSize = new SimpleStringProperty(this, "imageSize");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty loss = new SimpleStringProperty(this, "loss", INDEPENDENT);
    private final StringProperty lambda = new SimpleStringProperty(this, "lambda");
    private final StringProperty temperature = new SimpleStringProperty(this, "temperature");
    private final ObjectProperty<RunOption> gallery = new SimpleObjectProperty<>(this, "gallery");
    private final StringProperty galleryArch = new SimpleStringProperty(this, "galleryArch", "resnet-g");
    private final ObservableList<RunOption> galleries;
    private final ReadOnlyStringWrapper archError = new ReadOnlyStringWrapper(this, "archError");
    private final ReadOnlyStringWrapper archSummary = new ReadOnlyStringWrapper(this, "archSummary");
    private final ReadOnlyStringWrapper epochsError = new ReadOnlyStringWrapper(this, "epochsError");
    private final ReadOnlyStringWrapper batchError = new ReadOnlyStringWrapper(this, "batchError");
    private final ReadOnlyStringWrapper lrError = new ReadOnlyStringWrapper(this, "lrError");
    private final ReadOnlyStringWrapper seedError = new ReadOnlyStringWrapper(this, "seedError");
    private final ReadOnlyStringWrapper limitError = new ReadOnlyStringWrapper(this, "limitError");
    private final ReadOnlyStringWrapper imageSizeError = new ReadOnlyStringWrapper(this, "imageSizeError");
    private final ReadOnlyStringWrapper nameWarning = new ReadOnlyStringWrapper(this, "nameWarning");
    private java.util.function.Predicate<String> nameTaken = n -> false;
    private final ReadOnlyStringWrapper lambdaError = new ReadOnlyStringWrapper(this, "lambdaError");
    private final ReadOnlyStringWrapper temperatureError = new ReadOnlyStringWrapper(this, "temperatureError");
    private final ReadOnlyStringWrapper galleryError = new ReadOnlyStringWrapper(this, "galleryError");
    private final ReadOnlyStringWrapper galleryArchError = new ReadOnlyStringWrapper(this, "galleryArchError");
    private final ReadOnlyStringWrapper galleryArchSummary = new ReadOnlyStringWrapper(this, "galleryArchSummary");
    private final ReadOnlyStringWrapper formError = new ReadOnlyStringWrapper(this, "formError");
    private final BooleanBinding needsGallery;
    private final BooleanBinding usesLambda;
    private final BooleanBinding usesTemperature;
    private final BooleanBinding joint;
    private final BooleanBinding valid;
    // Settings the form does not show (data, momentum, weight decay, augmentation) travel along unchanged.
    private TrainConfig hidden = TrainConfig.defaults(DEFAULT_ARCH);

    /** A form without gallery models to choose from (independent and joint training only). */
    public TrainFormViewModel() {
        this(FXCollections.observableArrayList());
    }

    /** @param galleries the finished models a compatibility loss can train against */
    public TrainFormViewModel(ObservableList<RunOption> galleries) {
        this.galleries = galleries;
        Observable[] inputs = {arch, epochs, batch, lr, seed, limit, imageSize, name, loss, lambda, temperature, gallery, galleryArch};
        for (Observable o : inputs) {
            o.addListener(x -> validate());
        }
        galleries.addListener((ListChangeListener<RunOption>) c -> validate());
        needsGallery = Bindings.createBooleanBinding(() -> lossSpec().needsGallery(), loss);
        usesLambda = needsGallery; // every loss with a gallery term weighs it
        usesTemperature = Bindings.createBooleanBinding(() -> lossSpec() instanceof LossSpec.Contrastive, loss);
        joint = Bindings.createBooleanBinding(() -> lossSpec() instanceof LossSpec.Joint, loss);
        valid = Bindings.createBooleanBinding(() -> archError.get() == null && epochsError.get() == null
                        && batchError.get() == null && lrError.get() == null && seedError.get() == null
                        && limitError.get() == null && imageSizeError.get() == null && lambdaError.get() == null
                        && temperatureError.get() == null && galleryError.get() == null && galleryArchError.get() == null && formError.get() == null,
                archError, epochsError, batchError, lrError, seedError, limitError, imageSizeError, lambdaError, temperatureError,
                galleryError, galleryArchError, formError);
        fill(TrainConfig.defaults(DEFAULT_ARCH));
    }

    /** The presets offered in the architecture box; any subnet text may be typed as well. */
    public List<String> presets() {
        return ResNetSpec.PRESETS.keySet().stream().sorted().toList();
    }

    /** The losses offered, independent first. */
    public List<String> losses() {
        return LossSpec.NAMES;
    }

    /** Finished models a compatibility loss can train against. */
    public ObservableList<RunOption> galleries() {
        return galleries;
    }

    /** Puts a config into the fields, e.g. the defaults or a run to repeat. */
    public void fill(TrainConfig config) {
        hidden = config;
        arch.set(config.arch());
        Schedule schedule = config.schedule();
        epochs.set(Integer.toString(schedule.epochs()));
        batch.set(Integer.toString(schedule.batch()));
        lr.set(FieldRules.formatDouble(schedule.lr()));
        seed.set(Long.toString(schedule.seed()));
        limit.set(Integer.toString(config.data().limit()));
        // a run recorded before image sizes read its folder at 28 px: the field stays empty and the run keeps that
        ImageOptions read = config.data().images();
        imageSize.set(read == null ? "" : Integer.toString(read.size()));
        loss.set(config.loss().text());
        lambda.set(FieldRules.formatDouble(config.loss().lambda()));
        temperature.set(FieldRules.formatDouble(config.loss().temperature()));
        if (config.gallery() != null && !config.gallery().isBlank()) {
            gallery.set(RunChoices.find(galleries, config.gallery()).orElse(RunOption.missing(config.gallery())));
        }
        if (config.galleryArch() != null) {
            galleryArch.set(config.galleryArch());
        }
        name.set(config.name() == null || config.name().equals(defaultName(config.arch(), config.loss().text())) ? "" : config.name());
        validate();
    }

    /** Back to the defaults for the architecture currently typed (or resnet-q); the loss and gallery stay. */
    public void reset() {
        String a = archError.get() == null ? arch.get().trim() : DEFAULT_ARCH;
        String keepLoss = loss.get();
        RunOption keepGallery = gallery.get();
        fill(TrainConfig.defaults(a));
        loss.set(keepLoss);
        gallery.set(keepGallery);
    }

    /** Proposes a gallery model (the one chosen in the Models view); the user may pick another. */
    public void proposeGallery(RunOption option) {
        if (option != null) {
            gallery.set(option);
        }
    }

    public StringProperty archProperty() {
        return arch;
    }

    public StringProperty epochsProperty() {
        return epochs;
    }

    public StringProperty batchProperty() {
        return batch;
    }

    public StringProperty lrProperty() {
        return lr;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    public StringProperty limitProperty() {
        return limit;
    }

    /** Optional; blank means "name the run after its architecture (and loss)". */
    public StringProperty nameProperty() {
        return name;
    }

    /** One of {@link #losses()}. */
    public StringProperty lossProperty() {
        return loss;
    }

    public StringProperty lambdaProperty() {
        return lambda;
    }

    public StringProperty temperatureProperty() {
        return temperature;
    }

    /** The frozen gallery model of a compatibility loss. */
    public ObjectProperty<RunOption> galleryProperty() {
        return gallery;
    }

    /** The architecture of the gallery model the joint loss trains alongside. */
    public StringProperty galleryArchProperty() {
        return galleryArch;
    }

    public ReadOnlyStringProperty archErrorProperty() {
        return archError.getReadOnlyProperty();
    }

    /** Cost of a valid architecture, e.g. "2.37M MACs · 23.7K params". */
    public ReadOnlyStringProperty archSummaryProperty() {
        return archSummary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty epochsErrorProperty() {
        return epochsError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty batchErrorProperty() {
        return batchError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lrErrorProperty() {
        return lrError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty seedErrorProperty() {
        return seedError.getReadOnlyProperty();
    }

    /** The side the data's images are read at: image folders take any size, Fashion-MNIST only its 28 px. */
    public StringProperty imageSizeProperty() {
        return imageSize;
    }

    /** Says so when another run has the name typed or the default one (a warning: the run starts anyway). */
    public ReadOnlyStringProperty nameWarningProperty() {
        return nameWarning.getReadOnlyProperty();
    }

    /** Which names the store's runs have, for {@link #nameWarningProperty}. */
    public void warnOfNamesTaken(java.util.function.Predicate<String> taken) {
        nameTaken = taken;
        validate();
    }

    public ReadOnlyStringProperty imageSizeErrorProperty() {
        return imageSizeError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty limitErrorProperty() {
        return limitError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lambdaErrorProperty() {
        return lambdaError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty temperatureErrorProperty() {
        return temperatureError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty galleryErrorProperty() {
        return galleryError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty galleryArchErrorProperty() {
        return galleryArchError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty galleryArchSummaryProperty() {
        return galleryArchSummary.getReadOnlyProperty();
    }

    /** A problem with a setting the form does not show (e.g. a repeated run's data folder). */
    public ReadOnlyStringProperty formErrorProperty() {
        return formError.getReadOnlyProperty();
    }

    /** Whether the chosen loss trains against a frozen gallery model (and so shows its fields). */
    public BooleanBinding needsGalleryProperty() {
        return needsGallery;
    }

    public BooleanBinding usesLambdaProperty() {
        return usesLambda;
    }

    public BooleanBinding usesTemperatureProperty() {
        return usesTemperature;
    }

    public BooleanBinding jointProperty() {
        return joint;
    }

    public BooleanBinding validProperty() {
        return valid;
    }

    public boolean isValid() {
        return valid.get();
    }

    /** Where the training images come from (not editable here yet). */
    public String dataText() {
        return hidden.data().name();
    }

    /** How the data's images are read: the field's size (the data's default when empty), or a repeated run's own. */
    private ImageOptions images() {
        String t = imageSize.get() == null ? "" : imageSize.get().trim();
        ImageOptions recorded = hidden.data().images();
        if (t.isEmpty()) {
            return recorded;
        }
        return new ImageOptions(Integer.parseInt(t), recorded != null && recorded.grey());
    }

    /** The config the fields describe; only when {@link #isValid()}. */
    public TrainConfig config() {
        if (!isValid()) {
            throw new IllegalStateException("the form is not valid");
        }
        String a = arch.get().trim();
        String l = loss.get();
        String n = name.get() == null || name.get().isBlank() ? defaultName(a, l) : name.get().trim();
        Schedule schedule = hidden.schedule().withEpochs(Integer.parseInt(epochs.get().trim())).withBatch(Integer.parseInt(batch.get().trim()))
                .withLr(Double.parseDouble(lr.get().trim())).withSeed(Long.parseLong(seed.get().trim()));
        DataSpec data = new DataSpec(hidden.data().name(), Integer.parseInt(limit.get().trim()), hidden.data().subset(), images()); // a repeated run keeps its rule for --limit
        TrainConfig base = new TrainConfig(n, a, schedule, data, hidden.augmentation(), new LossSpec.Independent(), null, null);
        LossSpec spec = lossSpec();
        if (spec instanceof LossSpec.Joint) {
            return base.joint(galleryArch.get().trim()).validated();
        }
        if (spec.needsGallery()) {
            double t = spec instanceof LossSpec.Contrastive ? Double.parseDouble(temperature.get().trim()) : hidden.loss().temperature();
            return base.withLoss(LossSpec.of(l, Double.parseDouble(lambda.get().trim()), t), gallery.get().id()).validated();
        }
        return base.validated();
    }

    /** As the command line names a run: the architecture, with the loss unless it is independent. */
    private static String defaultName(String arch, String loss) {
        return loss == null || INDEPENDENT.equals(loss) ? arch : arch + " " + loss;
    }

    private LossSpec lossSpec() {
        try {
            return LossSpec.of(loss.get(), LossSpec.DEFAULT_LAMBDA, LossSpec.DEFAULT_TEMPERATURE);
        } catch (BadInputException e) {
            return new LossSpec.Independent(); // only the choice box sets it; never reached from the window
        }
    }

    private void validate() {
        validateArch();
        Schedule probe = PROBE.schedule();
        epochsError.set(FieldRules.wholeNumber(epochs.get(), Integer.toString(probe.epochs()), v -> with(PROBE, c -> c.withSchedule(probe.withEpochs(v)))));
        batchError.set(FieldRules.wholeNumber(batch.get(), Integer.toString(probe.batch()), v -> with(PROBE, c -> c.withSchedule(probe.withBatch(v)))));
        limitError.set(FieldRules.wholeNumber(limit.get(), "0", v -> with(PROBE, c -> c.withData(c.data().withLimit(v)))));
        lrError.set(FieldRules.number(lr.get(), FieldRules.formatDouble(probe.lr()), v -> with(PROBE, c -> c.withSchedule(probe.withLr(v)))));
        seedError.set(FieldRules.seed(seed.get()));
        String shownName = name.get() == null || name.get().isBlank() ? defaultName(arch.get() == null ? "" : arch.get().trim(), loss.get()) : name.get().trim();
        nameWarning.set(nameTaken.test(shownName) ? "another run is called “" + shownName + "” already; both keep their own ids" : null);
        imageSizeError.set(imageSize.get() == null || imageSize.get().isBlank() ? null
                : FieldRules.wholeNumber(imageSize.get(), "64", v -> FieldRules.engine(() -> Datasets.checkImageSize(hidden.data().name(), new ImageOptions(v, false)))));
        validateLoss();
        formError.set(checkHidden());
    }

    /** Only the fields the chosen loss uses are checked: a hidden field never blocks Start. */
    private void validateLoss() {
        LossSpec spec = lossSpec();
        lambdaError.set(!spec.needsGallery() ? null : FieldRules.number(lambda.get(), "1",
                v -> with(PROBE, c -> c.withLoss(LossSpec.of("bct", v, LossSpec.DEFAULT_TEMPERATURE), "gallery"))));
        temperatureError.set(!(spec instanceof LossSpec.Contrastive) ? null : FieldRules.number(temperature.get(), "0.1",
                // The config reads a temperature of 0 as "the default": the form says so instead of swapping it.
                v -> with(PROBE, c -> c.withLoss(LossSpec.of("contrastive", LossSpec.DEFAULT_LAMBDA, v), "gallery"))));
        galleryError.set(spec.needsGallery() ? checkGallery() : null);
        if (spec instanceof LossSpec.Joint) {
            String[] summary = new String[1];
            galleryArchError.set(checkArch(galleryArch.get(), summary));
            galleryArchSummary.set(summary[0]);
        } else {
            galleryArchError.set(null);
            galleryArchSummary.set(null);
        }
    }

    private String checkGallery() {
        RunOption g = gallery.get();
        if (g == null) {
            return galleries.isEmpty() ? "no finished model in this store yet: train or import one first"
                    : "choose the gallery model to be compatible with";
        }
        if (RunChoices.find(galleries, g.id()).isEmpty()) {
            return "run " + g.id() + " is not a finished model in this store";
        }
        return null;
    }

    private void validateArch() {
        String[] summary = new String[1];
        archError.set(checkArch(arch.get(), summary));
        archSummary.set(summary[0]);
    }

    /** The problem with an architecture text, or null and its cost in {@code summary[0]}. */
    private static String checkArch(String text, String[] summary) {
        try {
            ArchSpec spec = ArchSpec.parse(FieldRules.trimmed(text));
            summary[0] = Formats.count(spec.macs()) + " MACs · " + Formats.count(spec.params()) + " params";
            return null;
        } catch (BadInputException e) {
            summary[0] = null;
            return e.getMessage();
        }
    }

    /** The settings the form does not show, checked once with a valid visible part. */
    private String checkHidden() {
        Schedule probe = PROBE.schedule();
        String problem = with(hidden, c -> new TrainConfig(c.name(), DEFAULT_ARCH, new Schedule(probe.epochs(), probe.batch(), probe.lr(),
                c.schedule().momentum(), c.schedule().weightDecay(), c.schedule().seed()), DataSpec.all(c.data().name()), c.augmentation(),
                new LossSpec.Independent(), null, null));
        return problem == null ? null : "cannot repeat this config: " + problem;
    }

    /** The engine's message for a config, shortened to what belongs next to one field; null if valid. */
    private static String with(TrainConfig base, UnaryOperator<TrainConfig> change) {
        return FieldRules.engine(() -> change.apply(base).validated());
    }
}
