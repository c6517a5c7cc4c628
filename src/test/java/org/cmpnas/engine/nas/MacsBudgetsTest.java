package org.cmpnas.engine.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cmpnas.engine.BadInputException;
import org.junit.jupiter.api.Test;

class MacsBudgetsTest {

    @Test
    void parsesSuffixesAndPlainNumbersInOrder() {
        assertThat(MacsBudgets.parse("0.5M,1M,2.5M,800K,1200000"))
                .containsExactly(500_000L, 1_000_000L, 2_500_000L, 800_000L, 1_200_000L);
        assertThat(MacsBudgets.parse(" 1.25m , 3k ,0.001G")).containsExactly(1_250_000L, 3_000L, 1_000_000L);
    }

    @Test
    void badTokensNameTheToken() {
        assertThatThrownBy(() -> MacsBudgets.parse("1M,abc")).isInstanceOf(BadInputException.class).hasMessageContaining("'abc'");
        assertThatThrownBy(() -> MacsBudgets.parse("1M,M")).isInstanceOf(BadInputException.class).hasMessageContaining("'M'");
        assertThatThrownBy(() -> MacsBudgets.parse("1.5X")).isInstanceOf(BadInputException.class).hasMessageContaining("'1.5X'");
        assertThatThrownBy(() -> MacsBudgets.parse("1M,,2M")).isInstanceOf(BadInputException.class).hasMessageContaining("empty budget");
        assertThatThrownBy(() -> MacsBudgets.parse("")).isInstanceOf(BadInputException.class).hasMessageContaining("--budgets is empty");
        assertThatThrownBy(() -> MacsBudgets.parse("1e999999999M")).isInstanceOf(BadInputException.class).hasMessageContaining("too large");
    }

    @Test
    void nonPositiveBudgetsAreRejected() {
        for (String bad : new String[] {"0", "-1M", "0.0000001M", "1e-999999999"}) {
            assertThatThrownBy(() -> MacsBudgets.parse(bad)).as(bad).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("'" + bad + "'").hasMessageContaining("positive");
        }
    }

    @Test
    void duplicatesAreRejectedEvenWhenWrittenDifferently() {
        assertThatThrownBy(() -> MacsBudgets.parse("1M,0.5M,1000K"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--budgets: '1M' and '1000K' are the same budget (1.00M MACs); give each budget once");
    }

    @Test
    void formatsInMillions() {
        assertThat(MacsBudgets.format(401_584)).isEqualTo("0.40M");
        assertThat(MacsBudgets.format(2_500_000)).isEqualTo("2.50M");
        assertThat(MacsBudgets.format(500)).isEqualTo("500");
    }
}
