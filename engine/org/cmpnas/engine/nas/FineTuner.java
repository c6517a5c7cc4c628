package org.cmpnas.engine.nas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.cmpnas.engine.compat.GalleryTeacher;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.jobs.CancellationToken;
import org.cmpnas.engine.jobs.JobListener;
import org.cmpnas.engine.model.EmbeddingNet;
import org.cmpnas.engine.train.Gradients;
import org.cmpnas.engine.train.NesterovSgd;
import org.cmpnas.engine.train.TrainingDiverged;

/**
 * Fine-tunes an exported subnet from its inherited weights with the compatibility loss against the
 * frozen gallery model: the step of {@code TrainingSession} written out, because a session can only
 * start from fresh parameters or from its own checkpoint. Each step works in a closed sub-manager.
 */
final class FineTuner {
    private static final int STEP_METRIC_EVERY = 20;

    private final EmbeddingNet net;
    private final GalleryTeacher teacher;
    private final NesterovSgd optimizer;
    private final Shape imageShape;

    FineTuner(EmbeddingNet net, GalleryTeacher teacher, NesterovSgd optimizer) {
        this.net = net;
        this.teacher = teacher;
        this.optimizer = optimizer;
        this.imageShape = net.spec().orElseThrow().input().batch(1).slice(1);
    }

    /** One epoch over {@code batches}, steps numbered from {@code firstStep}; returns the mean step loss. */
    double epoch(BatchSource batches, int epoch, long firstStep, long totalSteps, JobListener listener, CancellationToken token) {
        NDManager manager = net.getParameters().get(0).getValue().getArray().getManager();
        long step = firstStep;
        double sum = 0;
        for (BatchSource.Batch batch : batches) {
            token.check();
            float value;
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(batch.data(), new Shape(batch.size()).addAll(imageShape));
                NDArray y = scope.create(batch.labels());
                NDArray galleryEmbedding = teacher.embed(batch, x, scope);
                try (GradientCollector gc = scope.getEngine().newGradientCollector()) {
                    NDList out = net.forward(new ParameterStore(scope, false), new NDList(x), true);
                    NDArray loss = teacher.loss().evaluate(out.get(0), out.get(1), y, galleryEmbedding);
                    value = loss.getFloat();
                    TrainingDiverged.check(value, "fine-tuning", epoch, step, optimizer.peakLearningRate());
                    gc.backward(loss);
                }
                optimizer.setStep(step);
                for (Pair<String, Parameter> p : net.getParameters()) {
                    Parameter parameter = p.getValue();
                    if (parameter.requiresGradient()) {
                        optimizer.update(parameter.getId(), parameter.getArray(), Gradients.of(parameter.getArray(), scope));
                    }
                }
                Gradients.clear(net, scope);
            }
            sum += value;
            if (step % STEP_METRIC_EVERY == 0) {
                listener.metric("finetune.step_loss", value, step, epoch);
            }
            step++;
            listener.progress(step, totalSteps, String.format("fine-tuning epoch %d  loss %.4f", epoch, value));
        }
        return step == firstStep ? Double.NaN : sum / (step - firstStep);
    }
}
