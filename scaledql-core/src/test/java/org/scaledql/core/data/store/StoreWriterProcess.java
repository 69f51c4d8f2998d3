package org.scaledql.core.data.store;

import java.nio.file.Path;

/** Starts writing a store in its own JVM and waits, so a test can kill it mid-write. Args: storeDir. */
public final class StoreWriterProcess {

    private StoreWriterProcess() {
    }

    /** Declares a game, writes rows, prints "writing" and sleeps until killed. */
    public static void main(String[] args) throws Exception {
        DiskStoreWriter w = TransitionStores.writer(Path.of(args[0]));
        w.declareGame("G", 4, new int[] {1, 8, 8}, 1f);
        for (int i = 0; i < 100_000; i++) {
            w.append("G", new byte[64], i % 4, 0f, i % 100 == 99);
        }
        System.out.println("writing");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
