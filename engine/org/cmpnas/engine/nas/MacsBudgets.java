package org.cmpnas.engine.nas;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.FieldProblem;

/** MACs budgets as users write them: {@code 0.5M,1M,2.5M,800K,1200000} (K = 10³, M = 10⁶, G = 10⁹). */
public final class MacsBudgets {
    private static final String EXAMPLE = "such as 0.5M, 800K or 1200000";

    private MacsBudgets() {
    }

    /** The budgets in the order given; a fraction of a MAC is dropped. */
    public static List<Long> parse(String text) {
        if (text == null || text.isBlank()) {
            throw FieldProblem.missing("budgets", "give MACs budgets separated by commas, e.g. 0.5M,1M,2.5M");
        }
        List<Long> budgets = new ArrayList<>();
        Map<Long, String> seen = new HashMap<>();
        for (String raw : text.split(",", -1)) {
            String token = raw.trim();
            long budget = parseOne(token);
            String earlier = seen.putIfAbsent(budget, token);
            if (earlier != null) {
                throw FieldProblem.about("budgets", "'" + earlier + "' and '" + token + "' are the same budget (" + format(budget)
                        + " MACs); give each budget once");
            }
            budgets.add(budget);
        }
        return budgets;
    }

    /** One budget, e.g. {@code 2.5M}; also for single-budget options such as {@code --gallery-budget}. */
    public static long parseOne(String token) {
        if (token.isEmpty()) {
            throw new BadInputException("empty budget: give MACs budgets separated by single commas, e.g. 0.5M,1M");
        }
        String upper = token.toUpperCase(Locale.ROOT);
        char last = upper.charAt(upper.length() - 1);
        long unit = switch (last) {
            case 'K' -> 1_000L;
            case 'M' -> 1_000_000L;
            case 'G' -> 1_000_000_000L;
            default -> 1L;
        };
        String number = unit == 1 ? upper : upper.substring(0, upper.length() - 1).trim();
        BigDecimal value;
        try {
            value = new BigDecimal(number).multiply(BigDecimal.valueOf(unit));
        } catch (NumberFormatException e) {
            throw new BadInputException("budget '" + token + "' is not a number of MACs " + EXAMPLE);
        }
        // Range checks before rounding: rounding "1e-999999999" or "1e999999999" would take forever.
        if (value.compareTo(BigDecimal.ONE) < 0) {
            throw new BadInputException("budget '" + token + "' must be a positive number of MACs (at least 1), " + EXAMPLE);
        }
        if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new BadInputException("budget '" + token + "' is too large");
        }
        return value.setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** MACs in millions with two decimals, as in messages and labels ({@code 0.40M}); tiny counts as they are. */
    public static String format(long macs) {
        return macs < 10_000 ? Long.toString(macs) : String.format(Locale.ROOT, "%.2fM", macs / 1e6);
    }
}
