package org.scaledql.core.data.store;

import java.io.IOException;
import java.nio.file.Path;

/** Factories for transition stores and their writers. */
public final class TransitionStores {

    private TransitionStores() {
    }

    /** Opens an on-disk store read-only, verifying checksums. */
    public static DiskTransitionStore open(Path storeDir) throws IOException {
        return DiskTransitionStore.open(storeDir);
    }

    /** A writer that publishes an on-disk store at {@code storeDir} (which must not exist) on close. */
    public static DiskStoreWriter writer(Path storeDir) throws IOException {
        return DiskStoreWriter.create(storeDir);
    }

    /** A writer that collects a store in memory; call {@link InMemoryStoreWriter#store()} after close. */
    public static InMemoryStoreWriter inMemory() {
        return new InMemoryStoreWriter();
    }
}
