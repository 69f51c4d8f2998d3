package org.scaledql.examples.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.scaledql.api.nn.NetworkConfig;

/**
 * One benchmarked case: a named network at one batch size.
 *
 * @param network short name ({@code nature}, {@code impala}, {@code resnet18}, {@code resnet34}, {@code testbed})
 * @param batch   minibatch size B
 * @param config  the full network config (encoder, heads, games, actions)
 */
public record BenchRow(String network, int batch, NetworkConfig config) {

    /** Validates the name and batch size. */
    public BenchRow {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(config, "config");
        checkArgument(batch >= 1, "a bench row needs batch >= 1; got batch=%s for %s", batch, network);
    }

    /** The row's id, {@code network/batch}, as {@code --rows} accepts it. */
    public String id() {
        return network + "/" + batch;
    }
}
