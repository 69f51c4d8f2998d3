package org.scaledql.core.data.sampling;

import java.util.List;
import org.scaledql.api.data.Sampler;
import org.scaledql.api.data.SamplerConfig;
import org.scaledql.api.data.TransitionStore;

/** Factories for samplers. */
public final class Samplers {

    private Samplers() {
    }

    /**
     * {@return a seeded sampler over {@code games} of {@code store}; the task id of a sample is its game's index in
     * {@code games}} All listed games must share one frame shape and observation scale.
     *
     * @param store  the data
     * @param games  the games, in taskId order
     * @param config the sampling settings
     * @throws java.util.NoSuchElementException if a listed game is not in the store
     * @throws IllegalArgumentException if the weighting does not fit the games or no game has sampleable rows
     */
    public static StoreSampler fromStore(TransitionStore store, List<String> games, SamplerConfig config) {
        return new StoreSampler(store, games, config);
    }

    /**
     * {@return a sampler over all games of {@code store}, in the store's order}
     *
     * @param store  the data
     * @param config the sampling settings
     */
    public static Sampler fromStore(TransitionStore store, SamplerConfig config) {
        return fromStore(store, store.games().stream().map(g -> g.name()).toList(), config);
    }
}
