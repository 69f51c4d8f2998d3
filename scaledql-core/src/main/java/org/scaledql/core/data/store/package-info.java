/**
 * The transition store: each game's frames stored once, with actions, rewards and episode flags, as plain
 * {@code .npy} columns in one folder per store, memory-mapped for reading (format: {@code docs/data.md}).
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.core.data.store.TransitionStores}: open a store, create a writer.</li>
 *   <li>{@link org.scaledql.core.data.store.DiskStoreWriter}: atomic, checksummed on-disk writer.</li>
 *   <li>{@link org.scaledql.core.data.store.DiskTransitionStore}: the reader of plain and sharded stores; opening
 *   reads manifests and headers, and verifies only files that are new or changed since their last verdict.</li>
 *   <li>{@link org.scaledql.core.data.store.InMemoryStoreWriter}: the same store in heap arrays.</li>
 *   <li>{@link org.scaledql.core.data.store.StoreSummary}: per-game counts and episode statistics.</li>
 *   <li>{@link org.scaledql.core.data.store.StoreFormatException}: a missing, modified or incomplete store.</li>
 * </ul>
 */
package org.scaledql.core.data.store;
