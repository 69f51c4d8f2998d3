package org.scaledql.core.env;

import java.util.List;

/**
 * The testbed's shared observation layout: 10 binary channels at 10x10, by object role, so that one network
 * reads every game. Each game maps its own channels onto these (documented per game in docs/testbed.md);
 * several native channels may share one common channel (they are OR-ed).
 */
public final class CommonLayout {

    /** The player's own body or its main cell (player, paddle, cannon, chicken, sub front, snake head). */
    public static final int SELF = 0;
    /** The rest of the player (Seaquest sub back, snake body). */
    public static final int SELF_AUX = 1;
    /** Things that kill or must be avoided (enemies, cars, fish, aliens, ghosts, opponent paddle). */
    public static final int HAZARD = 2;
    /** A second kind of hazard (Seaquest enemy subs, which shoot). */
    public static final int HAZARD_ALT = 3;
    /** Things to reach or intercept (gold, ball, divers, fruit, food, pellets). */
    public static final int TARGET = 4;
    /** Static or slow structure (bricks, walls, logs, Seaquest oxygen gauge). */
    public static final int STRUCTURE = 5;
    /** The player's projectiles. */
    public static final int FRIENDLY_SHOT = 6;
    /** Enemy projectiles. */
    public static final int ENEMY_SHOT = 7;
    /** Motion trails (the cell an object just left, or the cell behind it). */
    public static final int TRAIL = 8;
    /** Game-specific extra bit (Seaquest diver gauge, Space Invaders left-moving aliens, Freeway fast-car trails). */
    public static final int AUX = 9;
    /** Number of common channels. */
    public static final int CHANNELS = 10;

    /** Channel names, in order. */
    public static final List<String> NAMES = List.of("self", "self_aux", "hazard", "hazard_alt", "target",
            "structure", "friendly_shot", "enemy_shot", "trail", "aux");

    /** Grayscale intensity per channel for the pixel rendering (0 = background). */
    private static final int[] INTENSITY = {255, 200, 150, 130, 230, 90, 215, 175, 60, 40};

    /** Drawing priority, highest first: the channel a cell's pixel takes when several are set. */
    private static final int[] PRIORITY = {SELF, TARGET, FRIENDLY_SHOT, ENEMY_SHOT, HAZARD, HAZARD_ALT, SELF_AUX,
        STRUCTURE, TRAIL, AUX};

    /** RGB colour per channel for GIF rendering. */
    private static final int[] RGB = {0xFFFF40, 0xC0C000, 0xFF3030, 0xFF40FF, 0x30FF30, 0x4060FF, 0xFFFFFF,
        0xFF9020, 0x505050, 0x00A0A0};

    private CommonLayout() {
    }

    /**
     * {@return the channel drawn for cell {@code cell} (= y * 10 + x) of a common observation, by priority, or -1 if
     * the cell is empty}
     *
     * @param common common observations
     * @param offset where the observation starts
     * @param cell   the cell
     */
    public static int topChannel(byte[] common, int offset, int cell) {
        for (int c : PRIORITY) {
            if (common[offset + c * 100 + cell] != 0) {
                return c;
            }
        }
        return -1;
    }

    /**
     * Grayscale intensity of a cell whose top channel is {@code channel} (-1: background, 0).
     *
     * @param channel a common-layout channel, or -1
     * @return the intensity, 0..255
     */
    public static int intensity(int channel) {
        return channel < 0 ? 0 : INTENSITY[channel];
    }

    /**
     * RGB colour of a cell whose top channel is {@code channel} (-1: black).
     *
     * @param channel a common-layout channel, or -1
     * @return {@code 0xRRGGBB}
     */
    public static int rgb(int channel) {
        return channel < 0 ? 0 : RGB[channel];
    }
}
