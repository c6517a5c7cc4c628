package org.cmpnas.views.jobs;

import java.util.function.DoubleFunction;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.FieldProblem;

/**
 * How the job forms check a field: first that the text is a number at all, then the engine's own rule
 * for it, so a form and the command line never disagree. Messages are short enough to sit next to the
 * field; null means the field is fine.
 */
final class FieldRules {
    private FieldRules() {
    }

    /** A whole number, then {@code rule} (the engine's message for it, or null). */
    static String wholeNumber(String text, String example, IntFunction<String> rule) {
        String t = trimmed(text);
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

    /** A number such as 0.05 or 1e-3, then {@code rule}. */
    static String number(String text, String example, DoubleFunction<String> rule) {
        String t = trimmed(text);
        if (t.isEmpty()) {
            return "required, e.g. " + example;
        }
        double value;
        try {
            value = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return "not a number, e.g. " + example;
        }
        return rule.apply(value);
    }

    /** A seed: any whole number that fits a long. */
    static String seed(String text) {
        String t = trimmed(text);
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

    /** Runs an engine check: what belongs next to the field if it failed, else null. */
    static String engine(Supplier<?> check) {
        try {
            check.get();
            return null;
        } catch (BadInputException e) {
            return shown(e);
        }
    }

    /** An option's problem without the option's name (the field is the option); any other problem whole. */
    static String shown(BadInputException problem) {
        return problem instanceof FieldProblem p ? p.problem() : problem.getMessage();
    }

    static String trimmed(String text) {
        return text == null ? "" : text.trim();
    }

    /** 0.05 as "0.05", 5e-4 as "0.0005", 2.0 as "2". */
    static String formatDouble(double v) {
        String s = Double.toString(v);
        if (s.contains("E")) {
            return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
