package org.cmpnas.engine.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import java.util.Iterator;

/**
 * A split as a DJL {@link Dataset}, for DJL's own training helpers ({@code EasyTrain.fit}): each
 * {@link #getData} call is one epoch of {@link BatchSource} batches (prepared on a background thread
 * while the engine computes on both cores), shuffled with the epoch's seed. Each batch's arrays live
 * in a sub-manager that closing the batch frees.
 */
public final class DjlDataset implements Dataset {
    private final LabeledImages images;
    private final int batchSize;
    private final long seed;
    private final Augmentation augmentation;
    private int epoch;

    public DjlDataset(LabeledImages images, int batchSize, long seed, Augmentation augmentation) {
        this.images = images;
        this.batchSize = batchSize;
        this.seed = seed;
        this.augmentation = augmentation;
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) {
        long epochSeed = Seeds.of(seed, ++epoch);
        return () -> new Iterator<>() {
            private final BatchSource source = new BatchSource(images, batchSize, epochSeed, augmentation, true);
            private long done;

            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public Batch next() {
                BatchSource.Batch b = source.next();
                NDManager sub = manager.newSubManager();
                NDList data = new NDList(sub.create(b.data(), new Shape(b.size(), images.channels(), images.rows(), images.cols())));
                NDList labels = new NDList(sub.create(b.labels()));
                done++;
                return new Batch(sub, data, labels, b.size(), Batchifier.STACK, Batchifier.STACK, done, source.batchCount());
            }
        };
    }

    @Override
    public void prepare(Progress progress) {
        // The images are already in memory.
    }
}
