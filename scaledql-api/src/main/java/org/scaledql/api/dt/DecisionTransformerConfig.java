package org.scaledql.api.dt;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.scaledql.api.nn.EncoderConfig;
import org.scaledql.api.nn.ResNetConfig;

/**
 * A multi-game Decision Transformer (Lee et al. 2022, "Multi-Game Decision Transformers"): each time step of a
 * window of {@code context} steps becomes three tokens, the observation (encoded by {@code encoder} and projected to
 * {@code width}), the discretized return-to-go and the action, in that order; a GPT-2-style causal transformer
 * ({@code layers} pre-layer-norm blocks of {@code heads} heads) reads them; the observation token's output predicts
 * the return-to-go's bin and the return token's output predicts the action, each through a per-game head. Training
 * minimises the cross-entropy of both predictions on the data (Lee et al. model returns as well as actions).
 *
 * @param encoder      the observation encoder (the library's encoders; its spatial output is flattened)
 * @param context      time steps per window {@code K}, at least 1
 * @param width        the model width {@code D}, divisible by {@code heads}, at least 2
 * @param layers       transformer blocks, at least 1
 * @param heads        attention heads per block, at least 1
 * @param returnBins   bins of each game's return-to-go range, at least 2
 * @param steps        gradient steps, at least 1
 * @param batchSize    windows per step, at least 1
 * @param learningRate Adam's learning rate, positive
 * @param seed         seeds the parameters and the sampler
 */
public record DecisionTransformerConfig(EncoderConfig encoder, int context, int width, int layers, int heads,
        int returnBins, long steps, int batchSize, double learningRate, long seed) {

    /**
     * Validates every field.
     *
     * @param encoder      the observation encoder
     * @param context      time steps per window
     * @param width        the model width
     * @param layers       transformer blocks
     * @param heads        attention heads per block
     * @param returnBins   bins of each game's return-to-go range
     * @param steps        gradient steps
     * @param batchSize    windows per step
     * @param learningRate Adam's learning rate
     * @param seed         the seed
     */
    public DecisionTransformerConfig {
        Objects.requireNonNull(encoder, "encoder");
        checkArgument(context >= 1, "context must be >= 1 time step; got %s", context);
        checkArgument(width >= 2 && heads >= 1 && width % heads == 0,
                "width must be >= 2 and divisible by heads; got width %s, heads %s", width, heads);
        checkArgument(layers >= 1, "layers must be >= 1; got %s", layers);
        checkArgument(returnBins >= 2, "returnBins must be >= 2; got %s", returnBins);
        checkArgument(steps >= 1, "steps must be >= 1; got %s", steps);
        checkArgument(batchSize >= 1, "batchSize must be >= 1; got %s", batchSize);
        checkArgument(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be positive; got %s",
                learningRate);
    }

    /**
     * {@return the testbed preset {@code dt-small}: the demo network's encoder (ResNet-18 at width 0.125, group norm),
     * a context of 8 steps, width 96, 2 blocks of 4 heads, 50 return bins, batch 32, Adam 3e-4 (Chen et al.
     * 2021's Atari rate is 6e-4 at batch 128), 10,000 steps. On the demo's six games it has 457,724 parameters,
     * within 9% of the demo's Scaled QL network (421,244), so the two compare at matched size (docs/dt.md)}
     */
    public static DecisionTransformerConfig small() {
        return new DecisionTransformerConfig(new ResNetConfig(18, 0.125, 4, ResNetConfig.Stem.SMALL), 8, 96, 2, 4,
                50, 10_000, 32, 3e-4, 0);
    }

    /**
     * {@return a copy with another number of steps}
     *
     * @param n gradient steps
     */
    public DecisionTransformerConfig withSteps(long n) {
        return new DecisionTransformerConfig(encoder, context, width, layers, heads, returnBins, n, batchSize,
                learningRate, seed);
    }

    /**
     * {@return a copy with another seed}
     *
     * @param s the seed
     */
    public DecisionTransformerConfig withSeed(long s) {
        return new DecisionTransformerConfig(encoder, context, width, layers, heads, returnBins, steps, batchSize,
                learningRate, s);
    }
}
