package org.cmpnas.views.jobs;

import java.util.List;
import java.util.function.Function;
import javafx.beans.Observable;
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
import org.cmpnas.engine.nas.ExportConfig;
import org.cmpnas.engine.nas.MacsBudgets;

/**
 * CMP-NAS step 3, a searched subnet as a standalone query model: the search run, one of its budgets,
 * the fine-tuning epochs (0: the supernet's weights as they are), seed and name.
 */
public final class ExportFormViewModel {
    private static final ExportConfig PROBE = ExportConfig.of("search", "1M", 0);

    private final ObservableList<RunOption> searches;
    private final Function<String, List<String>> budgetsOf;
    private final ObjectProperty<RunOption> search = new SimpleObjectProperty<>(this, "search");
    private final ObservableList<String> budgets = FXCollections.observableArrayList();
    private final StringProperty budget = new SimpleStringProperty(this, "budget", "");
    private final StringProperty finetuneEpochs = new SimpleStringProperty(this, "finetuneEpochs");
    private final StringProperty seed = new SimpleStringProperty(this, "seed");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final FormErrors errors = new FormErrors(this);
    private final ReadOnlyStringWrapper searchError = errors.add("searchError");
    private final ReadOnlyStringWrapper budgetError = errors.add("budgetError");
    private final ReadOnlyStringWrapper finetuneError = errors.add("finetuneError");
    private final ReadOnlyStringWrapper seedError = errors.add("seedError");
    private final ReadOnlyStringWrapper formError = errors.add("formError");
    private final BooleanBinding valid;
    private ExportConfig hidden = PROBE;

    /** @param budgetsOf the budgets a search run was configured with */
    public ExportFormViewModel(ObservableList<RunOption> searches, Function<String, List<String>> budgetsOf) {
        this.searches = searches;
        this.budgetsOf = budgetsOf;
        Observable[] inputs = {budget, finetuneEpochs, seed, name};
        for (Observable o : inputs) {
            o.addListener(x -> validate());
        }
        search.addListener((obs, old, now) -> {
            budgets.setAll(now == null ? List.of() : budgetsOf.apply(now.id()));
            if (!budgets.isEmpty() && !budgets.contains(budget.get())) {
                budget.set(budgets.get(0));
            }
            validate();
        });
        searches.addListener((ListChangeListener<RunOption>) c -> {
            proposeNewest();
            if (search.get() != null) {
                budgets.setAll(budgetsOf.apply(search.get().id()));
            }
            validate();
        });
        valid = errors.valid();
        fill(PROBE);
        budget.set("");
        proposeNewest();
    }

    public ObservableList<RunOption> searches() {
        return searches;
    }

    /** The budgets of the chosen search, for the budget box. */
    public ObservableList<String> budgets() {
        return budgets;
    }

    /** Puts a config into the fields: the defaults, or an exported run to repeat. */
    public void fill(ExportConfig config) {
        hidden = config;
        if (config.search() != null && !config.search().equals(PROBE.search())) {
            search.set(RunChoices.find(searches, config.search()).orElse(RunOption.missing(config.search())));
        }
        budget.set(config.budget());
        finetuneEpochs.set(Integer.toString(config.finetune().epochs()));
        seed.set(Long.toString(config.finetune().seed()));
        name.set(config.name() == null ? "" : config.name());
        validate();
    }

    /** The defaults again; the search and budget stay. */
    public void reset() {
        RunOption keepSearch = search.get();
        String keepBudget = budget.get();
        fill(PROBE);
        search.set(keepSearch);
        budget.set(keepBudget);
    }

    public ObjectProperty<RunOption> searchProperty() {
        return search;
    }

    /** One of the search's budgets as it was written, e.g. 1M. */
    public StringProperty budgetProperty() {
        return budget;
    }

    public StringProperty finetuneEpochsProperty() {
        return finetuneEpochs;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    /** Optional; blank means "cmpnas BUDGET" (with " ftN" when fine-tuned). */
    public StringProperty nameProperty() {
        return name;
    }

    public ReadOnlyStringProperty searchErrorProperty() {
        return searchError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty budgetErrorProperty() {
        return budgetError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty finetuneErrorProperty() {
        return finetuneError.getReadOnlyProperty();
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
    public ExportConfig config() {
        if (!isValid()) {
            throw new IllegalStateException("the form is not valid");
        }
        String n = name.get() == null || name.get().isBlank() ? null : name.get().trim();
        int epochs = Integer.parseInt(finetuneEpochs.get().trim());
        return ExportConfig.of(search.get().id(), budget.get().trim(), epochs).withName(n)
                .withFinetune(hidden.finetune().withEpochs(epochs).withSeed(Long.parseLong(seed.get().trim())))
                .withFinetuneLimit(hidden.data().limit()).validated(); // a repeated export keeps the settings the form does not show
    }

    private void proposeNewest() {
        boolean current = search.get() != null && RunChoices.find(searches, search.get().id()).isPresent();
        if (!current && !searches.isEmpty()) {
            search.set(searches.get(0)); // newest first
        }
    }

    private void validate() {
        RunOption s = search.get();
        searchError.set(s == null ? (searches.isEmpty() ? "no finished search in this store yet: run one first (Search)"
                : "choose the search whose subnet is exported") : RunChoices.find(searches, s.id()).isPresent() ? null
                : "run " + s.id() + " is not a finished search in this store");
        budgetError.set(checkBudget());
        finetuneError.set(FieldRules.wholeNumber(finetuneEpochs.get(), "0",
                v -> FieldRules.engine(() -> ExportConfig.of(PROBE.search(), PROBE.budget(), v).validated())));
        seedError.set(FieldRules.seed(seed.get()));
        String hiddenProblem = FieldRules.engine(() -> ExportConfig.of(PROBE.search(), PROBE.budget(), 0)
                .withFinetune(hidden.finetune().withEpochs(0)).withFinetuneLimit(hidden.data().limit()).validated());
        formError.set(hiddenProblem == null ? null : "cannot repeat this config: " + hiddenProblem);
    }

    /** A budget that parses and, once the search is known, one the search looked for. */
    private String checkBudget() {
        String b = FieldRules.trimmed(budget.get());
        if (b.isEmpty()) {
            return budgets.isEmpty() ? "required, e.g. 1M" : "choose one of the search's budgets";
        }
        long macs;
        try {
            macs = MacsBudgets.parseOne(b);
        } catch (BadInputException e) {
            return FieldRules.shown(e);
        }
        if (budgets.isEmpty()) {
            return null; // the search's budgets are unknown here; the job checks them
        }
        boolean searched = budgets.stream().anyMatch(each -> {
            try {
                return MacsBudgets.parseOne(each.trim()) == macs;
            } catch (RuntimeException e) {
                return false;
            }
        });
        return searched ? null : "not one of the search's budgets (" + String.join(", ", budgets) + ")";
    }
}
