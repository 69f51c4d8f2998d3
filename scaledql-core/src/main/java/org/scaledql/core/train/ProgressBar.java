package org.scaledql.core.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line on stderr: {@code label [=====>    ] 1,200/5,000  24.1 it/s  ETA 2:37  loss/total 1.234}.
 * On a terminal it redraws one line at most every half second; otherwise (logs, CI) it prints a plain line
 * at every tenth of the work, so captured output stays short.
 */
public final class ProgressBar {

    private final String label;
    private final long total;
    private final long start;
    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private long lastDecile = -1;

    /**
     * @param label what is progressing
     * @param start the work already done (when resuming)
     * @param total the whole work
     */
    public ProgressBar(String label, long start, long total) {
        this(label, start, total, System.err, System.console() != null);
    }

    ProgressBar(String label, long start, long total, PrintStream out, boolean terminal) {
        this.label = label;
        this.total = Math.max(1, total);
        this.start = start;
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * Reports {@code done} units finished, with a short status (e.g. the latest loss).
     *
     * @param done   units finished
     * @param status the status text
     */
    public void update(long done, String status) {
        long now = System.nanoTime();
        long decile = done * 10 / total;
        boolean last = done >= total;
        if (terminal ? (now - lastDraw < 500_000_000L && !last) : (decile == lastDecile && !last)) {
            return;
        }
        lastDraw = now;
        lastDecile = decile;
        double secs = (now - startNanos) / 1e9;
        double rate = secs > 0 ? (done - start) / secs : 0;
        long eta = rate > 0 ? Math.round((total - done) / rate) : -1;
        int width = 24;
        int filled = (int) (width * done / total);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(width - filled);
        // Slow steps (a large network on a CPU) read better as seconds per step than as "0.0 it/s".
        String speed = rate >= 1 || rate <= 0 ? String.format(Locale.ROOT, "%.1f it/s", rate)
                : String.format(Locale.ROOT, "%.1f s/it", 1 / rate);
        String line = String.format(Locale.ROOT, "%s [%s] %,d/%,d  %s  ETA %s  %s", label, bar, done, total, speed,
                eta < 0 ? "?" : String.format(Locale.ROOT, "%d:%02d", eta / 60, eta % 60), status);
        if (terminal) {
            out.print("\r" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }
}
