package org.cmpnas.engine.nas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.cmpnas.engine.BadInputException;
import org.cmpnas.engine.model.SubnetSpec;
import org.cmpnas.engine.store.Json;

/**
 * The result of a search run, as {@code cmpnas search --json} prints it and {@code artifacts/search.json}
 * keeps it (docs/cli.md): {@code budgets}, one {@code {budget, subnet, macs, reward}} per budget in the order
 * given; {@code pareto}, the non-dominated {@code {subnet, macs, reward}} of every evaluated subnet by
 * MACs. Subnets in their text form; rewards in percent of {@code metric} on the NAS reward set.
 *
 * <p>Pair mode (a supernet trained with {@code --pair}): there is no gallery run ({@code gallery} is
 * null); every budget and front point names its gallery subnet ({@code gallerySubnet},
 * {@code galleryMacs}): the supernet's largest subnet, or with {@code galleryBudget} the gallery
 * searched together with the query. These fields are left out of external-gallery records.
 *
 * @param search            the search run
 * @param gallery           the external gallery run; null in pair mode
 * @param rewardEvaluations rewards computed (each subnet, or pair, once; cache hits not counted)
 * @param mode              {@code gallery} (an external gallery model) or {@code pair}; null in records
 *                          written before pair mode existed, which are all external
 * @param galleryBudget     pair mode with a searched gallery: its MACs budget; else null
 */
public record SearchRecord(int schemaVersion, String search, String supernet, String gallery, String metric, long seed,
                           List<Budget> budgets, List<Point> pareto, int rewardEvaluations, String mode,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Long galleryBudget) {

    public static final int SCHEMA_VERSION = 1;
    /** The file in a search run's {@code artifacts/}. */
    public static final String FILE = "search.json";

    public SearchRecord {
        budgets = List.copyOf(budgets);
        pareto = List.copyOf(pareto);
    }

    /** The best subnet within one budget; in pair mode with the gallery subnet it was scored against. */
    public record Budget(long budget, String subnet, long macs, double reward,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String gallerySubnet,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Long galleryMacs) {
        public Budget(long budget, String subnet, long macs, double reward) {
            this(budget, subnet, macs, reward, null, null);
        }

        static Budget of(SearchResult r, SubnetSpec fixedGallery) {
            SubnetSpec gallery = r.gallery() != null ? r.gallery() : fixedGallery;
            return new Budget(r.budget(), r.subnet().text(), r.macs(), r.reward(), gallery == null ? null : gallery.text(),
                    gallery == null ? null : (r.gallery() != null ? r.galleryMacs() : gallery.macs()));
        }
    }

    /** One evaluated subnet; in pair mode with its gallery subnet. */
    public record Point(String subnet, long macs, double reward,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String gallerySubnet,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Long galleryMacs) implements ParetoFront.Point {
        public Point(String subnet, long macs, double reward) {
            this(subnet, macs, reward, null, null);
        }

        static Point of(SearchPoint p, SubnetSpec fixedGallery) {
            SubnetSpec gallery = p.gallery() != null ? p.gallery() : fixedGallery;
            return new Point(p.subnet().text(), p.macs(), p.reward(), gallery == null ? null : gallery.text(),
                    gallery == null ? null : (p.gallery() != null ? p.galleryMacs() : gallery.macs()));
        }
    }

    /**
     * @param gallery      the external gallery run, or null in pair mode
     * @param fixedGallery pair mode without a gallery budget: the one gallery subnet (the largest); else null
     */
    static SearchRecord of(String search, String supernet, String gallery, SubnetSpec fixedGallery, SubnetReward.Metric metric, long seed,
                           List<SearchResult> results, EvolutionSearch evolution, long galleryBudget) {
        boolean pair = gallery == null;
        return new SearchRecord(SCHEMA_VERSION, search, supernet, gallery, metric.name(), seed,
                results.stream().map(r -> Budget.of(r, fixedGallery)).toList(),
                evolution.paretoFront().stream().map(p -> Point.of(p, fixedGallery)).toList(),
                evolution.rewardEvaluations(), pair ? "pair" : "gallery", galleryBudget > 0 ? galleryBudget : null);
    }

    /** Whether the gallery is a subnet of the supernet (pair mode) rather than an external model. */
    @JsonIgnore
    public boolean isPair() {
        return "pair".equals(mode);
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
