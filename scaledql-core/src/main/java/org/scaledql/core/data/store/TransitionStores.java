package org.scaledql.core.data.store;

import java.io.IOException;
import java.nio.file.Path;

/** Factories for transition stores and their writers. */
public final class TransitionStores {

    private TransitionStores() {
    }

    /**
     * Opens an on-disk store read-only, verifying checksums.
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

    /** {@return a writer that collects a store in memory; call {@link InMemoryStoreWriter#store()} after close} */
    public static InMemoryStoreWriter inMemory() {
        return new InMemoryStoreWriter();
    }
}
