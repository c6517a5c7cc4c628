package org.cmpnas.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchSourceTest {

    /** n 2x2 images whose first two pixels encode the index (low, high byte); label = index % 7. */
    static LabeledImages indexed(int n) {
        byte[] p = new byte[n * 4];
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            p[4 * i] = (byte) i;
            p[4 * i + 1] = (byte) (i >> 8);
            p[4 * i + 2] = 7;
            p[4 * i + 3] = 9;
            l[i] = i % 7;
        }
        return new LabeledImages(p, l, 2, 2, List.of("0", "1", "2", "3", "4", "5", "6"));
    }

    private static int grey(float normalised) {
        return Math.round((normalised * Normalization.FASHION_MNIST.std(0) + Normalization.FASHION_MNIST.mean(0)) * 255);
    }

    /** The dataset indices of an epoch, decoded from the normalised pixels (checks the data path too). */
    static List<Integer> epoch(BatchSource source) {
        List<Integer> seen = new ArrayList<>();
        try (source) {
            for (BatchSource.Batch b : source) {
                assertThat(b.data()).hasSize(b.size() * 4);
                assertThat(b.labels()).hasSize(b.size());
                for (int k = 0; k < b.size(); k++) {
                    int index = grey(b.data()[4 * k]) | grey(b.data()[4 * k + 1]) << 8;
                    assertThat(b.labels()[k]).isEqualTo(index % 7);
                    assertThat(grey(b.data()[4 * k + 2])).isEqualTo(7);
                    seen.add(index);
                }
            }
        }
        return seen;
    }

    @AfterEach
    void noWorkerThreadsLeft() throws InterruptedException {
        assertThat(waitForWorkers()).as("live batch worker threads").isEmpty();
    }

    static List<String> waitForWorkers() throws InterruptedException {
        List<String> alive = List.of();
        for (int tries = 0; tries < 50; tries++) {
            alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                    .map(Thread::getName).filter(n -> n.startsWith(BatchSource.THREAD_PREFIX)).toList();
            if (alive.isEmpty()) {
                break;
            }
            Thread.sleep(20);
        }
        return alive;
    }

    @Test
    void everyIndexExactlyOncePerEpoch() {
        List<Integer> seen = epoch(new BatchSource(indexed(1000), 64, 42L, null, false));
        assertThat(seen).hasSize(1000).doesNotHaveDuplicates();
        assertThat(seen.stream().sorted().toList()).isEqualTo(java.util.stream.IntStream.range(0, 1000).boxed().toList());
        assertThat(seen.subList(0, 20)).isNotEqualTo(java.util.stream.IntStream.range(0, 20).boxed().toList());
    }

    @Test
    void sameSeedSameOrderOtherSeedOtherOrder() {
        List<Integer> a = epoch(new BatchSource(indexed(500), 32, 7L, null, false));
        List<Integer> b = epoch(new BatchSource(indexed(500), 32, 7L, null, false));
        List<Integer> c = epoch(new BatchSource(indexed(500), 32, 8L, null, false));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        assertThat(a).containsExactlyElementsOf(Arrays.stream(BatchSource.shuffledOrder(500, 7L)).boxed().toList());
    }

    @Test
    void augmentationIsReproducibleFromTheSeed() {
        float[] first = collect(new BatchSource(indexed(100), 10, 3L, Augmentation.DEFAULT, false));
        float[] again = collect(new BatchSource(indexed(100), 10, 3L, Augmentation.DEFAULT, false));
        assertThat(first).containsExactly(again);
    }

    private static float[] collect(BatchSource source) {
        try (source) {
            List<float[]> parts = new ArrayList<>();
            source.forEachRemaining(b -> parts.add(b.data()));
            float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
            int at = 0;
            for (float[] p : parts) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
            return all;
        }
    }

    @Test
    void dropLastAndBatchCounts() {
        BatchSource dropping = new BatchSource(indexed(100), 32, 1L, null, true);
        assertThat(dropping.batchCount()).isEqualTo(3);
        assertThat(epoch(dropping)).hasSize(96);
        BatchSource keeping = new BatchSource(indexed(100), 32, 1L, null, false);
        assertThat(keeping.batchCount()).isEqualTo(4);
        assertThat(epoch(keeping)).hasSize(100);
        // a dataset smaller than one batch still yields that one batch
        assertThat(epoch(new BatchSource(indexed(5), 32, 1L, null, true))).hasSize(5);
        assertThat(epoch(new BatchSource(indexed(0), 32, 1L, null, false))).isEmpty();
    }

    @Test
    void inOrderVisitsIndicesInOrder() {
        assertThat(epoch(BatchSource.inOrder(indexed(70), 16)))
                .isEqualTo(java.util.stream.IntStream.range(0, 70).boxed().toList());
    }

    @Test
    void closeMidEpochStopsTheWorker() throws InterruptedException {
        BatchSource source = new BatchSource(indexed(5000), 8, 1L, Augmentation.DEFAULT, false);
        assertThat(source.hasNext()).isTrue();
        source.next();
        assertThat(source.workerAlive()).isTrue(); // blocked on the full prefetch queue
        source.close();
        assertThat(source.workerAlive()).isFalse();
        assertThat(source.hasNext()).isFalse();
        source.close(); // idempotent
    }

    @Test
    void exhaustionEndsTheWorkerWithoutClose() {
        BatchSource source = new BatchSource(indexed(50), 8, 1L, null, false);
        source.forEachRemaining(b -> { });
        assertThat(source.workerAlive()).isFalse();
        assertThat(source.hasNext()).isFalse();
    }

    @Test
    void unusedSourceStartsNoThreadAndIsIterableOnce() {
        BatchSource source = new BatchSource(indexed(50), 8, 1L, null, false);
        assertThat(source.workerAlive()).isFalse();
        source.iterator();
        assertThatThrownBy(source::iterator).isInstanceOf(IllegalStateException.class);
        source.close();
    }

    @Test
    void closeFromAnotherThreadWakesAWaitingConsumer() throws Exception {
        BatchSource source = new BatchSource(indexed(200_000), 4096, 1L, Augmentation.DEFAULT, false);
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                return;
            }
            source.close();
        });
        closer.start();
        int batches = 0;
        while (source.hasNext()) {
            source.next();
            batches++;
            Thread.sleep(5); // a slow consumer, so close() lands mid-epoch
        }
        closer.join();
        assertThat(batches).isLessThan(source.batchCount());
    }
}
