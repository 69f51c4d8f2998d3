package org.scaledql.core.data.store;

/** Bits of the per-row {@code flags.npy} column of a store. */
final class RowFlags {

    /** The episode ended (terminal) right after this row. */
    static final int TERMINAL = 1;
    /** The episode was cut after this row without a terminal; its next frame was not stored. */
    static final int TRUNCATED = 2;
    /** This row is the first of an episode. */
    static final int EPISODE_START = 4;

    private RowFlags() {
    }
}
