package org.cmpnas.engine.nas;

import java.util.List;
import org.cmpnas.engine.jobs.JobEvent;

/**
 * The state of a budget's search after one generation, enough to draw it live.
 *
 * @param generation        0 for the initial random population, then 1 … {@code generations}
 * @param best              the best subnet within the budget evaluated so far (by this search object)
 * @param population        the current population (parents kept and children), in rank order; it may
 *                          repeat a subnet, and is smaller than configured when a tight budget left
 *                          fewer different parents than the parent ratio asks for
 * @param rewardEvaluations rewards computed so far, over all budgets (cache hits not counted)
 */
public record GenerationEvent(long budget, int generation, int generations, SearchPoint best,
                              List<SearchPoint> population, int rewardEvaluations) implements JobEvent {

    public GenerationEvent {
        population = List.copyOf(population);
    }

    public double bestReward() {
        return best.reward();
    }
}
