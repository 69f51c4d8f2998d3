/**
 * The CUDA backend module: puts ND4J's CUDA backend on the classpath so that unchanged scaledql code runs on
 * NVIDIA GPUs. See {@code docs/cuda.md} for what is verified.
 *
 * <p>Contents: nothing yet beyond this package; backend selection and device reporting follow.
 */
package org.scaledql.cuda;
