package org.cmpnas.views.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.cmpnas.engine.catalogue.RunConfig;
import org.cmpnas.engine.nas.ExportConfig;
import org.cmpnas.engine.nas.SearchRunConfig;
import org.cmpnas.engine.nas.SupernetConfig;
import org.cmpnas.engine.train.TrainConfig;
import org.junit.jupiter.api.Test;

/** A job's kind follows from the config it runs, with its progress plan. */
class JobKindTest {

    @Test
    void eachKindOfRunConfigIsTheJobKindOfItsTypeWithItsEpochsOrBudgets() {
        RunConfig training = new RunConfig.Training(TrainConfig.defaults("resnet-q"));
        RunConfig supernet = new RunConfig.Supernet(SupernetConfig.defaults("g-1"));
        RunConfig search = new RunConfig.Search(SearchRunConfig.defaults("s-1", "0.5M,1M"));
        RunConfig export = new RunConfig.Export(ExportConfig.of("x-1", "1M", 3));
        assertThat(JobKind.of(training)).isEqualTo(JobKind.TRAINING);
        assertThat(JobKind.of(supernet)).isEqualTo(JobKind.SUPERNET);
        assertThat(JobKind.of(search)).isEqualTo(JobKind.SEARCH);
        assertThat(JobKind.of(export)).isEqualTo(JobKind.EXPORT);
        assertThat(training.epochs()).isEqualTo(8);
        assertThat(supernet.epochs()).isEqualTo(SupernetConfig.DEFAULT_EPOCHS);
        assertThat(export.epochs()).isEqualTo(3);
        assertThat(search.epochs()).isZero();
        assertThat(search.budgets()).containsExactly(500_000L, 1_000_000L);
        assertThat(training.budgets()).isEmpty();
    }
}
