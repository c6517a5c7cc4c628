package org.cmpnas.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Tunes glibc's malloc, which libtorch allocates every tensor with, so that freed tensor memory is
 * reused instead of handed back to the kernel.
 *
 * <p>A JVM calls libtorch from threads that malloc serves from per-thread arenas of 64 MB heaps. A
 * batch of 256 images needs more native memory than one heap, and glibc by default deletes or
 * shrinks (MADV_DONTNEED) a heap as soon as its top is free again: every batch then maps fresh
 * zero pages, thousands of page faults per batch, measured here as about a third of the embedding
 * time of resnet-q. Python's main thread allocates from the main arena, which keeps its memory.
 * Keeping a top pad of one heap stops both the deletion and the shrinking; the mmap threshold (fixed
 * by the first call) is set to glibc's largest dynamic value, so that tensors up to 32 MB come from
 * the heaps too. The price: the process keeps its peak native memory instead of returning it.
 */
public final class NativeHeap {
    /** mallopt parameters of glibc's malloc.h. */
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    /** glibc's HEAP_MAX_SIZE on 64-bit: the size of one per-thread arena heap. */
    static final int TOP_PAD = 64 << 20;
    /** glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64-bit, the largest threshold it would pick by itself. */
    static final int MMAP_THRESHOLD = 32 << 20;

    private static volatile boolean tuned;

    private NativeHeap() {
    }

    /** glibc's mallopt(3); returns 1 on success. */
    private interface LibC extends Library {
        int mallopt(int param, int value);
    }

    /**
     * Applies the settings once per process; true when they are in effect. Anything but Linux on glibc
     * (or a missing libc binding) is left alone: the engine is only slower there.
     */
    public static synchronized boolean retainFreedMemory() {
        if (tuned || !Platform.isLinux()) {
            return tuned;
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            tuned = libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 && libc.mallopt(M_TOP_PAD, TOP_PAD) == 1;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            tuned = false;
        }
        return tuned;
    }
}
