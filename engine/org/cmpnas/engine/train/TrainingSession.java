package org.cmpnas.engine.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.nio.file.Path;
import org.cmpnas.engine.compat.CompatibilityLoss;
import org.cmpnas.engine.compat.GalleryTeacher;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.EmbeddingNet;

/**
 * One model being trained: the network with its classifier, DJL's trainer and the Nesterov optimiser
 * on its cosine schedule. {@link #step} is one optimiser step on one batch, in a sub-manager that is
 * closed, so native memory stays flat however long the training.
 */
public final class TrainingSession implements AutoCloseable {
    private final EmbeddingNet net;
    private final Model model;
    private final Trainer trainer;
    private final NesterovSgd optimizer;
    private final Shape imageShape;
    private final GalleryTeacher teacher;
    private final CompatibilityLoss loss;

    /** The loss of a step and how many of its images the classifier got right. */
    public record StepResult(float loss, long correct) {
    }

    /** A session from freshly initialised parameters (seeded). */
    public static TrainingSession fresh(ArchSpec spec, int classes, int rows, int cols, double lr, double momentum,
                                        double weightDecay, long totalSteps, long seed) {
        return new TrainingSession(spec, classes, rows, cols, lr, momentum, weightDecay, totalSteps, seed, null, null, null);
    }

    /**
     * When {@code resumeFrom} is given, parameters and momentum buffers are restored from it; with a
     * {@code teacher} the query model is trained to be compatible with that frozen gallery model.
     */
    TrainingSession(ArchSpec spec, int classes, int rows, int cols, double lr, double momentum, double weightDecay,
                    long totalSteps, long seed, Checkpoint resumeFrom, Path weightsDir, GalleryTeacher teacher) {
        this.teacher = teacher;
        this.loss = teacher != null ? teacher.loss() : GalleryTeacher.independent();
        Engine.getInstance().setRandomSeed((int) seed);
        this.net = new EmbeddingNet(spec, classes);
        this.optimizer = new NesterovSgd(new CosineSchedule(lr, totalSteps), momentum, weightDecay);
        this.imageShape = new Shape(1, rows, cols);
        this.model = Model.newInstance(spec.text());
        model.setBlock(net);
        this.trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer)
                .optInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                        Parameter.Type.WEIGHT));
        Shape input = new Shape(1).addAll(imageShape);
        if (resumeFrom != null) {
            // Loaded before the trainer initialises, which keeps initialised parameters and caches the
            // arrays it will update: loading afterwards would train stale copies.
            net.initialize(model.getNDManager(), DataType.FLOAT32, input);
            resumeFrom.restore(weightsDir, net, optimizer, model.getNDManager());
        }
        trainer.initialize(input);
    }

    public EmbeddingNet net() {
        return net;
    }

    public NDManager manager() {
        return model.getNDManager();
    }

    /** One optimiser step (number {@code step}, 0-based, which sets the learning rate) on one batch. */
    public StepResult step(float[] images, int[] labels, int size, long step) {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDArray x = sub.create(images, new Shape(size).addAll(imageShape));
            NDArray y = sub.create(labels);
            NDArray galleryEmbedding = teacher != null ? teacher.embed(x, sub) : null;
            float value;
            long correct;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList out = trainer.forward(new NDList(x));
                NDArray logits = out.get(1);
                NDArray lossArray = loss.evaluate(out.get(0), logits, y, galleryEmbedding);
                value = lossArray.getFloat();
                if (!Float.isFinite(value)) {
                    return new StepResult(value, 0);
                }
                gc.backward(lossArray);
                correct = logits.argMax(1).toType(DataType.INT32, false).eq(y).countNonzero().getLong();
            }
            optimizer.setStep(step);
            trainer.step();
            zeroGradients();
            return new StepResult(value, correct);
        }
    }

    void saveCheckpoint(Path weightsDir, int epoch, long step) {
        try (NDManager scope = manager().newSubManager()) {
            new Checkpoint(epoch, step).save(weightsDir, net, optimizer.state(net.getParameters(), scope));
        }
    }

    /**
     * PyTorch accumulates gradients and DJL hands a custom optimizer a copy of them, so they are
     * cleared here after each step (DJL's built-in optimizers clear them in their native update).
     */
    private void zeroGradients() {
        for (Pair<String, Parameter> p : net.getParameters()) {
            NDArray array = p.getValue().getArray();
            if (p.getValue().requiresGradient() && array.hasGradient()) {
                try (NDArray grad = array.getGradient()) {
                    grad.subi(grad);
                }
            }
        }
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
