package org.cmpnas.views.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.FieldProblem;
import org.cmpnas.engine.nas.MacsBudgets;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.train.Schedule;
import org.cmpnas.engine.train.TrainConfig;
import org.junit.jupiter.api.Test;

/** A field shows the engine's problem without the option name the field already is. */
class FieldRulesTest {

    @Test
    void theOptionNameAndTheValueAreLeftToTheFieldWhileTheCommandLineKeepsThem() {
        FieldProblem epochs = assertThrows(FieldProblem.class, () -> TrainConfig.of("resnet-q", TrainConfig.FASHION_MNIST).withName("q").withSchedule(new Schedule(0, 64, 0.05, 0.9, 5e-4, 1)).validated());
        assertThat(epochs.option()).isEqualTo("epochs");
        assertThat(epochs.getMessage()).isEqualTo("--epochs must be between 1 and 10000, got 0");
        assertThat(FieldRules.shown(epochs)).isEqualTo("must be between 1 and 10000");

        FieldProblem twice = assertThrows(FieldProblem.class, () -> MacsBudgets.parse("1M,1000K"));
        assertThat(twice.getMessage()).isEqualTo("--budgets: '1M' and '1000K' are the same budget (1.00M MACs); give each budget once");
        assertThat(FieldRules.shown(twice)).isEqualTo("'1M' and '1000K' are the same budget (1.00M MACs); give each budget once");

        FieldProblem none = assertThrows(FieldProblem.class, () -> MacsBudgets.parse(" "));
        assertThat(none.getMessage()).isEqualTo("--budgets is empty: give MACs budgets separated by commas, e.g. 0.5M,1M,2.5M");
        assertThat(FieldRules.shown(none)).isEqualTo("required: give MACs budgets separated by commas, e.g. 0.5M,1M,2.5M");

        assertThat(FieldRules.shown(new BadInputException("a problem without an option"))).isEqualTo("a problem without an option");
    }

    @Test
    void aBudgetAboveEverySubnetIsSaidBeforeAnythingTrains() {
        String problem = FieldRules.engine(() -> SupernetConfig.defaults("g").withBudgets("0.5M,999M").validated());
        assertThat(problem).startsWith("999.00M is above every subnet of the search space (the largest costs 56.60M MACs at 28 px");
        assertThat(FieldRules.engine(() -> SupernetConfig.defaults("g").withBudgets("0.5M,40M").validated())).isNull();
    }
}
