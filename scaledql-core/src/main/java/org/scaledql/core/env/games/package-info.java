/**
 * The testbed's own games, in MinAtar's conventions (10x10 binary grid, the 6-action set), each with a
 * scripted expert.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.env.games.Catch}: catch falling fruit.</li>
 *   <li>{@link org.scaledql.core.env.games.Pong}: first to 5 against a lagging opponent.</li>
 *   <li>{@link org.scaledql.core.env.games.Snake}: eat and grow.</li>
 *   <li>{@link org.scaledql.core.env.games.Frogger}: cross a road and a river of logs.</li>
 *   <li>{@link org.scaledql.core.env.games.Maze}: eat pellets, avoid two ghosts.</li>
 * </ul>
 */
package org.scaledql.core.env.games;
