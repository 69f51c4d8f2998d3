package org.scaledql.core.runtime;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How many threads ND4J's native ops (libnd4j's own loops and oneDNN's OpenMP kernels) use per calling thread.
 *
 * <p>Why it matters (docs/performance.md, "Thread settings"): on the testbed's 10x10 networks one native thread
 * per op is about twice as fast as two (testbed/32: 86 against 172 ms per step on 2 cores), because each op is
 * too small to pay for waking a second thread; on 84x84 networks two threads are 1.3x faster. Setting it here,
 * at run time, is equivalent to starting the JVM with {@code OMP_NUM_THREADS} (measured: 64-68 against 67-72
 * ms), which the environment variable still overrides: {@link #limitUnlessConfigured} leaves an explicit
 * {@code OMP_NUM_THREADS} alone.
 *
 * <p><b>Per thread.</b> OpenMP keeps the thread count per calling thread: {@code OMP_NUM_THREADS} sets every
 * thread's default, but a run-time setting reaches only the thread that made it. A thread that runs training ops
 * calls {@link #applyToCurrentThread()} first ({@code Trainer} and the data-parallel workers do), or it uses all
 * cores per op: two demo runs on two Java threads trained at 16-17 steps/s each that way, against 36-44 with the
 * setting on each thread (docs/demo.md, "Throughput").
 */
public final class NativeThreads {

    /** Frames of at most this many pixels ({@code H * W}) are "small": one native thread is faster for them. */
    public static final int SMALL_FRAME_PIXELS = 32 * 32;

    private static volatile int chosen; // 0: never set at run time

    private NativeThreads() {
    }

    /**
     * Applies the count last given to {@link #set} to the calling thread (OpenMP's setting is per thread); does
     * nothing if none was set at run time (then {@code OMP_NUM_THREADS} or the runtime's default applies).
     */
    public static void applyToCurrentThread() {
        int n = chosen;
        if (n > 0) {
            setOmp(n);
        }
    }

    /**
     * {@return whether networks on frames of this shape run faster with one native thread: true for frames of at most
     * {@link #SMALL_FRAME_PIXELS} pixels (measured: 10x10 testbed 2x faster; 84x84 Atari 1.3x slower)}
     *
     * @param frameShape {@code [C, H, W]}
     */
    public static boolean prefersOneThread(List<Integer> frameShape) {
        checkArgument(frameShape.size() == 3, "frame shape must be [C, H, W]; got %s", frameShape);
        return (long) frameShape.get(1) * frameShape.get(2) <= SMALL_FRAME_PIXELS;
    }

    /**
     * Sets the native thread count for later ops of the calling thread, and the count that
     * {@link #applyToCurrentThread()} gives other threads.
     *
     * @param threads at least 1
     */
    public static void set(int threads) {
        checkArgument(threads >= 1, "native threads must be >= 1; got %s", threads);
        chosen = threads;
        setOmp(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
    }

    /** The calling thread's OpenMP thread count ({@code omp_get_max_threads}), through the backend's native API. */
    static int currentThreadOmpThreads() {
        return (int) callNativeOps("ompGetMaxThreads", new Class<?>[0]);
    }

    /** Sets the calling thread's OpenMP thread count, through the backend's native API. */
    private static void setOmp(int threads) {
        callNativeOps("setOmpNumThreads", new Class<?>[] {int.class}, threads);
    }

    /**
     * Calls a method of the backend's {@code NativeOps}. Through reflection: NativeOpsHolder lives in the backends'
     * shared native API, which core does not depend on at compile time (LayeringTest: core names no backend).
     */
    private static Object callNativeOps(String method, Class<?>[] types, Object... args) {
        Nd4j.getEnvironment(); // loads the backend, which NativeOpsHolder needs
        try {
            Class<?> holder = Class.forName("org.nd4j.nativeblas.NativeOpsHolder");
            Object ops = holder.getMethod("getDeviceNativeOps").invoke(holder.getMethod("getInstance").invoke(null));
            return Class.forName("org.nd4j.nativeblas.NativeOps").getMethod(method, types).invoke(ops, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call NativeOps." + method + " through the ND4J backend", e);
        }
    }

    /**
     * Sets the native thread count unless the user chose one with {@code OMP_NUM_THREADS}.
     *
     * @param threads native threads, at least 1
     * @return the count now in force as far as this class knows: {@code threads}, or the environment's value
     */
    public static String limitUnlessConfigured(int threads) {
        String env = System.getenv("OMP_NUM_THREADS");
        if (env != null && !env.isBlank()) {
            return env + " (OMP_NUM_THREADS)";
        }
        set(threads);
        return Integer.toString(threads);
    }
}
