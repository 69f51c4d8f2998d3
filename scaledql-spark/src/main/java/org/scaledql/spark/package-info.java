/**
 * Apache Spark jobs over scaledql data.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.spark.SparkDqnReplayImport}: DQN-Replay dumps imported in parallel into a sharded
 *   store, the store manifest written last.</li>
 *   <li>{@link org.scaledql.spark.SparkEvaluate}: testbed evaluation with one task per game, the same report as
 *   one evaluator.</li>
 * </ul>
 */
package org.scaledql.spark;
