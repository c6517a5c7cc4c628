package org.cmpnas.engine;

/**
 * Bad input in one option of a command, or one field of a form: which option (its command-line name
 * without the dashes, e.g. "epochs") and what is wrong with it, short enough to sit beside the field.
 * The message is the command line's: "--epochs must be between 1 and 10000, got 0".
 */
public final class FieldProblem extends BadInputException {
    private final String option;
    private final String problem;

    private FieldProblem(String option, String problem, String message) {
        super(message);
        this.option = option;
        this.problem = problem;
    }

    /** "--epochs must be between 1 and 10000, got 0"; beside the field: "must be between 1 and 10000". */
    public static FieldProblem of(String option, String problem, Object got) {
        return new FieldProblem(option, problem, "--" + option + " " + problem + ", got " + got);
    }

    /** "--metric 'x' is not a reward metric: use mAP or top1"; beside the field: all after the option's name. */
    public static FieldProblem of(String option, String problem) {
        return new FieldProblem(option, problem, "--" + option + " " + problem);
    }

    /** "--budgets: '1M' and '1000K' are the same budget"; beside the field: all after the colon. */
    public static FieldProblem about(String option, String problem) {
        return new FieldProblem(option, problem, "--" + option + ": " + problem);
    }

    /** "--data is empty: give fashion-mnist or an image folder"; beside the field: "required: give ...". */
    public static FieldProblem missing(String option, String hint) {
        return new FieldProblem(option, "required: " + hint, "--" + option + " is empty: " + hint);
    }

    /** The option's name on the command line, without its dashes. */
    public String option() {
        return option;
    }

    /** What is wrong, without the option's name: what a form shows beside the field. */
    public String problem() {
        return problem;
    }
}
