package org.cmpnas.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.HashMap;
import java.util.Map;

/**
 * SGD with Nesterov momentum and decoupled-from-nothing (PyTorch-style) weight decay, on a cosine
 * learning-rate schedule. Written out rather than DJL's {@code Nag} because a resumed run must get its
 * momentum buffers back: {@link #state} and {@link #restore} expose them by parameter name.
 *
 * <p>PyTorch's rule: g ← g + wd·w; v ← μ·v + g; w ← w − lr·(g + μ·v).
 */
public final class NesterovSgd extends Optimizer {
    private final CosineSchedule schedule;
    private final float momentum;
    private final Map<String, NDArray> velocity = new HashMap<>();
    private long step;

    NesterovSgd(CosineSchedule schedule, double momentum, double weightDecay) {
        super(new Builder().optWeightDecays((float) weightDecay).setRescaleGrad(1f));
        this.schedule = schedule;
        this.momentum = (float) momentum;
    }

    /** Nesterov SGD on a cosine schedule from {@code lr} to zero over {@code totalSteps}. */
    public static NesterovSgd cosine(double lr, double momentum, double weightDecay, long totalSteps) {
        return new NesterovSgd(new CosineSchedule(lr, totalSteps), momentum, weightDecay);
    }

    /** The optimiser a config's schedule describes, over {@code totalSteps} steps. */
    public static NesterovSgd cosine(Schedule schedule, long totalSteps) {
        return cosine(schedule.lr(), schedule.momentum(), schedule.weightDecay(), totalSteps);
    }

    /** The optimiser step about to be taken (0-based), which sets the learning rate. */
    public void setStep(long step) {
        this.step = step;
    }

    /** The peak learning rate of the schedule (the {@code --lr} the user gave). */
    public double peakLearningRate() {
        return schedule.base();
    }

    float learningRate() {
        return schedule.at(step);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = learningRate();
        NDArray v = velocity.computeIfAbsent(parameterId, id -> weight.zerosLike());
        // Through a detached view of the weight (same storage): on a thread whose autograd mode was never
        // switched off (libtorch's default, e.g. one that did not start the engine) an in-place update of a
        // trainable leaf is refused, and the decay term would drag autograd history into the momentum.
        try (NDArray w = weight.stopGradient(); NDArray g = grad.mul(rescaleGrad)) {
            if (getWeightDecay() != 0) {
                try (NDArray decay = w.mul(getWeightDecay())) {
                    g.addi(decay);
                }
            }
            v.muli(momentum).addi(g);
            try (NDArray delta = v.mul(momentum)) {
                delta.addi(g).muli(lr);
                w.subi(delta);
            }
        }
    }

    /** The momentum buffers, named like the parameters, for a checkpoint. */
    NDList state(PairList<String, Parameter> parameters, NDManager manager) {
        NDList list = new NDList();
        for (Pair<String, Parameter> p : parameters) {
            NDArray v = velocity.get(p.getValue().getId());
            if (v != null) {
                NDArray copy = v.duplicate();
                copy.attach(manager);
                copy.setName(p.getKey());
                list.add(copy);
            }
        }
        return list;
    }

    /** Puts back the momentum buffers of {@link #state}; arrays are copied into the weights' manager. */
    void restore(PairList<String, Parameter> parameters, NDList state) {
        Map<String, NDArray> byName = new HashMap<>();
        state.forEach(a -> byName.put(a.getName(), a));
        for (Pair<String, Parameter> p : parameters) {
            NDArray saved = byName.get(p.getKey());
            if (saved != null) {
                NDArray weight = p.getValue().getArray();
                NDArray v = weight.zerosLike();
                v.addi(saved);
                velocity.put(p.getValue().getId(), v);
            }
        }
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
