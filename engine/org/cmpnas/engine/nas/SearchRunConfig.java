package org.cmpnas.engine.nas;

import java.util.List;
import org.cmpnas.engine.FieldProblem;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.cmpnas.engine.store.StoredConfig;

/**
 * How a search run is configured (stored as its config): the supernet run, the MACs budgets as the
 * user wrote them, the evolution's settings, the seed, the reward metric and the batch-norm
 * recalibration (how many training batches of which size every subnet is recalibrated on before it is
 * scored; the export of a result recalibrates on the same batches, so it is the model that was scored).
 *
 * @param budgets       {@code 0.5M,1M,...} (see {@link MacsBudgets#parse})
 * @param metric        {@code mAP} (default) or {@code top1}
 * @param galleryBudget pair mode only: the gallery subnet is searched together with the query, within
 *                      this many MACs ({@code 20M}); null keeps the supernet's largest subnet as the gallery
 */
public record SearchRunConfig(String name, String supernet, String budgets, SearchConfig evolution, long seed, String metric,
                              int calibrationBatches, int calibrationBatchSize, String galleryBudget) implements StoredConfig {
    /** The type marker a run's config carries in run.json: the config of a search. */
    public static final String TYPE = "search";

    @Override
    public String type() {
        return TYPE;
    }

    public static final int DEFAULT_CALIBRATION_BATCHES = 8;
    public static final int DEFAULT_CALIBRATION_BATCH_SIZE = 64;

    public SearchRunConfig {
        evolution = evolution == null ? SearchConfig.defaults() : evolution;
        metric = metric == null || metric.isBlank() ? SubnetReward.Metric.mAP.name() : metric.trim();
        galleryBudget = galleryBudget == null || galleryBudget.isBlank() ? null : galleryBudget.trim();
    }

    /** Without a gallery budget. */
    public SearchRunConfig(String name, String supernet, String budgets, SearchConfig evolution, long seed, String metric,
                           int calibrationBatches, int calibrationBatchSize) {
        this(name, supernet, budgets, evolution, seed, metric, calibrationBatches, calibrationBatchSize, null);
    }

    /** The defaults of {@code cmpnas search}: {@link SearchConfig#defaults()}, seed 1, mAP, 8 batches of 64. */
    public static SearchRunConfig defaults(String supernet, String budgets) {
        return new SearchRunConfig("search", supernet, budgets, SearchConfig.defaults(), 1, "mAP",
                DEFAULT_CALIBRATION_BATCHES, DEFAULT_CALIBRATION_BATCH_SIZE);
    }

    public SearchRunConfig withEvolution(SearchConfig value) {
        return new SearchRunConfig(name, supernet, budgets, value, seed, metric, calibrationBatches, calibrationBatchSize, galleryBudget);
    }

    public SearchRunConfig withSeed(long value) {
        return new SearchRunConfig(name, supernet, budgets, evolution, value, metric, calibrationBatches, calibrationBatchSize, galleryBudget);
    }

    public SearchRunConfig withCalibration(int batches, int batchSize) {
        return new SearchRunConfig(name, supernet, budgets, evolution, seed, metric, batches, batchSize, galleryBudget);
    }

    public SearchRunConfig withMetric(String value) {
        return new SearchRunConfig(name, supernet, budgets, evolution, seed, value, calibrationBatches, calibrationBatchSize, galleryBudget);
    }

    /** The same config naming the supernet run by its full id. */
    public SearchRunConfig withSupernet(String id) {
        return new SearchRunConfig(name, id, budgets, evolution, seed, metric, calibrationBatches, calibrationBatchSize, galleryBudget);
    }

    /** Pair mode: searches the gallery subnet within {@code value} MACs (e.g. {@code 20M}) together with the query. */
    public SearchRunConfig withGalleryBudget(String value) {
        return new SearchRunConfig(name, supernet, budgets, evolution, seed, metric, calibrationBatches, calibrationBatchSize, value);
    }

    /** The gallery budget in MACs, or 0 when the gallery is not searched. */
    public long galleryBudgetMacs() {
        return galleryBudget == null ? 0 : MacsBudgets.parseOne(galleryBudget);
    }

    /** The budgets in MACs, in the order given. */
    public List<Long> budgetList() {
        return MacsBudgets.parse(budgets);
    }

    public SubnetReward.Metric rewardMetric() {
        return SubnetReward.Metric.parse(metric);
    }

    /**
     * Checks every value and names the option that is wrong, including budgets and a gallery budget
     * below the smallest subnet of the search space (the message names it and its MACs); returns this
     * for chaining.
     */
    public SearchRunConfig validated() {
        if (supernet == null || supernet.isBlank()) {
            throw FieldProblem.of("supernet", "RUN is required: the trained supernet to search");
        }
        evolution.validated();
        rewardMetric();
        if (calibrationBatches < 1 || calibrationBatches > 1000) {
            throw FieldProblem.of("calibration-batches", "must be between 1 and 1000", calibrationBatches);
        }
        if (calibrationBatchSize < 2 || calibrationBatchSize > 4096) {
            throw FieldProblem.of("calibration-batch", "must be between 2 and 4096", calibrationBatchSize);
        }
        // The query subnets may have a reduced resolution (whether this supernet's do is checked against it,
        // SupernetConfig.requireTrainedFor); a pair's gallery subnet has full resolution.
        SubnetSampler queries = new SubnetSampler(SubnetSpec::macs, SearchSpace.RESOLUTIONS);
        budgetList().forEach(queries::requireFeasible);
        if (galleryBudget != null) {
            new SubnetSampler().requireFeasible(galleryBudgetMacs(), "--gallery-budget");
        }
        return this;
    }
}
