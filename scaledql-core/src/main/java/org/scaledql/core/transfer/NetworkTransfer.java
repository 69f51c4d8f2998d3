package org.scaledql.core.transfer;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.QNetwork;
import org.scaledql.api.train.NetworkSpec;
import org.scaledql.api.transfer.TransferConfig;
import org.scaledql.core.nn.SameDiffQNetwork;

/**
 * Initialises a network for new games (or another action count, or a game variant) from a pre-trained one:
 * the parameters {@link TransferConfig#copies} selects are copied bit for bit, every other parameter (always the
 * heads) keeps the fresh initial value the new network's seed gives it.
 *
 * <pre>{@code
 * Pretrained p = Pretrained.load(Path.of("runs/demo/scaledQl"));
 * NetworkConfig target = p.network().config().withGames(1);             // one new game
 * NetworkTransfer.Result r = NetworkTransfer.apply(p.network(), target, TransferConfig.paper(), 7);
 * Trainer.builder(config, store, runDir).initialNetwork(r.network())
 *         .frozen(NetworkTransfer.frozen(TransferConfig.paper().withFreezeEncoder(true))) ...
 * }</pre>
 */
public final class NetworkTransfer {

    /**
     * A transferred network.
     *
     * @param network     the new network
     * @param copied      names of the parameters copied from the pre-trained network, in network order
     * @param initialized names of the freshly initialised parameters, in network order
     */
    public record Result(SameDiffQNetwork network, List<String> copied, List<String> initialized) {
        /**
         * Copies the lists.
         *
         * @param network     the new network
         * @param copied      names of the parameters copied from the pre-trained network, in network order
         * @param initialized names of the freshly initialised parameters, in network order
         */
        public Result {
            Objects.requireNonNull(network, "network");
            copied = List.copyOf(copied);
            initialized = List.copyOf(initialized);
        }
    }

    private NetworkTransfer() {
    }

    /**
     * Builds {@code target} with {@code seed} and copies the selected parameters of {@code pretrained} into it.
     *
     * @param pretrained the pre-trained network
     * @param target     the new network's config
     * @param transfer   what to copy
     * @param seed       seeds the parameters not copied
     * @return the new network
     * @throws IllegalArgumentException if the pieces to copy differ in shape: another observation shape or
     *                                  encoder; for the spatial embedding, another reduction; for the torso,
     *                                  another reduction or torso widths; or if {@code pretrained} has a custom encoder
     *                                  ({@link SameDiffQNetwork#customEncoder()})
     */
    public static Result apply(QNetwork pretrained, NetworkConfig target, TransferConfig transfer, long seed) {
        Objects.requireNonNull(pretrained, "pretrained");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(transfer, "transfer");
        // The new network is built from the config alone: from a custom encoder's network that would copy nothing
        // of the encoder, or put the heads on an encoder they were not trained with.
        checkArgument(!(pretrained instanceof SameDiffQNetwork n && n.customEncoder().isPresent()),
                "NetworkTransfer builds the new network from its config, which cannot hold the pre-trained network's "
                        + "custom encoder; build it with SameDiffQNetwork.create(target, encoderFactory, seed) and copy "
                        + "the parameters you want by name (loadParameters or INDArray.assign)");
        checkCompatible(pretrained.config(), target, transfer);
        SameDiffQNetwork net = SameDiffQNetwork.create(target, seed);
        Map<String, INDArray> source = pretrained.parameters();
        List<String> copied = new ArrayList<>();
        List<String> initialized = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
            String name = e.getKey();
            if (!transfer.copies(name)) {
                initialized.add(name);
                continue;
            }
            INDArray from = source.get(name);
            checkArgument(from != null && Arrays.equals(from.shape(), e.getValue().shape()),
                    "cannot copy parameter %s: the pre-trained network has %s, the new one needs shape %s", name,
                    from == null ? "no such parameter" : "shape " + Arrays.toString(from.shape()),
                    Arrays.toString(e.getValue().shape()));
            e.getValue().assign(from.castTo(e.getValue().dataType()));
            copied.add(name);
        }
        return new Result(net, copied, initialized);
    }

    /**
     * {@return the parameters to keep fixed during fine-tuning under {@code transfer} (for the trainer or training
     * step)}
     *
     * @param transfer what is transferred
     */
    public static Predicate<String> frozen(TransferConfig transfer) {
        Objects.requireNonNull(transfer, "transfer");
        return transfer::freezes;
    }

    /**
     * {@return the network part of a training config that rebuilds {@code config}'s architecture for other games}
     *
     * @param config a network config
     */
    public static NetworkSpec spec(NetworkConfig config) {
        return new NetworkSpec(config.encoder(), config.reduction(), config.torsoWidths(), config.featureNormalization(),
                config.head());
    }

    private static void checkCompatible(NetworkConfig from, NetworkConfig to, TransferConfig t) {
        checkArgument(Arrays.equals(from.observationShape(), to.observationShape()),
                "the encoder is copied, so observations must keep their shape [C, H, W]: the pre-trained network takes "
                        + "%s, the new one %s (use the same frame stack and observation format)",
                Arrays.toString(from.observationShape()), Arrays.toString(to.observationShape()));
        checkArgument(from.encoder().equals(to.encoder()),
                "the encoder is copied, so it must be the same: the pre-trained network has %s, the new one %s",
                from.encoder(), to.encoder());
        if (t.copySpatialEmbedding() || t.copyTorso()) {
            checkArgument(from.reduction() == to.reduction(),
                    "copying the %s needs the same feature reduction: the pre-trained network has %s, the new one %s",
                    t.copyTorso() ? "torso" : "spatial embedding", from.reduction(), to.reduction());
        }
        if (t.copyTorso()) {
            checkArgument(Arrays.equals(from.torsoWidths(), to.torsoWidths()),
                    "copying the torso needs the same torso widths: the pre-trained network has %s, the new one %s",
                    Arrays.toString(from.torsoWidths()), Arrays.toString(to.torsoWidths()));
        }
    }
}
