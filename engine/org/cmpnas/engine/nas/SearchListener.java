package org.cmpnas.engine.nas;

/** What an evolutionary search reports while it runs; called on the search's thread. */
public interface SearchListener {

    SearchListener NONE = new SearchListener() {
    };

    /** After the initial population (generation 0) and after each generation of a budget. */
    default void generation(GenerationEvent event) {
    }

    /** After each computed (not cached) reward: for progress bars. */
    default void evaluated(long budget, SearchPoint point, int rewardEvaluations) {
    }
}
