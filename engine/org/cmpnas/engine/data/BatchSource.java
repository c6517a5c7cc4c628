package org.cmpnas.engine.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One epoch of batches over a {@link LabeledImages}, prepared (shuffle, augment, normalise) on a
 * background daemon thread that stays {@value #PREFETCH} batches ahead, so data preparation overlaps
 * the engine's compute. Pure Java (no DJL) so it can be tested on its own.
 *
 * <p>Reproducible: the order is a Fisher-Yates shuffle driven by {@code new Random(seed)}, and the
 * augmentation draws from a second generator derived from the same seed, both used on the one
 * worker thread in batch order. The worker starts on the first {@link #hasNext()} and is gone once
 * the epoch is exhausted or {@link #close()} returns; use try-with-resources.
 */
public final class BatchSource implements Iterator<BatchSource.Batch>, Iterable<BatchSource.Batch>, AutoCloseable {

    /**
     * One batch, ready to copy into a tensor: {@code data} is {@code size x channels x rows x cols} (NCHW)
     * normalised floats, {@code labels} the class of each image. {@code indices} are the images'
     * positions in the source and {@code mirrored} whether each was flipped, so that per-image results
     * computed once (the gallery's embeddings) can be looked up; both null when unknown, and
     * {@code indices} null when a random crop made images that exist nowhere else.
     */
    public record Batch(float[] data, int[] labels, int size, int[] indices, boolean[] mirrored) {
        public Batch(float[] data, int[] labels, int size) {
            this(data, labels, size, null, null);
        }
    }

    public static final String THREAD_PREFIX = "cmpnas-batches-";
    static final int PREFETCH = 2;
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    private static final Object END = new Object();

    private record Failure(Throwable cause) {
    }

    private final LabeledImages images;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final Augmentation augmentation;
    private final int batchCount;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(PREFETCH);
    private volatile Thread worker;
    private Batch next;
    private boolean iterated;
    private boolean finished;
    private volatile boolean closed;

    /**
     * A shuffled epoch (the training case).
     *
     * @param seed         the epoch's seed: same seed, same order and same augmentation
     * @param augmentation applied to every image, or null for plain normalisation
     * @param dropLast     drop an incomplete last batch, unless it would be the only batch (so a
     *                     tiny {@code --limit} run still trains)
     */
    public BatchSource(LabeledImages images, int batchSize, long seed, Augmentation augmentation, boolean dropLast) {
        this(images, batchSize, seed, true, augmentation, dropLast);
    }

    /** As above; {@code shuffle} false visits the images in index order. */
    public BatchSource(LabeledImages images, int batchSize, long seed, boolean shuffle, Augmentation augmentation,
                       boolean dropLast) {
        this.images = Objects.requireNonNull(images, "images");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.augmentation = augmentation;
        int full = images.size() / batchSize;
        boolean partial = images.size() % batchSize != 0;
        this.batchCount = full + (partial && (!dropLast || full == 0) ? 1 : 0);
    }

    /** A training epoch: shuffled by {@code seed}, augmented, incomplete last batch dropped. */
    public static BatchSource training(LabeledImages images, int batchSize, long seed, Augmentation augmentation) {
        return new BatchSource(images, batchSize, seed, true, augmentation, true);
    }

    /** Evaluation: every image once, in index order, no augmentation. */
    public static BatchSource inOrder(LabeledImages images, int batchSize) {
        return new BatchSource(images, batchSize, 0, false, null, false);
    }

    /** This source itself, for for-each: a BatchSource is a single epoch, iterable once. */
    @Override
    public Iterator<Batch> iterator() {
        if (iterated) {
            throw new IllegalStateException("a BatchSource is one epoch and can be iterated once; make a new one");
        }
        iterated = true;
        return this;
    }

    /** Batches this epoch yields. */
    public int batchCount() {
        return batchCount;
    }

    public int rows() {
        return images.rows();
    }

    public int cols() {
        return images.cols();
    }

    public int channels() {
        return images.channels();
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            next = null;
            return false;
        }
        if (next != null) {
            return true;
        }
        if (finished) {
            return false;
        }
        if (worker == null) {
            start();
        }
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a batch");
        }
        if (closed) { // closed from another thread while we waited
            return false;
        }
        if (item instanceof Batch batch) {
            next = batch;
            return true;
        }
        finished = true;
        joinWorker(); // it exits right after handing over END or a failure
        if (item instanceof Failure failure) {
            throw new IllegalStateException("preparing a batch failed: " + failure.cause(), failure.cause());
        }
        return false;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Batch batch = next;
        next = null;
        return batch;
    }

    /**
     * Stops the worker and waits for it to end; safe to call more than once, after exhaustion, and
     * from another thread (a consumer waiting in {@link #hasNext()} then sees the end).
     */
    @Override
    public void close() {
        closed = true;
        Thread w = worker;
        if (w != null) {
            w.interrupt();
            queue.clear(); // unblocks a worker waiting in put() even if it missed the interrupt
            joinWorker();
            queue.clear();
            queue.offer(END); // wakes a consumer waiting in take()
        }
    }

    /** True while the worker thread runs (for tests). */
    boolean workerAlive() {
        Thread w = worker;
        return w != null && w.isAlive();
    }

    private void start() {
        worker = new Thread(this::produce, THREAD_PREFIX + THREAD_IDS.incrementAndGet());
        worker.setDaemon(true);
        worker.start();
    }

    private void joinWorker() {
        Thread w = worker;
        boolean interrupted = false;
        while (w != null && w.isAlive()) {
            try {
                w.join();
            } catch (InterruptedException e) {
                interrupted = true; // finish the join (the worker is stopping), then restore the flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void produce() {
        try {
            int[] order = shuffle ? shuffledOrder(images.size(), seed) : identity(images.size());
            Random augRng = new Random(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
            for (int b = 0; b < batchCount && !closed; b++) {
                queue.put(makeBatch(order, b * batchSize, augRng));
            }
            if (!closed) {
                queue.put(END);
            }
        } catch (InterruptedException e) {
            // closed: just stop
        } catch (RuntimeException | Error e) {
            queue.clear(); // the consumer holds no lock, so the failure always fits
            queue.offer(new Failure(e));
        } finally {
            if (closed) {
                queue.clear();
                queue.offer(END); // in case a consumer started waiting after close()
            }
        }
    }

    private Batch makeBatch(int[] order, int from, Random augRng) {
        int size = Math.min(batchSize, order.length - from);
        int pixels = images.imageSize();
        float[] data = new float[size * pixels];
        int[] labels = new int[size];
        int[] indices = new int[size];
        boolean[] mirrored = new boolean[size];
        byte[] src = images.pixels();
        for (int k = 0; k < size; k++) {
            int i = order[from + k];
            labels[k] = images.labels()[i];
            indices[k] = i;
            if (augmentation == null) {
                images.normalization().normalise(src, i * pixels, data, k * pixels, 1, images.planeSize());
            } else {
                mirrored[k] = augmentation.apply(src, i * pixels, images.channels(), images.rows(), images.cols(),
                        images.normalization(), data, k * pixels, augRng);
            }
        }
        boolean cropped = augmentation != null && augmentation.padCrop() > 0;
        return new Batch(data, labels, size, cropped ? null : indices, mirrored);
    }

    /** 0..n-1 shuffled by Fisher-Yates with {@code new Random(seed)}: the epoch order. */
    public static int[] shuffledOrder(int n, long seed) {
        int[] order = identity(n);
        Random rng = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}
