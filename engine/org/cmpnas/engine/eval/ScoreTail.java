package org.cmpnas.engine.eval;

import java.util.Arrays;

/**
 * The largest {@code capacity} values of a stream, in a primitive min-heap: how the impostor scores
 * of millions of pairs are reduced to the few that decide a FAR threshold.
 */
final class ScoreTail {
    private final float[] heap;
    private int size;

    ScoreTail(int capacity) {
        heap = new float[Math.max(0, capacity)];
    }

    void offer(float v) {
        if (size < heap.length) {
            heap[size] = v;
            siftUp(size++);
        } else if (heap.length > 0 && v > heap[0]) {
            heap[0] = v;
            siftDown(0);
        }
    }

    /** The kept values, largest first. */
    float[] descending() {
        float[] sorted = Arrays.copyOf(heap, size);
        Arrays.sort(sorted);
        for (int i = 0, j = sorted.length - 1; i < j; i++, j--) {
            float t = sorted[i];
            sorted[i] = sorted[j];
            sorted[j] = t;
        }
        return sorted;
    }

    private void siftUp(int i) {
        float v = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= v) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = v;
    }

    private void siftDown(int i) {
        float v = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (v <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = v;
    }
}
