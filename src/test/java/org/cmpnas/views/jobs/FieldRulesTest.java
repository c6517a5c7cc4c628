package org.cmpnas.views.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.cmpnas.engine.nas.SupernetConfig;
import org.junit.jupiter.api.Test;

/** A field shows the engine's problem without the option name the field already is. */
class FieldRulesTest {

    @Test
    void theOptionNameAndTheValueAreLeftToTheField() {
        assertThat(FieldRules.fieldMessage("--epochs must be between 1 and 10000, got 0")).isEqualTo("must be between 1 and 10000");
        assertThat(FieldRules.fieldMessage("--budgets: '1M' and '1000K' are the same budget (1M MACs); give each budget once"))
                .isEqualTo("'1M' and '1000K' are the same budget (1M MACs); give each budget once");
        assertThat(FieldRules.fieldMessage("--budgets is empty: give MACs budgets separated by commas, e.g. 0.5M,1M,2.5M"))
                .isEqualTo("required: give MACs budgets separated by commas, e.g. 0.5M,1M,2.5M");
        assertThat(FieldRules.fieldMessage("a problem without an option")).isEqualTo("a problem without an option");
    }

    @Test
    void aBudgetAboveEverySubnetIsSaidBeforeAnythingTrains() {
        String problem = FieldRules.engine(() -> SupernetConfig.defaults("g").withBudgets("0.5M,999M").validated());
        assertThat(problem).startsWith("999.00M is above every subnet of the search space (the largest costs 56.60M MACs at 28 px");
        assertThat(FieldRules.engine(() -> SupernetConfig.defaults("g").withBudgets("0.5M,40M").validated())).isNull();
    }
}
