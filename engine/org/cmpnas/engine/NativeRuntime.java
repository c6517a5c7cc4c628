package org.cmpnas.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Settings of the C runtime under libtorch that a JVM cannot pass on the command line. Call
 * {@link #prepare()} first thing in {@code main}, before DJL loads libtorch.
 *
 * <p><b>Freed tensor memory is kept.</b> libtorch allocates every tensor with glibc's malloc. A JVM
 * calls it from threads that malloc serves from per-thread arenas of 64 MB heaps; a batch of 256
 * images needs more native memory than one heap, and glibc by default deletes or shrinks
 * (MADV_DONTNEED) a heap as soon as its top is free again, so every batch maps fresh zero pages:
 * thousands of page faults per batch, measured here as about a third of the CPU time of embedding
 * with resnet-q. (Python's main thread allocates from the main arena, which keeps its memory.) A
 * top pad of one heap stops both the deletion and the shrinking; the mmap threshold, which any
 * mallopt call freezes, is set to the largest value glibc would pick by itself, so tensors up to 32 MB
 * come from the heaps too. The price: the process keeps its peak native memory.
 *
 * <p><b>Idle OpenMP threads sleep soon</b> (OMP_WAIT_POLICY=PASSIVE, unless the environment says
 * otherwise), as the launcher script and the PyTorch peer benchmark set it: by default they spin for a
 * long while, and on a machine that other processes also load, that made embedding 5 to 10 times
 * slower here. With PASSIVE they spin briefly first (GOMP_SPINCOUNT=10000, a few microseconds, unless
 * set): a convolution's threads are then usually still awake for the next one, worth 5 to 10 % on
 * resnet-q's small convolutions, and still measured no slower than none on a loaded machine.
 */
public final class NativeRuntime {
    /** mallopt parameters of glibc's malloc.h. */
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    /** glibc's HEAP_MAX_SIZE on 64-bit: the size of one per-thread arena heap. */
    static final int TOP_PAD = 64 << 20;
    /** glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64-bit, the largest threshold it would pick by itself. */
    static final int MMAP_THRESHOLD = 32 << 20;
    /** Busy-wait iterations of an idle libgomp thread before it sleeps. */
    static final String SPIN_COUNT = "10000";

    private static String applied;

    private NativeRuntime() {
    }

    /** The C library functions used here. */
    private interface LibC extends Library {
        /** Returns 1 on success. */
        int mallopt(int param, int value);

        /** Returns 0 on success; with overwrite 0 an existing value stays. */
        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }

    /**
     * Applies both settings once per process and says what is in effect, e.g. for a benchmark's log.
     * Anything but Linux (or a C library without these functions) is left alone.
     */
    public static synchronized String prepare() {
        if (applied != null) {
            return applied;
        }
        if (!Platform.isLinux()) {
            applied = "not Linux: malloc and OpenMP defaults";
            return applied;
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            boolean kept = libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 && libc.mallopt(M_TOP_PAD, TOP_PAD) == 1;
            libc.setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
            String policy = libc.getenv("OMP_WAIT_POLICY");
            if ("PASSIVE".equalsIgnoreCase(policy)) {
                libc.setenv("GOMP_SPINCOUNT", SPIN_COUNT, 0);
            }
            String spin = libc.getenv("GOMP_SPINCOUNT");
            applied = (kept ? "malloc keeps freed memory" : "malloc defaults (mallopt refused)")
                    + ", OMP_WAIT_POLICY=" + policy + (spin == null ? "" : ", GOMP_SPINCOUNT=" + spin);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            applied = "malloc and OpenMP defaults (" + e.getMessage() + ")";
        }
        return applied;
    }
}
