/**
 * The {@code ./scaledql spark} commands (picocli): {@link org.scaledql.spark.cli.SparkCli} and its subcommands.
 */
package org.scaledql.spark.cli;
