package org.scaledql.core.data.store;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Checks the values of one small column as its bytes stream past, in row order, against what the writer
 * ({@link AbstractStoreWriter}) enforces: a checksum only proves the bytes are the ones the manifest names, and a
 * store rewritten with numpy and a recomputed CRC would otherwise hand out actions no head has, NaN rewards or
 * undefined flags. Keeps the first problem as a message naming the file, row, value and the expected range.
 */
abstract class ValueCheck {

    final Path file;
    final String game;
    /** Rows scanned so far (the index of the next row). */
    long row;
    /** The first problem found, or null. */
    String problem;

    ValueCheck(Path file, String game) {
        this.file = file;
        this.game = game;
    }

    /** The check for a column, or null for columns without value rules (frames: every byte is a valid pixel). */
    static ValueCheck forColumn(String column, Path file, String game, int numActions) {
        return switch (column) {
            case StoreFiles.ACTIONS -> new Actions(file, game, numActions);
            case StoreFiles.REWARDS -> new Rewards(file, game);
            case StoreFiles.FLAGS -> new Flags(file, game);
            default -> null;
        };
    }

    /**
     * Scans the next rows; {@code b} holds whole elements from position 0 to its limit, in little-endian order.
     * Not called again once a problem was found.
     */
    abstract void scan(ByteBuffer b);

    /** Called once after the last row (rules about the end of the column). */
    void finish() {
    }

    final void fail(long at, String what) {
        problem = file + ": row " + at + ": " + what;
    }

    /** Actions lie in {@code [0, numActions)}: the game's head has exactly that many outputs. */
    static final class Actions extends ValueCheck {
        private final int numActions;

        Actions(Path file, String game, int numActions) {
            super(file, game);
            this.numActions = numActions;
        }

        @Override
        void scan(ByteBuffer b) {
            int n = b.limit() / Integer.BYTES;
            for (int i = 0; i < n; i++) {
                int a = b.getInt(i * Integer.BYTES);
                if (a < 0 || a >= numActions) {
                    fail(row + i, "action " + a + " is outside [0, " + numActions + ") (game " + game + " has "
                            + numActions + " actions)");
                    return;
                }
            }
            row += n;
        }
    }

    /** Rewards are finite: one NaN makes every TD target it reaches NaN. */
    static final class Rewards extends ValueCheck {
        Rewards(Path file, String game) {
            super(file, game);
        }

        @Override
        void scan(ByteBuffer b) {
            int n = b.limit() / Float.BYTES;
            for (int i = 0; i < n; i++) {
                float r = b.getFloat(i * Float.BYTES);
                if (!Float.isFinite(r)) {
                    fail(row + i, "reward " + r + " (bits 0x" + Integer.toHexString(Float.floatToRawIntBits(r))
                            + ") is not finite (game " + game + "; rewards must be finite numbers)");
                    return;
                }
            }
            row += n;
        }
    }

    /**
     * Flags use only the defined bits; a row is never both terminal and truncated; the episode-start bit is set
     * exactly on the first row and on rows after a terminal or truncated row; the last row is terminal or
     * truncated. The sampler trusts these bits to keep stacks and n-step returns inside one episode.
     */
    static final class Flags extends ValueCheck {
        private static final int DEFINED = RowFlags.TERMINAL | RowFlags.TRUNCATED | RowFlags.EPISODE_START;
        private static final int ENDS = RowFlags.TERMINAL | RowFlags.TRUNCATED;
        /** Flags of the previous row; -1 before the first row. */
        private int prev = -1;

        Flags(Path file, String game) {
            super(file, game);
        }

        @Override
        void scan(ByteBuffer b) {
            int n = b.limit();
            for (int i = 0; i < n; i++) {
                int f = b.get(i) & 0xff;
                long at = row + i;
                if ((f & ~DEFINED) != 0) {
                    fail(at, "flags " + hex(f) + " set undefined bits " + hex(f & ~DEFINED) + " (game " + game
                            + "; defined: 0x01 terminal, 0x02 truncated, 0x04 episode start)");
                    return;
                }
                if ((f & ENDS) == ENDS) {
                    fail(at, "flags " + hex(f) + " mark the row both terminal (0x01) and truncated (0x02) (game " + game
                            + "; an episode ends in one or the other)");
                    return;
                }
                boolean start = (f & RowFlags.EPISODE_START) != 0;
                boolean mustStart = prev < 0 || (prev & ENDS) != 0;
                if (start != mustStart) {
                    String why = at == 0 ? "row 0 starts the first episode"
                            : "row " + (at - 1) + " (flags " + hex(prev) + ") " + (mustStart ? "ends" : "does not end")
                            + " an episode";
                    fail(at, "flags " + hex(f) + (start ? " set" : " lack") + " the episode-start bit 0x04, but " + why
                            + " (game " + game + ")");
                    return;
                }
                prev = f;
            }
            row += n;
        }

        @Override
        void finish() {
            if (problem == null && prev >= 0 && (prev & ENDS) == 0) {
                fail(row - 1, "flags " + hex(prev) + " mark the last row neither terminal (0x01) nor truncated (0x02)"
                        + " (game " + game + "; its next frame is not stored, so the writer marks it truncated)");
            }
        }

        private static String hex(int f) {
            return String.format("0x%02x", f);
        }
    }
}
