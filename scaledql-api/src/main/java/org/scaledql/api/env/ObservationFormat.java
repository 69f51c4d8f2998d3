package org.scaledql.api.env;

/** How an {@link Environment} draws its observation. */
public enum ObservationFormat {
    /** The game's own binary channels at 10x10, e.g. MinAtar's layout: {@code [C_game, 10, 10]}. */
    NATIVE,
    /**
     * The testbed's shared layout, the same for every game so one network plays them all:
     * {@code [10, 10, 10]} binary channels by object role (see docs/testbed.md).
     */
    COMMON,
    /**
     * The common layout rendered to 84x84 grayscale (intensity by role), the last 4 frames stacked:
     * {@code [4, 84, 84]} uint8, the Atari-shaped pipeline.
     */
    PIXELS
}
