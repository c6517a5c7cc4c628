package org.cmpnas.views.jobs;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.ResNetSpec;
import org.cmpnas.engine.train.TrainConfig;
import org.cmpnas.views.common.Formats;

/**
 * The "train a model" form: text as typed, validated on every keystroke. Range rules come from the
 * engine ({@link TrainConfig#validated()}), so the form and the command line never disagree; each
 * message is shown next to its own field and Start stays disabled while any is present.
 */
public final class TrainFormViewModel {
    private static final String DEFAULT_ARCH = "resnet-q";
    // Checks one field at a time against a config whose other values are known to be good.
    private static final TrainConfig PROBE = TrainConfig.defaults(DEFAULT_ARCH);
    private static final Pattern ENGINE_MESSAGE = Pattern.compile("^--?[\\w-]+ (.*?)(, got .*)?$");

    private final StringProperty arch = new SimpleStringProperty(this, "arch");
    private final StringProperty epochs = new SimpleStringProperty(this, "epochs");
    private final StringProperty batch = new SimpleStringProperty(this, "batch");
    private final StringProperty lr = new SimpleStringProperty(this, "lr");
    private final StringProperty seed = new SimpleStringProperty(this, "seed");
    private final StringProperty limit = new SimpleStringProperty(this, "limit");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final ReadOnlyStringWrapper archError = new ReadOnlyStringWrapper(this, "archError");
    private final ReadOnlyStringWrapper archSummary = new ReadOnlyStringWrapper(this, "archSummary");
    private final ReadOnlyStringWrapper epochsError = new ReadOnlyStringWrapper(this, "epochsError");
    private final ReadOnlyStringWrapper batchError = new ReadOnlyStringWrapper(this, "batchError");
    private final ReadOnlyStringWrapper lrError = new ReadOnlyStringWrapper(this, "lrError");
    private final ReadOnlyStringWrapper seedError = new ReadOnlyStringWrapper(this, "seedError");
    private final ReadOnlyStringWrapper limitError = new ReadOnlyStringWrapper(this, "limitError");
    private final ReadOnlyStringWrapper formError = new ReadOnlyStringWrapper(this, "formError");
    private final BooleanBinding valid;
    // Settings the form does not show (data, momentum, weight decay, augmentation) travel along unchanged.
    private TrainConfig hidden = TrainConfig.defaults(DEFAULT_ARCH);

    public TrainFormViewModel() {
        Observable[] inputs = {arch, epochs, batch, lr, seed, limit, name};
        for (Observable o : inputs) {
            o.addListener(x -> validate());
        }
        valid = Bindings.createBooleanBinding(() -> archError.get() == null && epochsError.get() == null
                        && batchError.get() == null && lrError.get() == null && seedError.get() == null
                        && limitError.get() == null && formError.get() == null,
                archError, epochsError, batchError, lrError, seedError, limitError, formError);
        fill(TrainConfig.defaults(DEFAULT_ARCH));
    }

    /** The presets offered in the architecture box; any subnet text may be typed as well. */
    public List<String> presets() {
        return ResNetSpec.PRESETS.keySet().stream().sorted().toList();
    }

    /** Puts a config into the fields, e.g. the defaults or a run to repeat. */
    public void fill(TrainConfig config) {
        hidden = config;
        arch.set(config.arch());
        epochs.set(Integer.toString(config.epochs()));
        batch.set(Integer.toString(config.batch()));
        lr.set(formatDouble(config.lr()));
        seed.set(Long.toString(config.seed()));
        limit.set(Integer.toString(config.limit()));
        name.set(config.name() == null || config.name().equals(config.arch()) ? "" : config.name());
        validate();
    }

    /** Back to the defaults for the architecture currently typed (or resnet-q). */
    public void reset() {
        String a = archError.get() == null ? arch.get().trim() : DEFAULT_ARCH;
        fill(TrainConfig.defaults(a));
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

    /** Optional; blank means "name the run after its architecture". */
    public StringProperty nameProperty() {
        return name;
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

    public ReadOnlyStringProperty limitErrorProperty() {
        return limitError.getReadOnlyProperty();
    }

    /** A problem with a setting the form does not show (e.g. a repeated run's data folder). */
    public ReadOnlyStringProperty formErrorProperty() {
        return formError.getReadOnlyProperty();
    }

    public BooleanBinding validProperty() {
        return valid;
    }

    public boolean isValid() {
        return valid.get();
    }

    /** Where the training images come from (not editable here yet). */
    public String dataText() {
        return hidden.data();
    }

    /** The config the fields describe; only when {@link #isValid()}. */
    public TrainConfig config() {
        if (!isValid()) {
            throw new IllegalStateException("the form is not valid");
        }
        String a = arch.get().trim();
        String n = name.get() == null || name.get().isBlank() ? a : name.get().trim();
        return new TrainConfig(n, a, hidden.data(), Integer.parseInt(epochs.get().trim()),
                Integer.parseInt(batch.get().trim()), Double.parseDouble(lr.get().trim()), hidden.momentum(),
                hidden.weightDecay(), Long.parseLong(seed.get().trim()), Integer.parseInt(limit.get().trim()),
                hidden.flip(), hidden.padCrop()).validated();
    }

    private void validate() {
        validateArch();
        epochsError.set(checkInt(epochs.get(), "8", v -> with(PROBE, c -> new TrainConfig(c.name(), c.arch(), c.data(), v,
                c.batch(), c.lr(), c.momentum(), c.weightDecay(), c.seed(), c.limit(), c.flip(), c.padCrop()))));
        batchError.set(checkInt(batch.get(), "64", v -> with(PROBE, c -> new TrainConfig(c.name(), c.arch(), c.data(),
                c.epochs(), v, c.lr(), c.momentum(), c.weightDecay(), c.seed(), c.limit(), c.flip(), c.padCrop()))));
        limitError.set(checkInt(limit.get(), "0", v -> with(PROBE, c -> new TrainConfig(c.name(), c.arch(), c.data(),
                c.epochs(), c.batch(), c.lr(), c.momentum(), c.weightDecay(), c.seed(), v, c.flip(), c.padCrop()))));
        lrError.set(checkLr(lr.get()));
        seedError.set(checkSeed(seed.get()));
        formError.set(checkHidden());
    }

    private void validateArch() {
        String text = arch.get() == null ? "" : arch.get().trim();
        try {
            ArchSpec spec = ArchSpec.parse(text);
            archError.set(null);
            archSummary.set(Formats.count(spec.macs()) + " MACs · " + Formats.count(spec.params()) + " params");
        } catch (BadInputException e) {
            archError.set(e.getMessage());
            archSummary.set(null);
        }
    }

    /** A whole number, then the engine's rule for it. */
    private static String checkInt(String text, String example, java.util.function.IntFunction<String> rule) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return "required, e.g. " + example;
        }
        int value;
        try {
            value = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return "not a whole number, e.g. " + example;
        }
        return rule.apply(value);
    }

    private static String checkLr(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return "required, e.g. 0.05";
        }
        double value;
        try {
            value = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return "not a number, e.g. 0.05";
        }
        double v = value;
        return with(PROBE, c -> new TrainConfig(c.name(), c.arch(), c.data(), c.epochs(), c.batch(), v, c.momentum(),
                c.weightDecay(), c.seed(), c.limit(), c.flip(), c.padCrop()));
    }

    private static String checkSeed(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return "required, e.g. 1";
        }
        try {
            Long.parseLong(t);
            return null;
        } catch (NumberFormatException e) {
            return "not a whole number, e.g. 1";
        }
    }

    /** The settings the form does not show, checked once with a valid visible part. */
    private String checkHidden() {
        String problem = with(hidden, c -> new TrainConfig(c.name(), DEFAULT_ARCH, c.data(), PROBE.epochs(),
                PROBE.batch(), PROBE.lr(), c.momentum(), c.weightDecay(), c.seed(), PROBE.limit(), c.flip(), c.padCrop()));
        return problem == null ? null : "cannot repeat this config: " + problem;
    }

    /** The engine's message for a config, shortened to what belongs next to one field; null if valid. */
    private static String with(TrainConfig base, UnaryOperator<TrainConfig> change) {
        try {
            change.apply(base).validated();
            return null;
        } catch (BadInputException e) {
            return fieldMessage(e.getMessage());
        }
    }

    /** "--epochs must be between 1 and 10000, got 0" becomes "must be between 1 and 10000". */
    static String fieldMessage(String engineMessage) {
        Matcher m = ENGINE_MESSAGE.matcher(engineMessage);
        return m.matches() ? m.group(1) : engineMessage;
    }

    private static String formatDouble(double v) {
        String s = Double.toString(v);
        if (s.contains("E")) {
            return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
