package org.scaledql.cuda;

import org.nd4j.jita.conf.CudaEnvironment;

/**
 * The only class that names ND4J's CUDA configuration classes. It is loaded only when the CUDA backend runs,
 * so {@link CudaDefaults} also loads on classpaths without {@code nd4j-cuda-11.6}.
 */
final class JcublasSettings {

    private JcublasSettings() {
    }

    static void forceSingleDevice() {
        CudaEnvironment.getInstance().getConfiguration().allowMultiGPU(false);
    }
}
