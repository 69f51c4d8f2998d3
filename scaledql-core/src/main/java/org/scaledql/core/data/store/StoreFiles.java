package org.scaledql.core.data.store;

/** File names inside a game's folder of a store. */
final class StoreFiles {
    static final String FRAMES = "frames.npy";
    static final String ACTIONS = "actions.npy";
    static final String REWARDS = "rewards.npy";
    static final String FLAGS = "flags.npy";

    private StoreFiles() {
    }
}
