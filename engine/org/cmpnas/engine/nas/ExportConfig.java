package org.cmpnas.engine.nas;

import static org.cmpnas.engine.BadInputException.require;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import org.cmpnas.engine.FieldProblem;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.store.FlatConfigReader;
import org.cmpnas.engine.store.StoredConfig;
import org.cmpnas.engine.train.Schedule;

/**
 * How a searched subnet becomes a standalone query model (stored as the exported run's config): the
 * search run, the budget whose best subnet is exported, and an optional fine-tuning with the supernet's
 * compatibility loss against the gallery model (0 epochs: the inherited weights as they are). The job
 * fills in what it resolved ({@code subnet}, the data, the loss), so the run can be repeated from its record.
 *
 * @param budget        as the user wrote it ({@code 1M}); it must be one of the search's budgets
 * @param finetune      the fine-tuning: 0 epochs (default) exports the inherited weights, more fine-tunes them
 *                      from a peak learning rate lower than from scratch
 * @param data          the fine-tuning's training images (a limit keeps that many); the dataset and how it is
 *                      read are filled in from the supernet
 * @param loss          filled in: the supernet's compatibility loss (null until then)
 * @param role          filled in: {@code query}, or {@code gallery} for the gallery subnet a pair-mode
 *                      export saves as a run of its own (never fine-tuned); null in older records (query)
 * @param gallerySubnet filled in for pair mode: the gallery subnet of the pair (the supernet's own)
 */
@JsonDeserialize(using = ExportConfig.Reader.class)
public record ExportConfig(String name, String search, String budget, @JsonUnwrapped Schedule finetune,
                           @JsonUnwrapped DataSpec data, @JsonUnwrapped LossSpec loss, String subnet, String role,
                           String gallerySubnet) implements StoredConfig {
    /** The type marker a run's config carries in run.json: the config of an export. */
    public static final String TYPE = "export";

    /** The fine-tuning's schedule: a tenth of the from-scratch peak learning rate, no epochs unless asked. */
    public static final Schedule FINETUNE = Schedule.DEFAULT.withEpochs(0).withLr(0.01);

    @Override
    public String type() {
        return TYPE;
    }

    /** Every shape an export config was written in: the first ones named the fine-tuning's epochs {@code finetuneEpochs}. */
    static final class Reader extends FlatConfigReader<ExportConfig> {
        @Override
        protected ExportConfig read(Fields fields) throws IOException {
            Schedule finetune = fields.part(Schedule.class);
            if (fields.node().has("finetuneEpochs")) {
                finetune = finetune.withEpochs(fields.node().get("finetuneEpochs").asInt());
            }
            LossSpec loss = fields.node().hasNonNull("loss") ? LossSpec.read(fields.node(), null) : null;
            return new ExportConfig(fields.text("name"), fields.text("search"), fields.text("budget"), finetune, fields.part(DataSpec.class),
                    loss, fields.text("subnet"), fields.text("role"), fields.text("gallerySubnet"));
        }
    }

    /** Exports the best subnet of search run {@code search} at {@code budget}, fine-tuned for {@code finetuneEpochs}. */
    public static ExportConfig of(String search, String budget, int finetuneEpochs) {
        return new ExportConfig(null, search, budget, FINETUNE.withEpochs(finetuneEpochs), DataSpec.all(null, null), null, null, null, null);
    }

    public ExportConfig withName(String value) {
        return new ExportConfig(value, search, budget, finetune, data, loss, subnet, role, gallerySubnet);
    }

    public ExportConfig withFinetune(Schedule value) {
        return new ExportConfig(name, search, budget, value, data, loss, subnet, role, gallerySubnet);
    }

    /** Fine-tunes on {@code count} training images only (0: all of them). */
    public ExportConfig withFinetuneLimit(int count) {
        return new ExportConfig(name, search, budget, finetune, data.withLimit(count), loss, subnet, role, gallerySubnet);
    }

    ExportConfig resolved(String searchId, String resolvedName, String subnetText, SupernetConfig supernet, String gallerySubnetText) {
        return new ExportConfig(resolvedName, searchId, budget, finetune, data.resolved(supernet.data().name(), supernet.data().images()),
                supernet.loss(), subnetText, "query", gallerySubnetText);
    }

    /** The record of the pair's gallery run: its own name and subnet, no fine-tuning. */
    ExportConfig galleryRole(String galleryName) {
        return new ExportConfig(galleryName, search, budget, finetune.withEpochs(0), data, loss, gallerySubnet, "gallery", gallerySubnet);
    }

    /** The budget in MACs. */
    public long budgetMacs() {
        return MacsBudgets.parseOne(budget == null ? "" : budget.trim());
    }

    public ExportConfig validated() {
        require(search != null && !search.isBlank(), () -> FieldProblem.of("search", "RUN is required: the search run whose result is exported"));
        require(budget != null && !budget.isBlank(), () -> FieldProblem.of("budget", "B is required: one of the search's MACs budgets, e.g. 1M"));
        budgetMacs();
        finetune.validated("finetune-epochs", 0);
        data.validated("finetune-limit");
        return this;
    }
}
