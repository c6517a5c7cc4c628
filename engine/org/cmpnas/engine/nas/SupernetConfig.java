package org.cmpnas.engine.nas;

import static org.cmpnas.engine.BadInputException.require;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.List;
import org.cmpnas.engine.FieldProblem;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.Augmentation;
import org.cmpnas.engine.data.DataSpec;
import org.cmpnas.engine.data.ImageOptions;
import org.cmpnas.engine.model.InputShape;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.cmpnas.engine.store.FlatConfigReader;
import org.cmpnas.engine.store.StoredConfig;
import org.cmpnas.engine.train.Schedule;

/**
 * How a supernet is trained (stored as the supernet run's config, so the run can be repeated from its
 * record): against the frozen gallery model of run {@code gallery}, or in pair mode against the
 * supernet's own largest subnet, with the compatibility loss {@code loss} summed over the sandwich's
 * subnets, SGD with Nesterov momentum on a cosine schedule. The record also carries {@code mode}
 * ({@code gallery} or {@code pair}) and {@code sampling} ({@code budget-aware} or {@code whole-space})
 * for readers of the JSON.
 *
 * <p>{@code budgets} aims the sandwich at the MACs budgets the search will use ({@link Sandwich}); null
 * samples the whole space, which is what every supernet run recorded before budget-aware sampling did
 * (their JSON has no such field).
 *
 * @param gallery the gallery run (id or unique prefix; the job records the full id); null in pair mode
 * @param data    the dataset, null for the gallery run's (in pair mode, Fashion-MNIST); how it is read, null for
 *                as the gallery run read it (the job records what it resolved), and in pair mode as runs before
 *                colour and image size did (so older records read as they were)
 * @param pair    pair mode: the gallery is a subnet of this supernet (the largest while training, see
 *                {@link SupernetGallery#largestSubnet}), every subnet sharing its classifier
 */
@JsonDeserialize(using = SupernetConfig.Reader.class)
public record SupernetConfig(String name, String gallery, @JsonUnwrapped Schedule schedule, @JsonUnwrapped DataSpec data,
                             @JsonUnwrapped Augmentation augmentation, @JsonUnwrapped LossSpec loss, boolean pair, String budgets,
                             String resolutions) implements StoredConfig {
    /** The type marker a run's config carries in run.json: the config of a supernet. */
    public static final String TYPE = "supernet";

    @Override
    public String type() {
        return TYPE;
    }

    /** Ten passes over every training image: budget-aware steps are cheap (docs/results.md). */
    public static final int DEFAULT_EPOCHS = 10;
    /** The best compatibility loss measured for the supernet and its exports (docs/results.md). */
    public static final String DEFAULT_LOSS = "bct+l2";
    /** Every resolution of the search space: the default of a budget-aware supernet against a gallery model (docs/results.md). */
    public static final String ELASTIC_RESOLUTIONS = "16,20,24,28";
    /** The budgets {@code reproduce} searches, and what a supernet is trained for by default. */
    public static final String DEFAULT_BUDGETS = "0.5M,0.75M,1M,1.5M,2.4M";

    public SupernetConfig {
        budgets = budgets == null || budgets.isBlank() ? null : budgets.trim();
        resolutions = resolutions == null || resolutions.isBlank() ? null : resolutions.replace(" ", "");
    }

    /** Every shape a supernet config was written in; one recorded before the choice of loss trained with BCT. */
    static final class Reader extends FlatConfigReader<SupernetConfig> {
        @Override
        protected SupernetConfig read(Fields fields) throws IOException {
            return new SupernetConfig(fields.text("name"), fields.text("gallery"), fields.part(Schedule.class), fields.part(DataSpec.class),
                    fields.part(Augmentation.class), LossSpec.read(fields.node(), "bct"), fields.node().path("pair").asBoolean(),
                    fields.text("budgets"), fields.text("resolutions"));
        }
    }

    /** The defaults of {@code cmpnas supernet} against {@code gallery}: its data, every training image. */
    public static SupernetConfig defaults(String gallery) {
        return new SupernetConfig("supernet", gallery, Schedule.DEFAULT.withEpochs(DEFAULT_EPOCHS), DataSpec.all(null, null),
                Augmentation.DEFAULT, LossSpec.of(DEFAULT_LOSS, LossSpec.DEFAULT_LAMBDA, LossSpec.DEFAULT_TEMPERATURE), false,
                DEFAULT_BUDGETS, ELASTIC_RESOLUTIONS);
    }

    /** The defaults of {@code cmpnas supernet --pair}: the gallery is a subnet too, so no elastic resolution. */
    public static SupernetConfig pairDefaults() {
        return defaults(null).withPair(true).withResolutions(null);
    }

    public SupernetConfig withName(String value) {
        return new SupernetConfig(value, gallery, schedule, data, augmentation, loss, pair, budgets, resolutions);
    }

    public SupernetConfig withGallery(String value) {
        return new SupernetConfig(name, value, schedule, data, augmentation, loss, pair, budgets, resolutions);
    }

    public SupernetConfig withSchedule(Schedule value) {
        return new SupernetConfig(name, gallery, value, data, augmentation, loss, pair, budgets, resolutions);
    }

    public SupernetConfig withData(DataSpec value) {
        return new SupernetConfig(name, gallery, schedule, value, augmentation, loss, pair, budgets, resolutions);
    }

    public SupernetConfig withLoss(LossSpec value) {
        return new SupernetConfig(name, gallery, schedule, data, augmentation, value, pair, budgets, resolutions);
    }

    public SupernetConfig withPair(boolean value) {
        return new SupernetConfig(name, gallery, schedule, data, augmentation, loss, value, budgets, resolutions);
    }

    /** {@code pair} or {@code gallery} (an external gallery model): written into the run's config for readers. */
    @JsonProperty("mode")
    public String mode() {
        return pair ? "pair" : "gallery";
    }

    /** Budget-aware sampling for these budgets, or null for the whole space. */
    public SupernetConfig withBudgets(String value) {
        return new SupernetConfig(name, gallery, schedule, data, augmentation, loss, pair, value, resolutions);
    }

    /** {@code budget-aware} or {@code whole-space}: written into the run's config for readers. */
    @JsonProperty("sampling")
    public String sampling() {
        return budgets == null ? "whole-space" : "budget-aware";
    }

    /** The budgets trained for, ascending; empty for whole-space sampling. */
    public List<Long> budgetList() {
        return budgets == null ? List.of() : MacsBudgets.parse(budgets).stream().sorted().toList();
    }

    /** Elastic input resolutions, e.g. {@code 16,20,24,28}, or null for full resolution only. */
    public SupernetConfig withResolutions(String value) {
        return new SupernetConfig(name, gallery, schedule, data, augmentation, loss, pair, budgets, value);
    }

    /** The input resolutions subnets are trained (and searched) at, ascending; full resolution only when none are given. */
    public List<Integer> resolutionList() {
        if (resolutions == null) {
            return SearchSpace.FULL_RESOLUTION;
        }
        List<Integer> list = new java.util.ArrayList<>();
        for (String token : resolutions.split(",", -1)) {
            try {
                list.add(Integer.parseInt(token));
            } catch (NumberFormatException e) {
                throw FieldProblem.about("resolutions", "'" + token + "' is not a whole number of pixels; give some of " + SearchSpace.RESOLUTIONS);
            }
        }
        return list.stream().sorted().distinct().toList();
    }

    /**
     * The search budgets must hold a subnet of this supernet's space (its resolutions), and a budget-aware
     * supernet trained no subnet above its highest budget: a search there would rank untrained subnets,
     * so it is refused, naming the budget.
     *
     * @param runId this supernet's run, for the message
     */
    public void requireTrainedFor(List<Long> searchBudgets, String runId) {
        SubnetSampler space = new SubnetSampler(SubnetSpec::macs, resolutionList());
        searchBudgets.forEach(space::requireFeasible);
        List<Long> trained = budgetList();
        if (trained.isEmpty()) {
            return;
        }
        long highest = trained.get(trained.size() - 1);
        for (long budget : searchBudgets) {
            require(budget <= highest, () -> FieldProblem.about("budgets", MacsBudgets.format(budget) + " is above "
                    + MacsBudgets.format(highest) + ", the highest budget supernet run " + runId + " was trained for (supernet --budgets "
                            + budgets + "); search budgets up to " + MacsBudgets.format(highest)
                                    + ", or train a supernet whose --budgets reach " + MacsBudgets.format(budget) + " (or --whole-space)"));
        }
    }

    /** Which subnets each step trains, for the protocol's 28 px input. */
    public Sandwich sandwich() {
        return sandwich(InputShape.GREY_28);
    }

    /** Which subnets each step trains; the budgets are MACs at {@code input}. */
    public Sandwich sandwich(InputShape input) {
        return budgets == null ? Sandwich.wholeSpace(schedule.seed()) : Sandwich.budgetAware(budgetList(), schedule.seed(), pair, resolutionList(), input);
    }


    /** The same config with the gallery run's full id (null in pair mode), the dataset and how it is read resolved (what the run records). */
    public SupernetConfig resolved(String galleryId, String dataName, ImageOptions imageOptions) {
        return withGallery(galleryId).withData(data.resolved(dataName, imageOptions));
    }

    /** Checks every value and names the option that is wrong; returns this for chaining. */
    public SupernetConfig validated() {
        boolean external = gallery != null && !gallery.isBlank();
        require(!(pair && external), () -> FieldProblem.of("pair", "and --gallery " + gallery
                + " exclude each other: in pair mode the gallery is the supernet's own largest subnet; give --gallery RUN for an "
                + "external gallery model or --pair, not both"));
        require(pair || external, () -> FieldProblem.of("gallery", "RUN is required: the frozen gallery model the subnets are made "
                + "compatible with (or --pair: the supernet's own largest subnet is the gallery)"));
        schedule.validated("epochs", 1);
        data.validated("limit");
        if (resolutions != null) {
            for (int r : resolutionList()) {
                require(SearchSpace.RESOLUTIONS.contains(r), () -> FieldProblem.about("resolutions", r
                        + " px is not one of " + SearchSpace.RESOLUTIONS));
            }
            require(budgets != null, () -> FieldProblem.of("resolutions",
                    "needs budget-aware sampling (--budgets): whole-space sampling is the full-resolution space"));
            require(!pair, () -> FieldProblem.of("resolutions",
                    "is for query subnets against an external gallery; in pair mode the gallery is a subnet too"));
        }
        if (budgets != null) {
            new SubnetSampler(SubnetSpec::macs, resolutionList()).requireFeasible(budgetList().get(0), "--budgets");
            long ceiling = SearchSpace.largest().withInput(SearchSpace.COSTLIEST_INPUT).macs();
            long highest = budgetList().stream().mapToLong(Long::longValue).max().orElse(0);
            require(highest <= ceiling, () -> FieldProblem.about("budgets", MacsBudgets.format(highest)
                    + " is above every subnet of the search space (the largest costs " + MacsBudgets.format(SearchSpace.largest().macs())
                            + " MACs at 28 px, " + MacsBudgets.format(ceiling) + " at most at any input)"));
        }
        require(loss.needsGallery() && !(loss instanceof LossSpec.Joint), () -> FieldProblem.of("loss", loss.text()
                + " is not a compatibility loss: the supernet is trained with " + String.join(", ", LossSpec.COMPATIBILITY)));
        return this;
    }
}
