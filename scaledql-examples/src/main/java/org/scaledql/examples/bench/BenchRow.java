package org.scaledql.examples.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.scaledql.api.dt.DecisionTransformerConfig;
import org.scaledql.api.nn.NetworkConfig;

/**
 * One benchmarked case: a named network at one batch size; a Scaled QL training step, or for a row with a {@code
 * decisionTransformer} config, a Decision Transformer training step on windows of that many steps each.
 *
 * @param network             short name ({@code nature}, {@code impala}, {@code resnet18}, {@code resnet34},
 *                            {@code testbed}, {@code dt})
 * @param batch               minibatch size B (transitions, or windows for the Decision Transformer)
 * @param config              the full network config (encoder, heads, games, actions); for a Decision Transformer
 *                            row, its observation shape, games and actions are the synthetic data's and its
 *                            encoder is the model's, and its torso and heads are not used
 * @param decisionTransformer the Decision Transformer of a {@code dt} row; null for a Scaled QL row
 */
public record BenchRow(String network, int batch, NetworkConfig config, DecisionTransformerConfig decisionTransformer) {

    /** Validates the name and batch size, and that a Decision Transformer row's encoder is its config's. */
    public BenchRow {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(config, "config");
        checkArgument(batch >= 1, "a bench row needs batch >= 1; got batch=%s for %s", batch, network);
        checkArgument(decisionTransformer == null || decisionTransformer.encoder().equals(config.encoder()),
                "row %s: the Decision Transformer's encoder %s must be the config's %s", network,
                decisionTransformer == null ? null : decisionTransformer.encoder(), config.encoder());
    }

    /**
     * A Scaled QL row.
     *
     * @param network short name
     * @param batch   minibatch size
     * @param config  the network
     */
    public BenchRow(String network, int batch, NetworkConfig config) {
        this(network, batch, config, null);
    }

    /** The row's id, {@code network/batch}, as {@code --rows} accepts it. */
    public String id() {
        return network + "/" + batch;
    }
}
