package org.scaledql.core.data.store;

import java.io.IOException;
import java.nio.file.Path;

/** Factories for transition stores and their writers. */
public final class TransitionStores {

    private TransitionStores() {
    }

    /**
     * Opens an on-disk store (plain or sharded) read-only, verifying the files that are new or changed since their
     * last verification ({@link DiskTransitionStore.Verification#INCREMENTAL}).
     *
     * @param storeDir the store directory
     * @return the store
     * @throws IOException if reading or writing fails
     */
    public static DiskTransitionStore open(Path storeDir) throws IOException {
        return DiskTransitionStore.open(storeDir);
    }

    /**
     * {@return a writer that publishes an on-disk store at {@code storeDir} (which must not exist) on close}
     *
     * @param storeDir where the store will appear
     * @throws IOException if reading or writing fails
     */
    public static DiskStoreWriter writer(Path storeDir) throws IOException {
        return DiskStoreWriter.create(storeDir);
    }

    /**
     * Publishes a sharded store: {@code storeDir} holds complete stores (each written by a {@link #writer}) in
     * the folders {@code shardDirs}; this writes the store's manifest listing them, last and atomically. A game's
     * rows are then the concatenation of its rows in each shard in this order.
     *
     * @param storeDir  the store folder, holding the shards
     * @param shardDirs the shard folders relative to {@code storeDir}, in row order
     * @throws IOException if a shard is not a complete store, or the store is already published
     */
    public static void publishShards(Path storeDir, java.util.List<String> shardDirs) throws IOException {
        ShardManifest.publish(storeDir, shardDirs);
    }

    /** {@return a writer that collects a store in memory; call {@link InMemoryStoreWriter#store()} after close} */
    public static InMemoryStoreWriter inMemory() {
        return new InMemoryStoreWriter();
    }
}
