package org.scaledql.core.env;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import org.scaledql.api.env.RandomSource;

/**
 * A {@link RandomSource} that hands out recorded draws (MinAtar trace format, spec section 1.8) and fails on
 * any mismatch of kind or range, so a game that draws in another order is caught at the first wrong draw.
 */
public final class ReplayRandomSource implements RandomSource {

    private record Draw(boolean isInt, double value, int low, int high) {
    }

    private final Deque<Draw> draws = new ArrayDeque<>();
    private String where = "";

    /** Queues the draws of one trace line: {@code [["rand", u], ["randint", lo, hi|null, v], ...]}. */
    public void push(JsonNode list, String where) {
        this.where = where;
        for (JsonNode d : list) {
            String kind = d.get(0).asText();
            if (kind.equals("rand")) {
                if (d.size() == 2) {
                    draws.add(new Draw(false, d.get(1).asDouble(), 0, 0));
                } else {
                    for (JsonNode u : d.get(2)) {
                        draws.add(new Draw(false, u.asDouble(), 0, 0));
                    }
                }
            } else if (kind.equals("randint")) {
                int lo = d.get(1).asInt();
                boolean hasHigh = !d.get(2).isNull();
                int low = hasHigh ? lo : 0;
                int high = hasHigh ? d.get(2).asInt() : lo;
                if (d.size() == 4) {
                    draws.add(new Draw(true, d.get(3).asInt(), low, high));
                } else {
                    for (JsonNode v : d.get(4)) {
                        draws.add(new Draw(true, v.asInt(), low, high));
                    }
                }
            } else {
                throw new IllegalArgumentException("unknown draw kind " + kind + " at " + where);
            }
        }
    }

    /** Draws not consumed yet. */
    public int remaining() {
        return draws.size();
    }

    @Override
    public double nextDouble() {
        Draw d = draws.poll();
        if (d == null || d.isInt()) {
            throw new AssertionError(where + ": game drew nextDouble() but the trace has " + d);
        }
        return d.value();
    }

    @Override
    public int nextInt(int bound) {
        Draw d = draws.poll();
        if (d == null || !d.isInt() || d.high() - d.low() != bound) {
            throw new AssertionError(where + ": game drew nextInt(" + bound + ") but the trace has " + d);
        }
        return (int) d.value() - d.low();
    }
}
