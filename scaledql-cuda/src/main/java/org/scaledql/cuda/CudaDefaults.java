package org.scaledql.cuda;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GPU settings scaledql applies at start-up on the CUDA backend. Every field is one ND4J knob; the defaults and
 * why are in {@link #recommended()} and {@code docs/cuda.md}. Settings ND4J M2.1 accepts but never reads (its
 * Java-side device cache sizes) are deliberately absent.
 *
 * @param singleDevice    pin ND4J to one GPU ({@code allowMultiGPU(false)}): the learner runs on one device, and
 *                        ND4J's multi-GPU mode tracks per-device replicas of arrays and copies between devices
 * @param gcWindowMs      minimum milliseconds between the {@code System.gc()} calls ND4J's memory manager makes
 *                        to release device buffers of unreachable arrays ({@code setAutoGcWindow}); 0 switches
 *                        periodic GC off
 * @param platformHelpers allow ND4J's platform helpers ({@code allowHelpers}): cuDNN convolutions and pooling
 *                        when the cuDNN build ({@code -Pcudnn}) is on the classpath
 */
public record CudaDefaults(boolean singleDevice, long gcWindowMs, boolean platformHelpers) {

    /** Validates the window. */
    public CudaDefaults {
        if (gcWindowMs < 0) {
            throw new IllegalArgumentException("gcWindowMs is a duration and must be >= 0 (0 turns periodic GC off); got "
                    + gcWindowMs);
        }
    }

    /**
     * One device; periodic GC at most every 5 s instead of ND4J's 100 ms (a training step at batch 256 allocates
     * hundreds of MB of activations, so a call every 100 ms costs throughput while 5 s still returns memory
     * between steps); platform helpers on.
     */
    public static CudaDefaults recommended() {
        return new CudaDefaults(true, 5_000, true);
    }

    /**
     * Applies the settings if {@code backend} is CUDA; call before the first array is created on the device.
     *
     * @return one line per setting applied (empty on the CPU backend, where nothing is changed)
     */
    public List<String> apply(Backend backend) {
        List<String> applied = new ArrayList<>();
        if (backend != Backend.CUDA) {
            return applied;
        }
        if (singleDevice) {
            JcublasSettings.forceSingleDevice();
            applied.add("CudaEnvironment: allowMultiGPU(false)");
        }
        if (gcWindowMs == 0) {
            Nd4j.getMemoryManager().togglePeriodicGc(false);
            applied.add("MemoryManager: periodic GC off");
        } else {
            Nd4j.getMemoryManager().togglePeriodicGc(true);
            Nd4j.getMemoryManager().setAutoGcWindow((int) Math.min(Integer.MAX_VALUE, gcWindowMs));
            applied.add("MemoryManager: auto GC window " + gcWindowMs + " ms");
        }
        Nd4j.getEnvironment().allowHelpers(platformHelpers);
        applied.add("Environment: allowHelpers(" + platformHelpers + ")");
        return applied;
    }
}
