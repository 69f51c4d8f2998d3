/**
 * The five MinAtar games (Young and Tian 2019), implemented from the behavioural spec with the reference's
 * exact order of random draws, so the reference's conformance traces replay step by step.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.env.minatar.Asterix}, {@link org.scaledql.core.env.minatar.Breakout},
 *       {@link org.scaledql.core.env.minatar.Freeway}, {@link org.scaledql.core.env.minatar.Seaquest},
 *       {@link org.scaledql.core.env.minatar.SpaceInvaders}.</li>
 * </ul>
 */
package org.scaledql.core.env.minatar;
