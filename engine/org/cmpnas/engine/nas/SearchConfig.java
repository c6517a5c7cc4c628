package org.cmpnas.engine.nas;

import static org.cmpnas.engine.BadInputException.require;

import org.cmpnas.engine.FieldProblem;

/**
 * The evolutionary search's settings, stored in the search run's record.
 *
 * <p>Once-for-All's originals ({@link #ONCE_FOR_ALL}) are population 100, 500 generations
 * ({@code max_time_budget}), parent ratio 0.25, mutation ratio 0.5, mutate probability 0.1; they rank
 * 100 subnets per generation with a cheap accuracy predictor. Here each reward is a real retrieval
 * evaluation of about a second, so the defaults keep the ratios and shrink the sizes: population 24 and
 * 10 generations are at most 24 + 10 × 18 = 204 rewards a budget (fewer with the cache), minutes.
 *
 * <p>One deliberate change from OFA: the population stays at {@code population} (the kept parents plus
 * {@code population − parents} children, of which {@code mutationRatio} are mutants and the rest
 * crossovers), where OFA adds {@code population} children to the parents.
 *
 * @param sampleAttempts draws per subnet before rejection sampling, mutation or crossover gives up on
 *                       the budget (OFA retries forever)
 */
public record SearchConfig(int population, int generations, double parentRatio, double mutationRatio,
                           double mutateProb, int sampleAttempts) {

    public static final SearchConfig ONCE_FOR_ALL = new SearchConfig(100, 500, 0.25, 0.5, 0.1, 1000);

    public static SearchConfig defaults() {
        return new SearchConfig(24, 10, 0.25, 0.5, 0.1, 200);
    }

    /** For {@code --quick} runs and smoke tests: at most 12 + 3 × 9 = 39 rewards a budget. */
    public static SearchConfig quick() {
        return new SearchConfig(12, 3, 0.25, 0.5, 0.1, 200);
    }

    public SearchConfig withPopulation(int value) {
        return new SearchConfig(value, generations, parentRatio, mutationRatio, mutateProb, sampleAttempts);
    }

    public SearchConfig withGenerations(int value) {
        return new SearchConfig(population, value, parentRatio, mutationRatio, mutateProb, sampleAttempts);
    }

    /** Subnets kept from one generation to the next: at least one. */
    public int parentCount() {
        return Math.max(1, (int) Math.round(population * parentRatio));
    }

    public int mutantCount() {
        return (int) Math.round((population - parentCount()) * mutationRatio);
    }

    public int crossoverCount() {
        return population - parentCount() - mutantCount();
    }

    /** An upper bound of reward evaluations for one budget (for progress bars); the cache may need fewer. */
    public int maxEvaluationsPerBudget() {
        return population + generations * (population - parentCount());
    }

    /** Checks every value and names the option that is wrong; returns this for chaining. */
    public SearchConfig validated() {
        require(population >= 2 && population <= 10_000, () -> FieldProblem.of("population", "must be between 2 and 10000", population));
        require(generations >= 0 && generations <= 100_000, () -> FieldProblem.of("generations", "must be between 0 and 100000", generations));
        require(parentRatio > 0 && parentRatio < 1, () -> FieldProblem.of("parent-ratio", "must be between 0 and 1 (exclusive)", parentRatio));
        require(parentCount() < population, "--parent-ratio " + parentRatio + " keeps all " + population
                + " subnets of --population as parents and leaves no room for children");
        require(mutationRatio >= 0 && mutationRatio <= 1, () -> FieldProblem.of("mutation-ratio", "must be between 0 and 1", mutationRatio));
        require(mutateProb > 0 && mutateProb <= 1, () -> FieldProblem.of("mutate-prob", "must be above 0 and at most 1", mutateProb));
        require(sampleAttempts >= 1 && sampleAttempts <= 1_000_000, () -> FieldProblem.of("sample-attempts", "must be between 1 and 1000000", sampleAttempts));
        return this;
    }
}
