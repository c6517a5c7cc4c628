package org.cmpnas.engine.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import java.nio.file.Path;
import org.cmpnas.engine.compat.CompatibilityLoss;
import org.cmpnas.engine.compat.GalleryTeacher;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.EmbeddingNet;
import org.cmpnas.engine.model.InputShape;
import org.cmpnas.engine.model.JointNet;

/**
 * One model being trained: the network with its classifier, DJL's trainer and the Nesterov optimiser
 * on its cosine schedule. {@link #step} is one optimiser step on one batch, in a sub-manager that is
 * closed, so native memory stays flat however long the training.
 */
public final class TrainingSession<B extends Block> implements AutoCloseable {
    private final B net;
    private final Model model;
    private final Trainer trainer;
    private final NesterovSgd optimizer;
    private final Shape imageShape;
    private final GalleryTeacher teacher;
    private final BatchLoss loss;

    /** The loss of a step and how many of its images the (query) classifier got right. */
    public record StepResult(float loss, long correct) {
    }

    /** How a batch's outputs become the loss; the gallery embedding is null unless a teacher gives one. */
    interface BatchLoss {
        NDArray evaluate(NDList outputs, NDArray labels, NDArray galleryEmbedding);
    }

    /** A session from freshly initialised parameters (seeded by the schedule). */
    public static TrainingSession<EmbeddingNet> fresh(ArchSpec spec, int classes, Schedule schedule, long totalSteps) {
        return single(spec, classes, schedule, totalSteps, null, null, null);
    }

    /**
     * One model. When {@code resumeFrom} is given, parameters and momentum buffers are restored from
     * it; with a {@code teacher} the model is trained to be compatible with that frozen gallery model.
     */
    public static TrainingSession<EmbeddingNet> single(ArchSpec spec, int classes, Schedule schedule, long totalSteps,
                                                       Checkpoint resumeFrom, Path weightsDir, GalleryTeacher teacher) {
        CompatibilityLoss compat = teacher != null ? teacher.loss() : GalleryTeacher.independent();
        return new TrainingSession<>(new EmbeddingNet(spec, classes), spec.text(),
                (out, y, g) -> compat.evaluate(out.get(0), out.get(1), y, g), teacher,
                spec.input(), schedule, totalSteps, resumeFrom, weightsDir);
    }

    /** A query and a gallery model trained together with one shared classifier: CE(query) + CE(gallery). */
    static TrainingSession<JointNet> joint(ArchSpec query, ArchSpec gallery, int classes, Schedule schedule, long totalSteps) {
        CompatibilityLoss ce = GalleryTeacher.independent();
        return new TrainingSession<>(new JointNet(query, gallery, classes), query.text() + "+" + gallery.text(),
                (out, y, g) -> ce.evaluate(out.get(0), out.get(1), y, null).add(ce.evaluate(out.get(2), out.get(3), y, null)),
                null, query.input(), schedule, totalSteps, null, null);
    }

    private TrainingSession(B net, String name, BatchLoss loss, GalleryTeacher teacher, InputShape input, Schedule schedule,
                            long totalSteps, Checkpoint resumeFrom, Path weightsDir) {
        this.net = net;
        this.loss = loss;
        this.teacher = teacher;
        Engine.getInstance().setRandomSeed((int) schedule.seed());
        this.optimizer = NesterovSgd.cosine(schedule, totalSteps);
        this.imageShape = new Shape(input.channels(), input.size(), input.size());
        this.model = Model.newInstance(name);
        model.setBlock(net);
        this.trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer)
                .optInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                        Parameter.Type.WEIGHT));
        Shape one = input.batch(1);
        if (resumeFrom != null) {
            // Loaded before the trainer initialises, which keeps initialised parameters and caches the
            // arrays it will update: loading afterwards would train stale copies.
            net.initialize(model.getNDManager(), DataType.FLOAT32, one);
            resumeFrom.restore(weightsDir, net, optimizer, model.getNDManager());
        }
        trainer.initialize(one);
    }

    public B net() {
        return net;
    }

    public NDManager manager() {
        return model.getNDManager();
    }

    /** One optimiser step (number {@code step}, 0-based, which sets the learning rate) on one batch. */
    public StepResult step(BatchSource.Batch batch, long step) {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDArray x = sub.create(batch.data(), new Shape(batch.size()).addAll(imageShape));
            NDArray y = sub.create(batch.labels());
            NDArray galleryEmbedding = teacher != null ? teacher.embed(batch, x, sub) : null;
            float value;
            long correct;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList out = trainer.forward(new NDList(x));
                NDArray logits = out.get(1);
                NDArray lossArray = loss.evaluate(out, y, galleryEmbedding);
                value = lossArray.getFloat();
                if (!Float.isFinite(value)) {
                    return new StepResult(value, 0);
                }
                gc.backward(lossArray);
                correct = logits.argMax(1).toType(DataType.INT32, false).eq(y).countNonzero().getLong();
            }
            optimizer.setStep(step);
            trainer.step();
            Gradients.clear(net, sub);
            return new StepResult(value, correct);
        }
    }

    void saveCheckpoint(Path weightsDir, int epoch, long step) {
        new Checkpoint(epoch, step).save(weightsDir, net, optimizer);
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
