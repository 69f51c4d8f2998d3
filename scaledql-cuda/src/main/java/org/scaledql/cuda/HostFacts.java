package org.scaledql.cuda;

import java.util.Objects;

/**
 * What backend selection needs to know about the process, gathered without initialising ND4J.
 *
 * @param cpuBackendPresent  ND4J's CPU backend class is on the classpath
 * @param cudaBackendPresent ND4J's CUDA backend class and its native library for this platform are on the
 *                           classpath (the Java classes alone, as in the default build, do not count)
 * @param gpus               whether a GPU is visible
 */
public record HostFacts(boolean cpuBackendPresent, boolean cudaBackendPresent, GpuVisibility gpus) {

    /** Validates that the visibility is given. */
    public HostFacts {
        Objects.requireNonNull(gpus, "gpus");
    }
}
