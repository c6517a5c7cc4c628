package org.cmpnas.engine.nas;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.model.SubnetSpec;

/**
 * Once-for-All's evolutionary search for the best subnet under a MACs budget. Collaborators come in:
 * {@code macs} counts a subnet, {@code reward} scores it (the heterogeneous mAP from the supernet on
 * the NAS reward set: expensive, so every subnet is scored once, cached by its text form, across
 * budgets). The reward must be deterministic for a subnet.
 *
 * <p>Each (budget, generation) draws from its own {@link StepRandom}, so a budget's path depends only
 * on the seed, the budget and the rewards: the same seed gives the same result, whatever was searched
 * before. Not thread-safe: one search runs on one (engine) thread.
 */
public final class EvolutionSearch {
    /** Higher reward first; ties go to the cheaper subnet, then to the text form, so ranking is repeatable. */
    private static final Comparator<SearchPoint> BEST_FIRST = Comparator.comparingDouble(SearchPoint::reward).reversed()
            .thenComparingLong(SearchPoint::macs)
            .thenComparing(p -> p.subnet().text());

    private final ToLongFunction<SubnetSpec> macs;
    private final ToDoubleFunction<SubnetSpec> reward;
    private final SearchConfig config;
    private final long seed;
    private final SubnetSampler sampler;
    private final Mutations mutations;
    private final Map<String, SearchPoint> evaluated = new LinkedHashMap<>();
    private int rewardEvaluations;

    public EvolutionSearch(ToLongFunction<SubnetSpec> macs, ToDoubleFunction<SubnetSpec> reward, SearchConfig config, long seed) {
        this.macs = macs;
        this.reward = reward;
        this.config = config.validated();
        this.seed = seed;
        this.sampler = new SubnetSampler(macs);
        this.mutations = new Mutations(macs);
    }

    /**
     * Evolves a population within {@code budget} and returns the best subnet within the budget among
     * everything this object has evaluated (earlier budgets included), so results agree with
     * {@link #paretoFront()}. On cancellation the token's exception propagates; what was evaluated stays
     * readable through {@link #evaluated()}.
     *
     * @throws org.cmpnas.engine.BadInputException when the budget is below the smallest subnet
     */
    public SearchResult search(long budget, SearchListener listener, CancellationToken token) {
        sampler.requireFeasible(budget);
        Random random = StepRandom.of(seed, budget, 0);
        List<SubnetSpec> initial = new ArrayList<>();
        for (int i = 0; i < config.population(); i++) {
            initial.add(sampler.sampleWithin(budget, random, config.sampleAttempts()));
        }
        List<SearchPoint> population = rank(evaluateAll(initial, budget, listener, token));
        listener.generation(event(budget, 0, population));
        for (int generation = 1; generation <= config.generations(); generation++) {
            List<SearchPoint> parents = distinctBest(population, config.parentCount());
            List<SubnetSpec> children = breed(parents, budget, StepRandom.of(seed, budget, generation));
            List<SearchPoint> next = new ArrayList<>(parents);
            next.addAll(evaluateAll(children, budget, listener, token));
            population = rank(next);
            listener.generation(event(budget, generation, population));
        }
        return bestWithin(budget);
    }

    /**
     * One best subnet per budget, in the order given, sharing the reward cache. All budgets are checked
     * before any reward is computed; the results are taken once every budget has been searched, so a
     * good subnet found while searching a larger budget also serves the smaller ones.
     */
    public List<SearchResult> searchAll(List<Long> budgets, SearchListener listener, CancellationToken token) {
        budgets.forEach(sampler::requireFeasible);
        for (long budget : budgets) {
            search(budget, listener, token);
        }
        return budgets.stream().map(this::bestWithin).toList();
    }

    /** Mutants of random parents, then crossovers of two random parents, all within the budget. */
    private List<SubnetSpec> breed(List<SearchPoint> parents, long budget, Random random) {
        List<SubnetSpec> children = new ArrayList<>();
        int attempts = config.sampleAttempts();
        for (int i = 0; i < config.mutantCount(); i++) {
            SubnetSpec parent = parents.get(random.nextInt(parents.size())).subnet();
            children.add(mutations.mutateWithin(parent, config.mutateProb(), budget, random, attempts)
                    .orElseGet(() -> sampler.sampleWithin(budget, random, attempts)));
        }
        for (int i = 0; i < config.crossoverCount(); i++) {
            int first = random.nextInt(parents.size());
            // A different second parent when there is one: crossing a subnet with itself only copies it.
            int second = parents.size() < 2 ? first : (first + 1 + random.nextInt(parents.size() - 1)) % parents.size();
            children.add(mutations.crossoverWithin(parents.get(first).subnet(), parents.get(second).subnet(), budget, random, attempts)
                    .orElseGet(() -> sampler.sampleWithin(budget, random, attempts)));
        }
        return children;
    }

    private List<SearchPoint> evaluateAll(List<SubnetSpec> subnets, long budget, SearchListener listener, CancellationToken token) {
        List<SearchPoint> points = new ArrayList<>();
        for (SubnetSpec subnet : subnets) {
            points.add(evaluate(subnet, budget, listener, token));
        }
        return points;
    }

    /** The cached point, or a new reward: checked for cancellation first, since a reward is the slow part. */
    private SearchPoint evaluate(SubnetSpec subnet, long budget, SearchListener listener, CancellationToken token) {
        SearchPoint cached = evaluated.get(subnet.text());
        if (cached != null) {
            return cached;
        }
        token.check();
        double value = reward.applyAsDouble(subnet);
        rewardEvaluations++;
        if (Double.isNaN(value)) {
            throw new IllegalStateException("the reward of subnet " + subnet.text() + " is NaN: the supernet's weights may have diverged");
        }
        SearchPoint point = new SearchPoint(subnet, macs.applyAsLong(subnet), value);
        evaluated.put(subnet.text(), point);
        listener.evaluated(budget, point, rewardEvaluations);
        return point;
    }

    private static List<SearchPoint> rank(List<SearchPoint> points) {
        return points.stream().sorted(BEST_FIRST).toList();
    }

    /** The top {@code count} different subnets: duplicates as parents would only narrow the search. */
    private static List<SearchPoint> distinctBest(List<SearchPoint> ranked, int count) {
        return ranked.stream().distinct().limit(count).toList();
    }

    private GenerationEvent event(long budget, int generation, List<SearchPoint> population) {
        return new GenerationEvent(budget, generation, config.generations(), bestPointWithin(budget), population, rewardEvaluations);
    }

    private SearchResult bestWithin(long budget) {
        SearchPoint best = bestPointWithin(budget);
        return new SearchResult(budget, best.subnet(), best.macs(), best.reward());
    }

    /** The best evaluated subnet within the budget (callers have evaluated at least one there). */
    private SearchPoint bestPointWithin(long budget) {
        return evaluated.values().stream()
                .filter(p -> p.macs() <= budget)
                .min(BEST_FIRST)
                .orElseThrow(() -> new IllegalStateException("no subnet within " + MacsBudgets.format(budget) + " MACs was evaluated"));
    }

    /** Every subnet evaluated so far, in evaluation order. */
    public List<SearchPoint> evaluated() {
        return List.copyOf(evaluated.values());
    }

    /** The non-dominated subnets among everything evaluated, by MACs. */
    public List<SearchPoint> paretoFront() {
        return ParetoFront.of(evaluated.values());
    }

    /** Rewards actually computed (cache hits excluded). */
    public int rewardEvaluations() {
        return rewardEvaluations;
    }

    public SearchConfig config() {
        return config;
    }
}
