package org.cmpnas.engine.nas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cmpnas.engine.compat.CompatibilityLoss;
import org.cmpnas.engine.compat.GalleryTeacher;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.train.Gradients;
import org.cmpnas.engine.train.NesterovSgd;
import org.cmpnas.engine.train.TrainingDiverged;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.SubnetSpec;

/**
 * Compatibility-aware supernet training with the sandwich rule: each step runs the subnets of its
 * {@link Sandwich} (largest, smallest, random ones) on one batch, backpropagates each one's
 * compatibility loss against the frozen gallery (gradients add up in the shared weights), then takes
 * one optimiser step and clears the gradients. In pair mode ({@link SupernetGallery#largestSubnet})
 * the largest subnet, run first, is the gallery of the other three. A step samples the same subnets however the run
 * got there (resumed or not).
 *
 * <p>Each step works in a sub-manager (and each subnet in its own), closed at the end, so native
 * memory stays flat. Runs on the calling thread, which owns the supernet's arrays.
 */
public final class SupernetTrainer {
    /** Report a step loss every this many steps, as single-model training does. */
    private static final int STEP_METRIC_EVERY = 20;
    private static final CompatibilityLoss CLASSIFICATION = GalleryTeacher.independent();

    private final Supernet net;
    private final SupernetGallery gallery;
    private final NesterovSgd optimizer;
    private final Sandwich sandwich;
    private final Shape imageShape;

    /** The summed loss of a step and each sampled subnet's part of it, in sampling order. */
    public record StepResult(float loss, List<SubnetSpec> subnets, List<Float> losses) {
    }

    /** Where an epoch ended: the next step number and the mean step loss. */
    public record EpochResult(long nextStep, double meanLoss) {
    }

    /**
     * @param optimizer updates each parameter from its gradient, e.g. {@link NesterovSgd#cosine}
     * @param sandwich  which subnets each step trains
     */
    public SupernetTrainer(Supernet net, SupernetGallery gallery, NesterovSgd optimizer, Sandwich sandwich) {
        this.net = Objects.requireNonNull(net, "net");
        this.gallery = Objects.requireNonNull(gallery, "gallery");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.sandwich = Objects.requireNonNull(sandwich, "sandwich");
        this.imageShape = net.input().batch(1).slice(1);
    }

    /** The subnets of step {@code step}: largest, smallest, then the random ones. */
    public List<SubnetSpec> sandwich(long step) {
        return sandwich.subnets(step);
    }

    /**
     * One optimiser step (number {@code step}) on one batch. A non-finite loss skips the update (the
     * gradients are cleared) and is returned for the caller to report.
     */
    public StepResult step(BatchSource.Batch batch, long step) {
        List<SubnetSpec> subnets = sandwich(step);
        List<Float> losses = new ArrayList<>(subnets.size());
        float total = 0;
        SubnetSpec wasActive = net.active();
        try (NDManager scope = net.parameterManager().newSubManager()) {
            NDArray labels = scope.create(batch.labels());
            CompatibilityLoss compatibility = gallery.loss(scope);
            NDArray galleryEmbedding = gallery.embed(batch, images(batch, scope), scope);
            ParameterStore store = new ParameterStore(scope, false);
            try (GradientCollector gc = scope.getEngine().newGradientCollector()) {
                for (int i = 0; i < subnets.size(); i++) {
                    SubnetSpec subnet = subnets.get(i);
                    // Images made in the subnet's own scope: every array of its forward attaches there.
                    try (NDManager subnetScope = scope.newSubManager()) {
                        net.setActive(subnet);
                        NDList out = net.forward(store, new NDList(images(batch, subnetScope)), true);
                        NDArray loss;
                        if (gallery.isLargestSubnet() && i == 0) {
                            // Pair mode: the largest subnet is the gallery; its own loss is plain classification
                            // through the shared classifier, and its embedding (detached, kept for the step) is
                            // the gallery embedding of the other subnets, which come after it in the sandwich.
                            loss = CLASSIFICATION.evaluate(out.get(0), out.get(1), labels, null);
                            galleryEmbedding = out.get(0).stopGradient();
                            galleryEmbedding.attach(scope);
                        } else {
                            loss = compatibility.evaluate(out.get(0), out.get(1), labels, galleryEmbedding);
                        }
                        float value = loss.getFloat();
                        losses.add(value);
                        total += value;
                        if (!Float.isFinite(value)) {
                            break;
                        }
                        gc.backward(loss);
                    }
                }
            }
            if (Float.isFinite(total)) {
                optimizer.setStep(step);
                update(scope);
            }
            Gradients.clear(net, scope);
        } finally {
            net.setActive(wasActive);
        }
        return new StepResult(total, List.copyOf(subnets.subList(0, losses.size())), List.copyOf(losses));
    }

    /**
     * Trains on every batch of {@code batches} (one epoch), steps numbered from {@code firstStep};
     * stops at the next batch once {@code token} is cancelled.
     *
     * @throws IllegalStateException when the loss stops being finite
     */
    public EpochResult train(Iterable<BatchSource.Batch> batches, int epoch, long firstStep, long totalSteps,
                             JobListener listener, CancellationToken token) {
        long step = firstStep;
        double sum = 0;
        for (BatchSource.Batch batch : batches) {
            token.check();
            StepResult result = step(batch, step);
            if (!Float.isFinite(result.loss())) {
                SubnetSpec culprit = result.subnets().get(result.subnets().size() - 1);
                float last = result.losses().get(result.losses().size() - 1);
                TrainingDiverged.check(Float.isFinite(last) ? result.loss() : last,
                        "supernet training (subnet " + culprit.text() + ")", epoch, step, optimizer.peakLearningRate());
            }
            sum += result.loss();
            if (step % STEP_METRIC_EVERY == 0) {
                listener.metric("supernet.step_loss", result.loss(), step, epoch);
            }
            listener.progress(step + 1, totalSteps, String.format("epoch %d  loss %.4f", epoch, result.loss()));
            step++;
        }
        return new EpochResult(step, step == firstStep ? Double.NaN : sum / (step - firstStep));
    }

    private NDArray images(BatchSource.Batch batch, NDManager scope) {
        return scope.create(batch.data(), new Shape(batch.size()).addAll(imageShape));
    }

    /** Every trainable parameter once, from the gradients the sandwich's subnets added up. */
    private void update(NDManager scope) {
        for (Pair<String, Parameter> p : net.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient()) {
                optimizer.update(parameter.getId(), parameter.getArray(), Gradients.of(parameter.getArray(), scope));
            }
        }
    }
}
