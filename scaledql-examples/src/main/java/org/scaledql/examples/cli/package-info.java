/**
 * The {@code ./scaledql} command-line application (picocli): one class per subcommand, registered in
 * {@link org.scaledql.examples.cli.ScaledQlCli}.
 */
package org.scaledql.examples.cli;
