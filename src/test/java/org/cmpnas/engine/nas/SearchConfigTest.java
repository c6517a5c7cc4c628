package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cmpnas.engine.BadInputException;
import org.junit.jupiter.api.Test;

class SearchConfigTest {

    @Test
    void defaultsKeepOnceForAllRatiosAtASmallerSize() {
        SearchConfig d = SearchConfig.defaults().validated();
        assertThat(d.parentCount()).isEqualTo(6);
        assertThat(d.mutantCount()).isEqualTo(9);
        assertThat(d.crossoverCount()).isEqualTo(9);
        assertThat(d.maxEvaluationsPerBudget()).isEqualTo(24 + 10 * 18);
        assertThat(SearchConfig.ONCE_FOR_ALL.validated().parentCount()).isEqualTo(25);
        assertThat(SearchConfig.quick().validated().maxEvaluationsPerBudget()).isEqualTo(39);
    }

    @Test
    void invalidValuesNameTheirOption() {
        SearchConfig d = SearchConfig.defaults();
        assertThatThrownBy(() -> d.withPopulation(1).validated()).isInstanceOf(BadInputException.class).hasMessageStartingWith("--population");
        assertThatThrownBy(() -> d.withGenerations(-1).validated()).isInstanceOf(BadInputException.class).hasMessageStartingWith("--generations");
        assertThatThrownBy(() -> new SearchConfig(24, 10, 1.5, 0.5, 0.1, 10).validated()).hasMessageStartingWith("--parent-ratio");
        assertThatThrownBy(() -> new SearchConfig(2, 10, 0.9, 0.5, 0.1, 10).validated()).hasMessageContaining("no room for children");
        assertThatThrownBy(() -> new SearchConfig(24, 10, 0.25, Double.NaN, 0.1, 10).validated()).hasMessageStartingWith("--mutation-ratio");
        assertThatThrownBy(() -> new SearchConfig(24, 10, 0.25, 0.5, 0, 10).validated()).hasMessageStartingWith("--mutate-prob");
        assertThatThrownBy(() -> new SearchConfig(24, 10, 0.25, 0.5, 0.1, 0).validated()).hasMessageStartingWith("--sample-attempts");
    }
}
