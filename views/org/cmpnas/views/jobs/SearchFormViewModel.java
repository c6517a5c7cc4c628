package org.cmpnas.views.jobs;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javafx.beans.Observable;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.nas.MacsBudgets;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.nas.SearchConfig;
import org.cmpnas.engine.nas.SearchRunConfig;

/**
 * CMP-NAS step 2, the evolutionary search in a trained supernet: the supernet, the MACs budgets, the
 * population, the generations, seed and name, validated as typed by {@link SearchRunConfig#validated()}
 * (a budget below the smallest subnet of the search space is named with that subnet's MACs). A pair-mode
 * supernet also takes a gallery budget: the gallery subnet is then searched with each query subnet
 * (empty keeps the largest subnet as the gallery); other supernets search against their gallery model,
 * so the field is not used for them.
 */
public final class SearchFormViewModel {
    /** The budgets the form starts with: five points across the query-model range of the search space. */
    public static final String DEFAULT_BUDGETS = "0.5M,0.75M,1M,1.5M,2.4M";
    private static final SearchRunConfig PROBE = SearchRunConfig.defaults("supernet", DEFAULT_BUDGETS);

    private final ObservableList<RunOption> supernets;
    private final Function<String, Optional<SupernetConfig>> supernetConfig;
    private final ObjectProperty<RunOption> supernet = new SimpleObjectProperty<>(this, "supernet");
    private final StringProperty budgets = new SimpleStringProperty(this, "budgets");
    private final StringProperty galleryBudget = new SimpleStringProperty(this, "galleryBudget", "");
    private final StringProperty population = new SimpleStringProperty(this, "population");
    private final StringProperty generations = new SimpleStringProperty(this, "generations");
    private final StringProperty seed = new SimpleStringProperty(this, "seed");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final FormErrors errors = new FormErrors(this);
    private final ReadOnlyStringWrapper supernetError = errors.add("supernetError");
    private final ReadOnlyStringWrapper budgetsError = errors.add("budgetsError");
    private final ReadOnlyStringWrapper galleryBudgetError = errors.add("galleryBudgetError");
    private final ReadOnlyStringWrapper populationError = errors.add("populationError");
    private final ReadOnlyStringWrapper generationsError = errors.add("generationsError");
    private final ReadOnlyStringWrapper seedError = errors.add("seedError");
    private final ReadOnlyStringWrapper formError = errors.add("formError");
    private final ReadOnlyStringWrapper budgetsHint = new ReadOnlyStringWrapper(this, "budgetsHint");
    private final ReadOnlyStringWrapper galleryBudgetHint = new ReadOnlyStringWrapper(this, "galleryBudgetHint");
    private final ReadOnlyBooleanWrapper pairMode = new ReadOnlyBooleanWrapper(this, "pairMode");
    private final ReadOnlyStringWrapper costHint = new ReadOnlyStringWrapper(this, "costHint");
    private final BooleanBinding valid;
    private SearchRunConfig hidden = PROBE;

    /** @param supernetConfig how a supernet run (by id) was trained, e.g. {@link RunChoices#supernetConfig} */
    public SearchFormViewModel(ObservableList<RunOption> supernets, Function<String, Optional<SupernetConfig>> supernetConfig) {
        this.supernets = supernets;
        this.supernetConfig = supernetConfig;
        Observable[] inputs = {supernet, budgets, galleryBudget, population, generations, seed, name};
        for (Observable o : inputs) {
            o.addListener(x -> validate());
        }
        supernets.addListener((ListChangeListener<RunOption>) c -> {
            proposeNewest();
            validate();
        });
        valid = errors.valid();
        fill(PROBE);
        proposeNewest();
    }

    public ObservableList<RunOption> supernets() {
        return supernets;
    }

    /** Puts a config into the fields: the defaults, or a search run to repeat. */
    public void fill(SearchRunConfig config) {
        hidden = config;
        if (config.supernet() != null && !config.supernet().equals(PROBE.supernet())) {
            supernet.set(RunChoices.find(supernets, config.supernet()).orElse(RunOption.missing(config.supernet())));
        }
        budgets.set(config.budgets());
        galleryBudget.set(config.galleryBudget() == null ? "" : config.galleryBudget());
        population.set(Integer.toString(config.evolution().population()));
        generations.set(Integer.toString(config.evolution().generations()));
        seed.set(Long.toString(config.seed()));
        name.set(config.name() == null || config.name().equals(defaultName(config.budgets())) || config.name().equals(PROBE.name())
                ? "" : config.name());
        validate();
    }

    /** The defaults again; the supernet stays. */
    public void reset() {
        RunOption keep = supernet.get();
        fill(PROBE);
        supernet.set(keep);
    }

    public ObjectProperty<RunOption> supernetProperty() {
        return supernet;
    }

    /** MACs budgets separated by commas: 0.5M,1M,2.5M (K, M, G). */
    public StringProperty budgetsProperty() {
        return budgets;
    }

    /** Pair mode only: the gallery subnet's MACs budget (20M); empty keeps the largest subnet as the gallery. */
    public StringProperty galleryBudgetProperty() {
        return galleryBudget;
    }

    public ReadOnlyStringProperty galleryBudgetErrorProperty() {
        return galleryBudgetError.getReadOnlyProperty();
    }

    /** What the gallery budget does for the chosen supernet, or why it is not used. */
    public ReadOnlyStringProperty galleryBudgetHintProperty() {
        return galleryBudgetHint.getReadOnlyProperty();
    }

    /** Whether the chosen supernet is a pair-mode one, the only kind a gallery budget applies to. */
    public ReadOnlyBooleanProperty pairModeProperty() {
        return pairMode.getReadOnlyProperty();
    }

    public StringProperty populationProperty() {
        return population;
    }

    public StringProperty generationsProperty() {
        return generations;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    /** Optional; blank means "search BUDGETS". */
    public StringProperty nameProperty() {
        return name;
    }

    public ReadOnlyStringProperty supernetErrorProperty() {
        return supernetError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty budgetsErrorProperty() {
        return budgetsError.getReadOnlyProperty();
    }

    /** The range of the search space, e.g. "subnets have 0.29M to 10.4M MACs". */
    public ReadOnlyStringProperty budgetsHintProperty() {
        return budgetsHint.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty populationErrorProperty() {
        return populationError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty generationsErrorProperty() {
        return generationsError.getReadOnlyProperty();
    }

    /** How much work the settings ask for, e.g. "at most 204 rewards per budget". */
    public ReadOnlyStringProperty costHintProperty() {
        return costHint.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty seedErrorProperty() {
        return seedError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty formErrorProperty() {
        return formError.getReadOnlyProperty();
    }

    public BooleanBinding validProperty() {
        return valid;
    }

    public boolean isValid() {
        return valid.get();
    }

    /** The config the fields describe; only when {@link #isValid()}. */
    public SearchRunConfig config() {
        if (!isValid()) {
            throw new IllegalStateException("the form is not valid");
        }
        String b = budgets.get().trim();
        String n = name.get() == null || name.get().isBlank() ? defaultName(b) : name.get().trim();
        SearchConfig evolution = withEvolution();
        String g = pairMode.get() ? FieldRules.trimmed(galleryBudget.get()) : null;
        return new SearchRunConfig(n, supernet.get().id(), b, evolution, Long.parseLong(seed.get().trim()), hidden.metric(),
                hidden.calibrationBatches(), hidden.calibrationBatchSize()).withGalleryBudget(g).validated();
    }

    /** The budgets in MACs, in the order typed (empty while they do not parse). */
    public List<Long> budgetList() {
        try {
            return MacsBudgets.parse(budgets.get());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static String defaultName(String budgets) {
        return "search " + budgets;
    }

    private void proposeNewest() {
        boolean current = supernet.get() != null && RunChoices.find(supernets, supernet.get().id()).isPresent();
        if (!current && !supernets.isEmpty()) {
            supernet.set(supernets.get(0)); // newest first
        }
    }

    private void validate() {
        RunOption s = supernet.get();
        supernetError.set(s == null ? (supernets.isEmpty() ? "no finished supernet in this store yet: train one first (Supernet)"
                : "choose the supernet to search") : RunChoices.find(supernets, s.id()).isPresent() ? null
                : "run " + s.id() + " is not a finished supernet in this store");
        String b = FieldRules.trimmed(budgets.get());
        Optional<SupernetConfig> trained = s == null ? Optional.empty() : supernetConfig.apply(s.id());
        budgetsError.set(FieldRules.engine(() -> {
            // the chosen supernet's own range first: its smallest subnet is what a too small budget is measured by
            trained.ifPresent(t -> t.requireTrainedFor(MacsBudgets.parse(b), s.id()));
            return new SearchRunConfig(PROBE.name(), PROBE.supernet(), b, PROBE.evolution(), 1,
                    PROBE.metric(), PROBE.calibrationBatches(), PROBE.calibrationBatchSize()).validated();
        }));
        List<Long> trainedFor = trained.map(SupernetConfig::budgetList).orElse(List.of());
        budgetsHint.set(trainedFor.isEmpty() ? "subnets have " + MacsBudgets.format(SearchSpace.smallest().macs()) + " to "
                + MacsBudgets.format(SearchSpace.largest().macs()) + " MACs"
                : "this supernet was trained for budgets up to " + MacsBudgets.format(trainedFor.get(trainedFor.size() - 1)) + " MACs");
        validateGalleryBudget(s);
        populationError.set(FieldRules.wholeNumber(population.get(), "24", v -> with(e -> e.withPopulation(v))));
        generationsError.set(FieldRules.wholeNumber(generations.get(), "10", v -> with(e -> e.withGenerations(v))));
        seedError.set(FieldRules.seed(seed.get()));
        SearchConfig probeEvolution = hidden.evolution().withPopulation(PROBE.evolution().population())
                .withGenerations(PROBE.evolution().generations());
        String hiddenProblem = FieldRules.engine(() -> new SearchRunConfig(PROBE.name(), PROBE.supernet(), PROBE.budgets(),
                probeEvolution, 1, hidden.metric(), hidden.calibrationBatches(), hidden.calibrationBatchSize()).validated());
        formError.set(hiddenProblem == null ? null : "cannot repeat this config: " + hiddenProblem);
        costHint.set(populationError.get() == null && generationsError.get() == null
                ? "≤ " + withEvolution().maxEvaluationsPerBudget() + " rewards a budget" : null);
    }

    private void validateGalleryBudget(RunOption s) {
        pairMode.set(s != null && supernetConfig.apply(s.id()).map(SupernetConfig::pair).orElse(false));
        String g = FieldRules.trimmed(galleryBudget.get());
        if (!pairMode.get()) {
            galleryBudgetError.set(null);
            galleryBudgetHint.set("pair-mode supernets only: " + (s == null ? "choose one" : "this one searches against its gallery model"));
            return;
        }
        galleryBudgetError.set(g.isEmpty() ? null : FieldRules.engine(() -> PROBE.withGalleryBudget(g).validated()));
        galleryBudgetHint.set(g.isEmpty() ? "empty: the largest subnet (" + MacsBudgets.format(SearchSpace.largest().macs()) + " MACs) is the gallery"
                : "the gallery subnet is searched with each query");
    }

    private SearchConfig withEvolution() {
        return hidden.evolution().withPopulation(Integer.parseInt(population.get().trim()))
                .withGenerations(Integer.parseInt(generations.get().trim()));
    }

    private String with(UnaryOperator<SearchConfig> change) {
        return FieldRules.engine(() -> change.apply(hidden.evolution()).validated());
    }
}
