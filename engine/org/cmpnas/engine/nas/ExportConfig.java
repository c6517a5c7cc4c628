package org.cmpnas.engine.nas;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.cmpnas.engine.FieldProblem;
import org.cmpnas.engine.data.ImageOptions;
import org.cmpnas.engine.data.Subset;
import org.cmpnas.engine.train.TrainingChecks;

/**
 * How a searched subnet becomes a standalone query model (stored as the exported run's config): the
 * search run, the budget whose best subnet is exported, and an optional fine-tuning with the supernet's
 * compatibility loss against the gallery model (0 epochs: the inherited weights as they are). The job
 * fills in what it resolved ({@code subnet}, {@code data}, {@code images}, {@code loss}, {@code lambda}),
 * so the run can be repeated from its record.
 *
 * @param budget         as the user wrote it ({@code 1M}); it must be one of the search's budgets
 * @param finetuneEpochs 0 (default) exports the inherited weights; more fine-tunes them
 * @param lr             peak learning rate of the fine-tuning's cosine schedule (lower than from scratch)
 * @param limit          fine-tunes on {@code limit} training images (0: all), chosen by {@code subset} with {@code seed}
 * @param role           filled in: {@code query}, or {@code gallery} for the gallery subnet a pair-mode
 *                       export saves as a run of its own (never fine-tuned); null in older records (query)
 * @param gallerySubnet  filled in for pair mode: the gallery subnet of the pair (the supernet's own)
 * @param subset         how {@code limit} picks its images; older records have none ({@link Subset#first})
 */
public record ExportConfig(String name, String search, String budget, int finetuneEpochs, int batch, double lr,
                           double momentum, double weightDecay, long seed,
                           String subnet, String data, int limit, String loss, double lambda, String role, String gallerySubnet,
                           Subset subset, ImageOptions images) {
    /** The type marker a run's config carries in run.json: the config of an export. */
    public static final String TYPE = "export";

    /** Written into run.json beside the fields, so a reader knows the config's type without guessing; ignored when read. */
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }

    public ExportConfig {
        subset = Subset.orFirst(subset, limit);
    }

    public static ExportConfig of(String search, String budget, int finetuneEpochs) {
        return new ExportConfig(null, search, budget, finetuneEpochs, 64, 0.01, 0.9, 5e-4, 1, null, null, 0, null, 0, null, null, Subset.balanced, null);
    }

    public ExportConfig withName(String value) {
        return new ExportConfig(value, search, budget, finetuneEpochs, batch, lr, momentum, weightDecay, seed, subnet, data, limit, loss, lambda, role, gallerySubnet, subset, images);
    }

    public ExportConfig withFinetune(int epochs, double peakLr, int batchSize, long seedValue) {
        return new ExportConfig(name, search, budget, epochs, batchSize, peakLr, momentum, weightDecay, seedValue, subnet, data, limit, loss, lambda, role, gallerySubnet, subset, images);
    }

    ExportConfig resolved(String searchId, String name, String subnetText, SupernetConfig supernet, String gallerySubnetText) {
        return new ExportConfig(name, searchId, budget, finetuneEpochs, batch, lr, momentum, weightDecay, seed, subnetText,
                supernet.data(), limit, supernet.loss(), supernet.lambda(), "query", gallerySubnetText, subset, supernet.images());
    }

    /** The record of the pair's gallery run: its own name and subnet, no fine-tuning. */
    ExportConfig galleryRole(String galleryName) {
        return new ExportConfig(galleryName, search, budget, 0, batch, lr, momentum, weightDecay, seed, gallerySubnet,
                data, limit, loss, lambda, "gallery", gallerySubnet, subset, images);
    }

    /** Fine-tunes on {@code count} training images only (0: all of them). */
    public ExportConfig withFinetuneLimit(int count) {
        return new ExportConfig(name, search, budget, finetuneEpochs, batch, lr, momentum, weightDecay, seed, subnet, data, count, loss, lambda, role, gallerySubnet, subset, images);
    }

    /** The budget in MACs. */
    public long budgetMacs() {
        return MacsBudgets.parseOne(budget == null ? "" : budget.trim());
    }

    public ExportConfig validated() {
        if (search == null || search.isBlank()) {
            throw FieldProblem.of("search", "RUN is required: the search run whose result is exported");
        }
        if (budget == null || budget.isBlank()) {
            throw FieldProblem.of("budget", "B is required: one of the search's MACs budgets, e.g. 1M");
        }
        budgetMacs();
        TrainingChecks.epochs("finetune-epochs", finetuneEpochs, 0);
        if (limit < 0) {
            throw FieldProblem.of("finetune-limit", "must not be negative", limit);
        }
        TrainingChecks.batch(batch);
        TrainingChecks.lr(lr);
        return this;
    }
}
