package org.scaledql.core.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.scaledql.api.data.GameRecords;
import org.scaledql.api.data.TransitionSink;

/** Test helper: random logged episodes of one game, written to any sink and compared with any store. */
public final class LoggedData {

    /** One logged row; {@code truncatedAfter} means truncateEpisode was called after it. */
    public record Row(byte[] frame, int action, float reward, boolean terminal, boolean truncatedAfter) {
    }

    private LoggedData() {
    }

    /**
     * Random episodes: lengths in {@code [1, maxLen]}, about one in five cut by a truncation instead of a
     * terminal, the last episode left running. Frames are random bytes (never all zero).
     */
    public static List<Row> episodes(SplittableRandom rnd, int episodes, int maxLen, int frameBytes, int numActions) {
        List<Row> rows = new ArrayList<>();
        for (int e = 0; e < episodes; e++) {
            int len = 1 + rnd.nextInt(maxLen);
            boolean last = e == episodes - 1;
            boolean trunc = !last && rnd.nextInt(5) == 0;
            for (int t = 0; t < len; t++) {
                byte[] f = new byte[frameBytes];
                for (int i = 0; i < frameBytes; i++) {
                    f[i] = (byte) rnd.nextInt(256);
                }
                f[0] = (byte) (1 + rnd.nextInt(255));
                boolean end = t == len - 1;
                rows.add(new Row(f, rnd.nextInt(numActions), rnd.nextInt(3) - 1 + (rnd.nextInt(4) == 0 ? 0.5f : 0f),
                        end && !last && !trunc, end && trunc));
            }
        }
        return rows;
    }

    /** Appends rows to a sink (the game must be declared). */
    public static void write(TransitionSink sink, String game, List<Row> rows) throws IOException {
        for (Row r : rows) {
            sink.append(game, r.frame(), r.action(), r.reward(), r.terminal());
            if (r.truncatedAfter()) {
                sink.truncateEpisode(game);
            }
        }
    }

    /** Asserts the store holds exactly the rows, with episode starts after every terminal or truncation. */
    public static void assertEquals(List<Row> rows, GameRecords rec) {
        if (rec.size() != rows.size()) {
            throw new AssertionError("store has " + rec.size() + " rows; logged " + rows.size());
        }
        int fb = rec.metadata().frameBytes();
        byte[] f = new byte[fb];
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(fb + 3);
        byte[] viaBuffer = new byte[fb];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            rec.readFrame(i, f, 0);
            rec.readFrame(i, direct, 3); // the sampler's path: off-heap, at an absolute index
            direct.get(3, viaBuffer);
            if (!java.util.Arrays.equals(viaBuffer, f) || direct.position() != 0) {
                throw new AssertionError("row " + i + ": readFrame into a ByteBuffer differs from readFrame into an"
                        + " array, or moved the buffer's position (" + direct.position() + ")");
            }
            boolean start = i == 0 || rows.get(i - 1).terminal() || rows.get(i - 1).truncatedAfter();
            boolean trunc = r.truncatedAfter() || (i == rows.size() - 1 && !r.terminal());
            if (!java.util.Arrays.equals(f, r.frame()) || rec.action(i) != r.action() || rec.reward(i) != r.reward()
                    || rec.terminal(i) != r.terminal() || rec.truncated(i) != trunc || rec.episodeStart(i) != start) {
                throw new AssertionError("row " + i + " differs: logged action=" + r.action() + " reward=" + r.reward()
                        + " terminal=" + r.terminal() + " truncated=" + trunc + " start=" + start + "; stored action="
                        + rec.action(i) + " reward=" + rec.reward(i) + " terminal=" + rec.terminal(i) + " truncated="
                        + rec.truncated(i) + " start=" + rec.episodeStart(i) + " frameEqual="
                        + java.util.Arrays.equals(f, r.frame()));
            }
        }
    }
}
