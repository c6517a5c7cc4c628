package org.cmpnas.views.jobs;

import java.util.List;
import java.util.function.UnaryOperator;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.train.Schedule;

/**
 * CMP-NAS step 1, training the weight-sharing supernet against a frozen gallery model: the gallery,
 * the compatibility loss with its λ (and temperature), epochs, image limit, the MACs budgets sampling
 * aims at (blank: the whole space), seed and name, validated
 * as typed by {@link SupernetConfig#validated()}. Batch, learning rate and augmentation keep their
 * defaults (or a repeated run's values).
 */
public final class SupernetFormViewModel {
    /** The compatibility losses a supernet can be trained with. */
    public static final List<String> LOSSES = LossSpec.COMPATIBILITY;
    private static final SupernetConfig PROBE = SupernetConfig.defaults("gallery");

    private final ObservableList<RunOption> galleries;
    private final ObjectProperty<RunOption> gallery = new SimpleObjectProperty<>(this, "gallery");
    /** Pair mode: no external gallery; the supernet's largest subnet plays the gallery. */
    private final BooleanProperty pair = new SimpleBooleanProperty(this, "pair");
    private final StringProperty loss = new SimpleStringProperty(this, "loss");
    private final StringProperty lambda = new SimpleStringProperty(this, "lambda");
    private final StringProperty temperature = new SimpleStringProperty(this, "temperature");
    private final StringProperty epochs = new SimpleStringProperty(this, "epochs");
    private final StringProperty limit = new SimpleStringProperty(this, "limit");
    /** MACs budgets the sampling is aimed at; blank samples the whole space. */
    private final StringProperty budgets = new SimpleStringProperty(this, "budgets");
    /** Elastic input resolution: the query subnets may also run on the image resized to 16, 20 or 24 px. */
    private final BooleanProperty elasticResolution = new SimpleBooleanProperty(this, "elasticResolution");
    private final StringProperty seed = new SimpleStringProperty(this, "seed");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final FormErrors errors = new FormErrors(this);
    private final ReadOnlyStringWrapper galleryError = errors.add("galleryError");
    private final ReadOnlyStringWrapper lambdaError = errors.add("lambdaError");
    private final ReadOnlyStringWrapper temperatureError = errors.add("temperatureError");
    private final ReadOnlyStringWrapper epochsError = errors.add("epochsError");
    private final ReadOnlyStringWrapper limitError = errors.add("limitError");
    private final ReadOnlyStringWrapper budgetsError = errors.add("budgetsError");
    private final ReadOnlyStringWrapper seedError = errors.add("seedError");
    private final ReadOnlyStringWrapper formError = errors.add("formError");
    private final BooleanBinding usesTemperature;
    private final BooleanBinding resolutionApplies;
    private final BooleanBinding valid;
    private SupernetConfig hidden = PROBE;

    public SupernetFormViewModel(ObservableList<RunOption> galleries) {
        this.galleries = galleries;
        Observable[] inputs = {gallery, pair, loss, lambda, temperature, epochs, limit, budgets, elasticResolution, seed, name};
        for (Observable o : inputs) {
            o.addListener(x -> validate());
        }
        galleries.addListener((ListChangeListener<RunOption>) c -> validate());
        usesTemperature = Bindings.createBooleanBinding(() -> "contrastive".equals(loss.get()), loss);
        resolutionApplies = Bindings.createBooleanBinding(this::resolutionCanApply, pair, budgets);
        valid = errors.valid();
        fill(PROBE);
    }

    public ObservableList<RunOption> galleries() {
        return galleries;
    }

    /** Puts a config into the fields: the defaults, or a supernet run to repeat. */
    public void fill(SupernetConfig config) {
        hidden = config;
        if (config.gallery() != null && !config.gallery().equals(PROBE.gallery())) {
            gallery.set(RunChoices.find(galleries, config.gallery()).orElse(RunOption.missing(config.gallery())));
        }
        pair.set(config.pair());
        loss.set(config.loss().text());
        lambda.set(FieldRules.formatDouble(config.loss().lambda()));
        temperature.set(FieldRules.formatDouble(config.loss().temperature()));
        epochs.set(Integer.toString(config.schedule().epochs()));
        limit.set(Integer.toString(config.data().limit()));
        budgets.set(config.budgets() == null ? "" : config.budgets());
        elasticResolution.set(config.resolutionList().size() > 1);
        seed.set(Long.toString(config.schedule().seed()));
        name.set(config.name() == null || config.name().equals(defaultName(config.loss().text())) || config.name().equals(PROBE.name())
                ? "" : config.name());
        validate();
    }

    /** The defaults again; the gallery stays. */
    public void reset() {
        RunOption keep = gallery.get();
        fill(PROBE);
        gallery.set(keep);
    }

    /** Proposes a gallery model (the one chosen in the Models view). */
    public void proposeGallery(RunOption option) {
        if (option != null) {
            gallery.set(option);
        }
    }

    public ObjectProperty<RunOption> galleryProperty() {
        return gallery;
    }

    public BooleanProperty pairProperty() {
        return pair;
    }

    /** One of {@link #LOSSES}. */
    public StringProperty lossProperty() {
        return loss;
    }

    public StringProperty lambdaProperty() {
        return lambda;
    }

    public StringProperty temperatureProperty() {
        return temperature;
    }

    public StringProperty epochsProperty() {
        return epochs;
    }

    public StringProperty limitProperty() {
        return limit;
    }

    public StringProperty budgetsProperty() {
        return budgets;
    }

    public BooleanProperty elasticResolutionProperty() {
        return elasticResolution;
    }

    public ReadOnlyStringProperty budgetsErrorProperty() {
        return budgetsError.getReadOnlyProperty();
    }

    public StringProperty seedProperty() {
        return seed;
    }

    /** Optional; blank means "supernet LOSS". */
    public StringProperty nameProperty() {
        return name;
    }

    public ReadOnlyStringProperty galleryErrorProperty() {
        return galleryError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lambdaErrorProperty() {
        return lambdaError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty temperatureErrorProperty() {
        return temperatureError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty epochsErrorProperty() {
        return epochsError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty limitErrorProperty() {
        return limitError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty seedErrorProperty() {
        return seedError.getReadOnlyProperty();
    }

    /** A problem with a setting the form does not show (a repeated run's batch or learning rate). */
    public ReadOnlyStringProperty formErrorProperty() {
        return formError.getReadOnlyProperty();
    }

    public BooleanBinding usesTemperatureProperty() {
        return usesTemperature;
    }

    public BooleanBinding validProperty() {
        return valid;
    }

    public boolean isValid() {
        return valid.get();
    }

    /** The config the fields describe; only when {@link #isValid()}. */
    public SupernetConfig config() {
        if (!isValid()) {
            throw new IllegalStateException("the form is not valid");
        }
        String l = loss.get();
        String n = name.get() == null || name.get().isBlank() ? defaultName(l) : name.get().trim();
        double t = "contrastive".equals(l) ? Double.parseDouble(temperature.get().trim()) : hidden.loss().temperature();
        Schedule schedule = hidden.schedule().withEpochs(Integer.parseInt(epochs.get().trim())).withSeed(Long.parseLong(seed.get().trim()));
        DataSpec data = hidden.data().withLimit(Integer.parseInt(limit.get().trim()));
        return new SupernetConfig(n, pair.get() ? null : gallery.get().id(), schedule, data, hidden.augmentation(),
                LossSpec.of(l, Double.parseDouble(lambda.get().trim()), t), pair.get(), budgetsText(), resolutionsText()).validated();
    }

    /** The elastic resolutions, or null for full resolution only: pair mode and whole-space sampling have none. */
    private String resolutionsText() {
        return elasticResolution.get() && resolutionCanApply() ? SupernetConfig.ELASTIC_RESOLUTIONS : null;
    }

    /** Read from the fields, not the binding: validation runs before the binding hears of a change. */
    private boolean resolutionCanApply() {
        return !pair.get() && !FieldRules.trimmed(budgets.get()).isEmpty();
    }

    /** Whether elastic resolution applies: budget-aware sampling against a gallery model. */
    public BooleanBinding resolutionApplies() {
        return resolutionApplies;
    }

    private String budgetsText() {
        String text = FieldRules.trimmed(budgets.get());
        return text.isEmpty() ? null : text;
    }

    private static String defaultName(String loss) {
        return "supernet " + loss;
    }

    private void validate() {
        galleryError.set(checkGallery());
        lambdaError.set(FieldRules.number(lambda.get(), "1", v -> with(c -> c.withLoss(LossSpec.of(c.loss().text(), v, c.loss().temperature())))));
        temperatureError.set(!"contrastive".equals(loss.get()) ? null : FieldRules.number(temperature.get(), "0.1",
                v -> with(c -> c.withLoss(LossSpec.of("contrastive", c.loss().lambda(), v)))));
        epochsError.set(FieldRules.wholeNumber(epochs.get(), Integer.toString(SupernetConfig.DEFAULT_EPOCHS),
                v -> with(c -> c.withSchedule(c.schedule().withEpochs(v)))));
        limitError.set(FieldRules.wholeNumber(limit.get(), "0", v -> with(c -> c.withData(c.data().withLimit(v)))));
        budgetsError.set(with(c -> c.withBudgets(budgetsText()).withResolutions(resolutionsText())));
        seedError.set(FieldRules.seed(seed.get()));
        String hiddenProblem = FieldRules.engine(() -> hidden.withLoss(PROBE.loss()).withGallery(hidden.pair() ? null : PROBE.gallery())
                .withSchedule(hidden.schedule().withEpochs(PROBE.schedule().epochs())).withData(hidden.data().withLimit(0)).validated());
        formError.set(hiddenProblem == null ? null : "cannot repeat this config: " + hiddenProblem);
    }

    private String checkGallery() {
        if (pair.get()) {
            return null;
        }
        RunOption g = gallery.get();
        if (g == null) {
            return galleries.isEmpty() ? "no finished model in this store yet: train or import a gallery model first"
                    : "choose the gallery model every subnet is made compatible with";
        }
        return RunChoices.find(galleries, g.id()).isPresent() ? null : "run " + g.id() + " is not a finished model in this store";
    }

    private static String with(UnaryOperator<SupernetConfig> change) {
        return FieldRules.engine(() -> change.apply(PROBE).validated());
    }
}
