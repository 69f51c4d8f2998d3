/**
 * Headless XChart plots of evaluation results, written as PNG or SVG: rliable's aggregate-estimate figure,
 * performance profiles, learning curves and scaling curves.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.plot.Plots}: builds each kind of figure from metric results.</li>
 *   <li>{@link org.scaledql.core.plot.Figure}: a grid of chart panels, saved atomically as PNG or SVG.</li>
 *   <li>{@link org.scaledql.core.plot.Curve}: a series of x values with an interval per point.</li>
 * </ul>
 */
package org.scaledql.core.plot;
