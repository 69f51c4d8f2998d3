/**
 * The demo: the main job (dataset generation, Scaled QL and BC training, evaluation, report) as one program.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.examples.demo.MultiGameDemo}: the pipeline, its settings and its summary.</li>
 * </ul>
 */
package org.scaledql.examples.demo;
