/**
 * Programs that assemble the library's pieces into experiments of their own (docs/custom-experiments.md):
 * {@link org.scaledql.examples.custom.CustomLoopExample}, a training loop with an extra loss term and the TD
 * targets as a component.
 */
package org.scaledql.examples.custom;
