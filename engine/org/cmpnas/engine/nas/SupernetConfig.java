package org.cmpnas.engine.nas;

import static org.cmpnas.engine.BadInputException.require;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.cmpnas.engine.FieldProblem;
import org.cmpnas.engine.compat.LossSpec;
import org.cmpnas.engine.data.ImageOptions;
import org.cmpnas.engine.data.Subset;
import org.cmpnas.engine.model.InputShape;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;
import org.cmpnas.engine.train.TrainingChecks;

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
 * (their JSON has no such field). {@code limit} 0 uses every training image (the default); a positive limit
 * keeps that many, chosen by {@code subset} with {@code seed} (older records: {@link Subset#first}).
 *
 * @param data    {@code fashion-mnist} or an image folder; null means the gallery run's dataset (in
 *                pair mode, Fashion-MNIST)
 * @param gallery the gallery run (id or unique prefix; the job records the full id); null in pair mode
 * @param images  how an image folder is read; null: as the gallery run read it (the job records what it resolved), and
 *                in pair mode as runs before colour and image size did (so older records read as they were)
 * @param pair    pair mode: the gallery is a subnet of this supernet (the largest while training, see
 *                {@link SupernetGallery#largestSubnet}), every subnet sharing its classifier
 */
public record SupernetConfig(String name, String gallery, String data, int epochs, int batch, double lr,
                             double momentum, double weightDecay, long seed, int limit, boolean flip, int padCrop,
                             String loss, double lambda, double temperature, boolean pair, String budgets,
                             String resolutions, Subset subset, ImageOptions images) {
    /** The type marker a run's config carries in run.json: the config of a supernet. */
    public static final String TYPE = "supernet";

    /** Written into run.json beside the fields, so a reader knows the config's type without guessing; ignored when read. */
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }

    /** Every training image. */
    public static final int DEFAULT_LIMIT = 0;
    /** Ten passes over every training image: budget-aware steps are cheap (docs/results.md). */
    public static final int DEFAULT_EPOCHS = 10;
    /** The best compatibility loss measured for the supernet and its exports (docs/results.md). */
    public static final String DEFAULT_LOSS = "bct+l2";
    /** Every resolution of the search space: the default of a budget-aware supernet against a gallery model (docs/results.md). */
    public static final String ELASTIC_RESOLUTIONS = "16,20,24,28";
    /** The budgets {@code reproduce} searches, and what a supernet is trained for by default. */
    public static final String DEFAULT_BUDGETS = "0.5M,0.75M,1M,1.5M,2.4M";

    public SupernetConfig {
        loss = loss == null || loss.isBlank() ? "bct" : loss.trim();
        temperature = temperature == 0 ? LossSpec.DEFAULT_TEMPERATURE : temperature;
        budgets = budgets == null || budgets.isBlank() ? null : budgets.trim();
        resolutions = resolutions == null || resolutions.isBlank() ? null : resolutions.replace(" ", "");
        subset = Subset.orFirst(subset, limit);
    }

    /** The defaults of {@code cmpnas supernet} against {@code gallery}. */
    public static SupernetConfig defaults(String gallery) {
        return new SupernetConfig("supernet", gallery, null, DEFAULT_EPOCHS, 64, 0.05, 0.9, 5e-4, 1, DEFAULT_LIMIT,
                true, 0, DEFAULT_LOSS, LossSpec.DEFAULT_LAMBDA, LossSpec.DEFAULT_TEMPERATURE, false, DEFAULT_BUDGETS, ELASTIC_RESOLUTIONS, Subset.balanced, null);
    }

    /** The defaults of {@code cmpnas supernet --pair}: the gallery is a subnet too, so no elastic resolution. */
    public static SupernetConfig pairDefaults() {
        return defaults(null).withPair(true).withResolutions(null);
    }

    public SupernetConfig withPair(boolean value) {
        return new SupernetConfig(name, gallery, data, epochs, batch, lr, momentum, weightDecay, seed, limit, flip, padCrop, loss, lambda, temperature, value, budgets, resolutions, subset, images);
    }

    public SupernetConfig withLoss(String value) {
        return new SupernetConfig(name, gallery, data, epochs, batch, lr, momentum, weightDecay, seed, limit, flip, padCrop, value, lambda, temperature, pair, budgets, resolutions, subset, images);
    }

    /** {@code pair} or {@code gallery} (an external gallery model): written into the run's config for readers. */
    @JsonProperty("mode")
    public String mode() {
        return pair ? "pair" : "gallery";
    }

    public SupernetConfig withEpochs(int value) {
        return new SupernetConfig(name, gallery, data, value, batch, lr, momentum, weightDecay, seed, limit, flip, padCrop, loss, lambda, temperature, pair, budgets, resolutions, subset, images);
    }

    public SupernetConfig withLimit(int value) {
        return new SupernetConfig(name, gallery, data, epochs, batch, lr, momentum, weightDecay, seed, value, flip, padCrop, loss, lambda, temperature, pair, budgets, resolutions, subset, images);
    }

    public SupernetConfig withSeed(long value) {
        return new SupernetConfig(name, gallery, data, epochs, batch, lr, momentum, weightDecay, value, limit, flip, padCrop, loss, lambda, temperature, pair, budgets, resolutions, subset, images);
    }

    public SupernetConfig withBatch(int value) {
        return new SupernetConfig(name, gallery, data, epochs, value, lr, momentum, weightDecay, seed, limit, flip, padCrop, loss, lambda, temperature, pair, budgets, resolutions, subset, images);
    }

    /** Budget-aware sampling for these budgets, or null for the whole space. */
    public SupernetConfig withBudgets(String value) {
        return new SupernetConfig(name, gallery, data, epochs, batch, lr, momentum, weightDecay, seed, limit, flip, padCrop, loss, lambda, temperature, pair, value, resolutions, subset, images);
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
        return new SupernetConfig(name, gallery, data, epochs, batch, lr, momentum, weightDecay, seed, limit, flip, padCrop, loss, lambda, temperature, pair, budgets, value, subset, images);
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
        return budgets == null ? Sandwich.wholeSpace(seed) : Sandwich.budgetAware(budgetList(), seed, pair, resolutionList(), input);
    }

    public SupernetConfig withName(String value) {
        return new SupernetConfig(value, gallery, data, epochs, batch, lr, momentum, weightDecay, seed, limit, flip, padCrop, loss, lambda, temperature, pair, budgets, resolutions, subset, images);
    }

    /** The same config with the gallery run's full id (null in pair mode), the dataset and how it is read resolved (what the run records). */
    public SupernetConfig resolved(String galleryId, String dataName, ImageOptions imageOptions) {
        return new SupernetConfig(name, galleryId, dataName, epochs, batch, lr, momentum, weightDecay, seed, limit, flip, padCrop, loss, lambda, temperature, pair, budgets, resolutions, subset, imageOptions);
    }

    public LossSpec lossSpec() {
        return LossSpec.of(loss, lambda, temperature);
    }

    /** Checks every value and names the option that is wrong; returns this for chaining. */
    public SupernetConfig validated() {
        boolean external = gallery != null && !gallery.isBlank();
        require(!(pair && external), () -> FieldProblem.of("pair", "and --gallery " + gallery
                + " exclude each other: in pair mode the gallery is the supernet's own largest subnet; give --gallery RUN for an "
                + "external gallery model or --pair, not both"));
        require(pair || external, () -> FieldProblem.of("gallery", "RUN is required: the frozen gallery model the subnets are made "
                + "compatible with (or --pair: the supernet's own largest subnet is the gallery)"));
        TrainingChecks.epochs("epochs", epochs, 1);
        TrainingChecks.batch(batch);
        TrainingChecks.lr(lr);
        TrainingChecks.optimiser(momentum, weightDecay);
        require(limit >= 0, () -> FieldProblem.of("limit", "must not be negative (0 uses every training image)", limit));
        TrainingChecks.padCrop(padCrop);
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
        LossSpec spec = lossSpec();
        require(spec.needsGallery() && !(spec instanceof LossSpec.Joint), () -> FieldProblem.of("loss", loss
                + " is not a compatibility loss: the supernet is trained with " + String.join(", ", LossSpec.COMPATIBILITY)));
        return this;
    }
}
