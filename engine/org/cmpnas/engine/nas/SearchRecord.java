package org.cmpnas.engine.nas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.store.Json;

/**
 * The result of a search run, as {@code cmpnas search --json} prints it and {@code artifacts/search.json}
 * keeps it (CLI.md): {@code budgets}, one {@code {budget, subnet, macs, reward}} per budget in the order
 * given; {@code pareto}, the non-dominated {@code {subnet, macs, reward}} of every evaluated subnet by
 * MACs. Subnets in their text form; rewards in percent of {@code metric} on the NAS reward set.
 *
 * @param search            the search run
 * @param rewardEvaluations rewards computed (each subnet once, cache hits not counted)
 */
public record SearchRecord(int schemaVersion, String search, String supernet, String gallery, String metric, long seed,
                           List<Budget> budgets, List<Point> pareto, int rewardEvaluations) {

    public static final int SCHEMA_VERSION = 1;
    /** The file in a search run's {@code artifacts/}. */
    public static final String FILE = "search.json";

    public SearchRecord {
        budgets = List.copyOf(budgets);
        pareto = List.copyOf(pareto);
    }

    /** The best subnet within one budget. */
    public record Budget(long budget, String subnet, long macs, double reward) {
        static Budget of(SearchResult r) {
            return new Budget(r.budget(), r.subnet().text(), r.macs(), r.reward());
        }
    }

    /** One evaluated subnet. */
    public record Point(String subnet, long macs, double reward) implements ParetoFront.Point {
        static Point of(SearchPoint p) {
            return new Point(p.subnet().text(), p.macs(), p.reward());
        }
    }

    static SearchRecord of(String search, String supernet, String gallery, SubnetReward.Metric metric, long seed,
                           List<SearchResult> results, EvolutionSearch evolution) {
        return new SearchRecord(SCHEMA_VERSION, search, supernet, gallery, metric.name(), seed,
                results.stream().map(Budget::of).toList(), evolution.paretoFront().stream().map(Point::of).toList(),
                evolution.rewardEvaluations());
    }

    /** The result for {@code budget} MACs, if it was searched. */
    public java.util.Optional<Budget> budget(long budget) {
        return budgets.stream().filter(b -> b.budget() == budget).findFirst();
    }

    /** Reads {@code artifacts/search.json} of a search run folder. */
    public static SearchRecord read(Path runDir) {
        Path file = runDir.resolve("artifacts").resolve(FILE);
        try {
            return Json.mapper().readValue(Files.readAllBytes(file), SearchRecord.class);
        } catch (NoSuchFileException e) {
            throw new BadInputException("search run " + runDir.getFileName() + " has no result (" + file + ")");
        } catch (IOException e) {
            throw new BadInputException("search result " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    void write(Path artifactsDir) {
        Json.writeAtomically(artifactsDir.resolve(FILE), this);
    }
}
