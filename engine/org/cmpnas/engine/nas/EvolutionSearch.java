package org.cmpnas.engine.nas;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.model.SearchSpace;
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
 *
 * <p>Pair mode ({@link #pairs}): each member of the population is a (query, gallery) pair of subnets
 * of one supernet, the gallery within a fixed gallery budget and the query within the budget being
 * searched; both are sampled, mutated and crossed over together (the query from the query parents, the
 * gallery from the gallery parents), the reward scoring the pair. Results, the front and the cache are
 * then over pairs; a budget constrains the query's MACs.
 */
public final class EvolutionSearch {
    /** Higher reward first; ties go to the cheaper subnet, then to the text form, so ranking is repeatable. */
    private static final Comparator<SearchPoint> BEST_FIRST = Comparator.comparingDouble(SearchPoint::reward).reversed()
            .thenComparingLong(SearchPoint::macs)
            .thenComparingLong(SearchPoint::galleryMacs)
            .thenComparing(p -> p.key());

    private final ToLongFunction<SubnetSpec> macs;
    private final ToDoubleBiFunction<SubnetSpec, SubnetSpec> reward;
    /** The gallery subnets' budget in pair mode; 0 when there is no gallery to search. */
    private final long galleryBudget;
    private final SearchConfig config;
    private final long seed;
    private final SubnetSampler sampler;
    private final Mutations mutations;
    private final Map<String, SearchPoint> evaluated = new LinkedHashMap<>();
    /** Rewards scored by an earlier, interrupted run of the same search: taken instead of computed again. */
    private final Map<String, Double> known = new HashMap<>();
    private int rewardEvaluations;

    public EvolutionSearch(ToLongFunction<SubnetSpec> macs, ToDoubleFunction<SubnetSpec> reward, SearchConfig config, long seed) {
        this(macs, reward, config, seed, SearchSpace.FULL_RESOLUTION);
    }

    /** A search over subnets of the given input {@code resolutions} (those the supernet was trained for). */
    public EvolutionSearch(ToLongFunction<SubnetSpec> macs, ToDoubleFunction<SubnetSpec> reward, SearchConfig config, long seed,
                           List<Integer> resolutions) {
        this(macs, (query, gallery) -> reward.applyAsDouble(query), 0, config, seed, resolutions);
    }

    private EvolutionSearch(ToLongFunction<SubnetSpec> macs, ToDoubleBiFunction<SubnetSpec, SubnetSpec> reward, long galleryBudget,
                            SearchConfig config, long seed, List<Integer> resolutions) {
        this.macs = macs;
        this.reward = reward;
        this.galleryBudget = galleryBudget;
        this.config = config.validated();
        this.seed = seed;
        this.sampler = new SubnetSampler(macs, resolutions);
        this.mutations = new Mutations(macs, resolutions);
        if (galleryBudget > 0) {
            sampler.requireFeasible(galleryBudget, "--gallery-budget");
        }
    }

    /**
     * A search over (query, gallery) pairs, every gallery within {@code galleryBudget} MACs; {@code reward}
     * scores a pair (query first).
     *
     * @throws org.cmpnas.engine.BadInputException when the gallery budget is below the smallest subnet
     */
    public static EvolutionSearch pairs(ToLongFunction<SubnetSpec> macs, ToDoubleBiFunction<SubnetSpec, SubnetSpec> reward, long galleryBudget,
                                        SearchConfig config, long seed) {
        if (galleryBudget <= 0) {
            throw new IllegalArgumentException("a pair search needs a positive gallery budget, got " + galleryBudget);
        }
        return new EvolutionSearch(macs, reward, galleryBudget, config, seed, SearchSpace.FULL_RESOLUTION);
    }

    /**
     * Rewards an interrupted run of the same search (same seed, config and supernet) scored, by
     * {@link SearchPoint#key()}: the search replays its path with them instead of computing them again,
     * so it ends exactly where an uninterrupted run would, having spent only the missing rewards.
     */
    public EvolutionSearch withKnownRewards(Map<String, Double> rewards) {
        known.putAll(rewards);
        return this;
    }

    /** Whether the population is of (query, gallery) pairs. */
    public boolean searchesPairs() {
        return galleryBudget > 0;
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
        List<Candidate> initial = new ArrayList<>();
        for (int i = 0; i < config.population(); i++) {
            SubnetSpec query = sampler.sampleWithin(budget, random, config.sampleAttempts());
            initial.add(new Candidate(query, searchesPairs() ? sampler.sampleWithin(galleryBudget, random, config.sampleAttempts()) : null));
        }
        List<SearchPoint> population = rank(evaluateAll(initial, budget, listener, token));
        listener.generation(event(budget, 0, population));
        for (int generation = 1; generation <= config.generations(); generation++) {
            List<SearchPoint> parents = distinctBest(population, config.parentCount());
            List<Candidate> children = breed(parents, budget, StepRandom.of(seed, budget, generation));
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

    /** A member of the population: a query subnet, with its gallery subnet in pair mode (else null). */
    private record Candidate(SubnetSpec query, SubnetSpec gallery) {
        String key() {
            return SearchPoint.key(query, gallery);
        }
    }

    /**
     * Mutants of random parents, then crossovers of two random parents, all within the budget. In pair
     * mode the gallery is varied the same way within the gallery budget, right after the query.
     */
    private List<Candidate> breed(List<SearchPoint> parents, long budget, Random random) {
        List<Candidate> children = new ArrayList<>();
        int attempts = config.sampleAttempts();
        for (int i = 0; i < config.mutantCount(); i++) {
            SearchPoint parent = parents.get(random.nextInt(parents.size()));
            SubnetSpec query = mutations.mutateWithin(parent.subnet(), config.mutateProb(), budget, random, attempts)
                    .orElseGet(() -> sampler.sampleWithin(budget, random, attempts));
            SubnetSpec gallery = !searchesPairs() ? null : mutations.mutateWithin(parent.gallery(), config.mutateProb(), galleryBudget, random, attempts)
                    .orElseGet(() -> sampler.sampleWithin(galleryBudget, random, attempts));
            children.add(new Candidate(query, gallery));
        }
        for (int i = 0; i < config.crossoverCount(); i++) {
            int first = random.nextInt(parents.size());
            // A different second parent when there is one: crossing a subnet with itself only copies it.
            int second = parents.size() < 2 ? first : (first + 1 + random.nextInt(parents.size() - 1)) % parents.size();
            SearchPoint a = parents.get(first);
            SearchPoint b = parents.get(second);
            SubnetSpec query = mutations.crossoverWithin(a.subnet(), b.subnet(), budget, random, attempts)
                    .orElseGet(() -> sampler.sampleWithin(budget, random, attempts));
            SubnetSpec gallery = !searchesPairs() ? null : mutations.crossoverWithin(a.gallery(), b.gallery(), galleryBudget, random, attempts)
                    .orElseGet(() -> sampler.sampleWithin(galleryBudget, random, attempts));
            children.add(new Candidate(query, gallery));
        }
        return children;
    }

    private List<SearchPoint> evaluateAll(List<Candidate> candidates, long budget, SearchListener listener, CancellationToken token) {
        List<SearchPoint> points = new ArrayList<>();
        for (Candidate candidate : candidates) {
            points.add(evaluate(candidate, budget, listener, token));
        }
        return points;
    }

    /** The cached point, or a new reward: checked for cancellation first, since a reward is the slow part. */
    private SearchPoint evaluate(Candidate candidate, long budget, SearchListener listener, CancellationToken token) {
        String key = candidate.key();
        SearchPoint cached = evaluated.get(key);
        if (cached != null) {
            return cached;
        }
        SubnetSpec subnet = candidate.query();
        Double replayed = known.get(key);
        if (replayed == null) {
            token.check();
        }
        double value = replayed != null ? replayed : reward.applyAsDouble(subnet, candidate.gallery());
        rewardEvaluations++;
        if (Double.isNaN(value)) {
            throw new IllegalStateException("the reward of subnet " + key + " is NaN: the supernet's weights may have diverged");
        }
        SearchPoint point = new SearchPoint(subnet, macs.applyAsLong(subnet), value, candidate.gallery(),
                candidate.gallery() == null ? 0 : macs.applyAsLong(candidate.gallery()));
        evaluated.put(key, point);
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
        return new SearchResult(budget, best.subnet(), best.macs(), best.reward(), best.gallery(), best.galleryMacs());
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

    /** The non-dominated subnets (pairs, in pair mode: by the query's MACs) among everything evaluated, by MACs. */
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
