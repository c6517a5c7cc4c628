package org.cmpnas.engine.nas;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cmpnas.engine.data.BatchSource;
import org.cmpnas.engine.model.ArchSpec;
import org.cmpnas.engine.model.InputResize;
import org.cmpnas.engine.model.InputShape;
import org.cmpnas.engine.model.ParameterValues;
import org.cmpnas.engine.model.EmbeddingNet;
import org.cmpnas.engine.model.SearchSpace;
import org.cmpnas.engine.model.SubnetSpec;

/**
 * The weight-sharing supernet of the CMP-NAS search space (Once-for-All style): the largest subnet's
 * weights, a stem, {@value SearchSpace#MAX_DEPTH} block positions per stage at the stage's widest
 * width (kernel 5, expand 6), the embedding Linear from the widest last stage, and a classifier on
 * the embedding shared by every subnet. Forward runs the {@linkplain #setActive active} subnet by
 * slicing: a stage's first d blocks, each convolution's first c filters over the previous layer's
 * active channels, the centre k×k of each depthwise kernel, the first in·e expansion channels.
 * Output as {@link EmbeddingNet}: (embedding, logits).
 *
 * <p>The supernet takes one {@link InputShape}: its stem reads the input's channels with the input's stem
 * stride. Subnets are named as in the search space (the protocol's 28 px input); {@link #atInput} is a subnet
 * as a model of this supernet's input, which is what exports, MAC counts and resolutions refer to.
 *
 * <p>Every subnet shares the batch-norm statistics, so they fit no subnet in particular: before a
 * subnet is evaluated or exported, {@link #recalibrate} recomputes them for it on a few batches.
 */
public final class Supernet extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final int STEM_KERNEL = 3;

    private final int classes;
    private final InputShape input;
    private final ElasticConv2d stem;
    private final ElasticBatchNorm stemBn;
    /** Block positions by stage, then position in the stage: index stage·MAX_DEPTH + position. */
    private final List<ElasticMbBlock> blocks = new ArrayList<>();
    private final ElasticLinear embedding;
    private final ElasticLinear classifier;

    private SubnetSpec active = SearchSpace.largest();
    /** Batch-norm momentum of the next training-mode forward; see {@link ElasticBatchNorm#apply}. */
    private float bnMomentum = ElasticBatchNorm.MOMENTUM;
    /** The subnet whose statistics are in the running arrays, until a training step changes them. */
    private SubnetSpec calibratedFor;

    /** A supernet of the protocol's 1 x 28 x 28 input. */
    public Supernet(int classes) {
        this(classes, InputShape.GREY_28);
    }

    public Supernet(int classes, InputShape input) {
        super(VERSION);
        if (classes < 1) {
            throw new IllegalArgumentException("a supernet needs at least one class, got " + classes);
        }
        this.classes = classes;
        this.input = Objects.requireNonNull(input, "input");
        stem = addChildBlock("stem", ElasticConv2d.regular(SearchSpace.STEM, input.channels(), STEM_KERNEL, input.stemStride()));
        stemBn = addChildBlock("stemBn", new ElasticBatchNorm(SearchSpace.STEM));
        int in = SearchSpace.STEM;
        for (int s = 0; s < SearchSpace.STAGES; s++) {
            int out = maxWidth(s);
            for (int b = 0; b < SearchSpace.MAX_DEPTH; b++) {
                int stride = b == 0 ? SearchSpace.stageStride(s) : 1;
                blocks.add(addChildBlock("stage" + (s + 1) + "block" + (b + 1), new ElasticMbBlock(in, out, stride)));
                in = out;
            }
        }
        embedding = addChildBlock("embedding", new ElasticLinear(ArchSpec.EMBEDDING_DIM, in, true));
        classifier = addChildBlock("classifier", new ElasticLinear(classes, ArchSpec.EMBEDDING_DIM, false));
    }

    /** A supernet with parameters initialised from {@code seed} (as a standalone network would be) in {@code manager}. */
    public static Supernet initialised(int classes, NDManager manager, long seed) {
        return initialised(classes, InputShape.GREY_28, manager, seed);
    }

    /** As {@link #initialised(int, NDManager, long)}, for images of {@code input}. */
    public static Supernet initialised(int classes, InputShape input, NDManager manager, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        Supernet net = new Supernet(classes, input);
        net.initialize(manager, DataType.FLOAT32, input.batch(1));
        return net;
    }

    public InputShape input() {
        return input;
    }

    /** A subnet of the search space as a model of this supernet's input (what is exported and what its MACs are). */
    public SubnetSpec atInput(SubnetSpec spec) {
        return spec.withInput(input);
    }

    private static int maxWidth(int stage) {
        List<Integer> widths = SearchSpace.WIDTHS.get(stage);
        return widths.get(widths.size() - 1);
    }

    public int classes() {
        return classes;
    }

    public SubnetSpec active() {
        return active;
    }

    /** The subnet that {@code forward} runs from now on. */
    public void setActive(SubnetSpec spec) {
        this.active = Objects.requireNonNull(spec, "spec");
    }

    /** The shared classifier (classes × embedding): the gallery classifier of pair mode. */
    public NDArray classifierMatrix() {
        return classifier.weight().getArray();
    }

    /** Whether the running statistics are {@code spec}'s, recalibrated and untouched by training since. */
    public boolean isCalibratedFor(SubnetSpec spec) {
        return spec.equals(calibratedFor);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training) {
            calibratedFor = null; // training-mode batch norm moves the running statistics
        }
        NDArray x = InputResize.apply(inputs.singletonOrThrow(), atInput(active).resolution());
        x = Activation.relu(stemBn.apply(store, stem.apply(store, x, SearchSpace.STEM, STEM_KERNEL, training), training, bnMomentum));
        for (Placed p : placed(active)) {
            x = blocks.get(p.position()).apply(store, x, p.block(), training, bnMomentum);
        }
        NDArray features = Blocks.batchFlatten(Pool.globalAvgPool2d(x));
        NDArray embedded = embedding.apply(store, features, training);
        return new NDList(embedded, classifier.apply(store, embedded, training));
    }

    /** A subnet's block with the supernet position it runs in. */
    private record Placed(int position, SubnetSpec.MbBlock block) {
    }

    private static List<Placed> placed(SubnetSpec spec) {
        List<SubnetSpec.MbBlock> specBlocks = spec.blocks();
        List<Placed> placed = new ArrayList<>(specBlocks.size());
        int i = 0;
        for (int s = 0; s < SearchSpace.STAGES; s++) {
            for (int b = 0; b < spec.depths().get(s); b++) {
                placed.add(new Placed(s * SearchSpace.MAX_DEPTH + b, specBlocks.get(i++)));
            }
        }
        return placed;
    }

    /** Every parameter slice {@code spec} uses, in the order of the standalone network's parameters. */
    List<ElasticSlice> slices(SubnetSpec spec) {
        List<ElasticSlice> slices = new ArrayList<>();
        slices.add(stem.slice(SearchSpace.STEM, input.channels(), STEM_KERNEL));
        slices.addAll(stemBn.slices(SearchSpace.STEM));
        for (Placed p : placed(spec)) {
            slices.addAll(blocks.get(p.position()).slices(p.block()));
        }
        slices.addAll(embedding.slices(spec.widths().get(SearchSpace.STAGES - 1)));
        slices.addAll(classifier.slices(ArchSpec.EMBEDDING_DIM));
        return slices;
    }

    /**
     * Makes {@code spec} active and replaces the running statistics of the channels it uses by their
     * average over {@code batches} (forward in training mode, batch n weighted 1/n), as Once-for-All
     * does before evaluating a subnet. Pass a few batches (OFA uses 2,000 images), ideally the same
     * ones for every subnet of a search. Other channels keep their values.
     */
    public void recalibrate(SubnetSpec spec, Iterable<BatchSource.Batch> batches) {
        setActive(spec);
        int n = 0;
        try (NDManager scope = parameterManager().newSubManager()) {
            for (BatchSource.Batch batch : batches) {
                n++;
                bnMomentum = 1f - 1f / n;
                try (NDManager sub = scope.newSubManager()) {
                    NDArray x = sub.create(batch.data(), input.batch(batch.size()));
                    forward(new ParameterStore(sub, false), new NDList(x), true);
                }
            }
        } finally {
            bnMomentum = ElasticBatchNorm.MOMENTUM;
        }
        if (n == 0) {
            throw new IllegalArgumentException("recalibrating " + spec.text() + " needs at least one batch");
        }
        calibratedFor = spec;
    }

    /**
     * {@code spec} as a standalone network (built by {@code Networks}, in {@code manager}) whose
     * parameters are copies of its supernet slices, running statistics included, so both compute the
     * same function. Call {@link #recalibrate} for {@code spec} first.
     */
    public EmbeddingNet exportSubnet(SubnetSpec spec, NDManager manager) {
        if (!isCalibratedFor(spec)) {
            throw new IllegalStateException("recalibrate the batch-norm statistics of " + spec.text()
                    + " (recalibrate(spec, batches)) right before exporting it: the supernet's are shared by every subnet");
        }
        EmbeddingNet net = new EmbeddingNet(atInput(spec), classes);
        net.initialize(manager, DataType.FLOAT32, input.batch(1));
        ParameterList targets = net.getParameters();
        List<ElasticSlice> slices = slices(spec);
        if (targets.size() != slices.size()) {
            throw new IllegalStateException("the standalone " + spec.text() + " has " + targets.size()
                    + " parameters but the supernet slices " + slices.size());
        }
        try (NDManager scope = manager.newSubManager()) {
            for (int i = 0; i < slices.size(); i++) {
                Parameter target = targets.get(i).getValue();
                ElasticSlice slice = slices.get(i);
                NDArray value = slice.of(slice.parameter().getArray(), scope);
                if (target.getType() != slice.parameter().getType() || !target.getArray().getShape().equals(value.getShape())) {
                    throw new IllegalStateException("parameter " + targets.get(i).getKey() + " " + target.getType() + " "
                            + target.getArray().getShape() + " does not line up with the supernet's " + slice.parameter().getType()
                            + " " + value.getShape() + ": Networks and the supernet build blocks differently");
                }
                ParameterValues.assign(target.getArray(), value.toFloatArray());
            }
        }
        return net;
    }

    /** The manager holding the parameters: steps and recalibration work in sub-managers of it. */
    NDManager parameterManager() {
        return stem.getParameters().get(0).getValue().getArray().getManager();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        long batch = inputs[0].get(0);
        return new Shape[] {new Shape(batch, ArchSpec.EMBEDDING_DIM), new Shape(batch, classes)};
    }

    /** The children's parameters have fixed (largest) shapes, so input shapes do not matter to them. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (var child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }
}
