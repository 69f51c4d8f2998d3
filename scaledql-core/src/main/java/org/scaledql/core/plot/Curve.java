package org.scaledql.core.plot;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.scaledql.api.metrics.Interval;

/**
 * One algorithm's curve: an x value (training step, parameter count) and an interval estimate per point.
 *
 * @param x increasing x values, finite
 * @param y one interval per x value
 */
public record Curve(List<Double> x, List<Interval> y) {

    /**
     * Validates lengths and ordering; copies the lists.
     *
     * @param x increasing x values, finite
     * @param y one interval per x value
     */
    public Curve {
        x = ImmutableList.copyOf(x);
        y = ImmutableList.copyOf(y);
        checkArgument(!x.isEmpty(), "a curve needs at least one point");
        checkArgument(x.size() == y.size(), "a curve needs one interval per x; got %s x values and %s intervals",
                x.size(), y.size());
        for (int i = 0; i < x.size(); i++) {
            checkArgument(Double.isFinite(x.get(i)), "curve x values must be finite; x[%s]=%s", i, x.get(i));
            if (i > 0) {
                checkArgument(x.get(i) > x.get(i - 1),
                        "curve x values must be strictly increasing; x[%s]=%s follows x[%s]=%s", i, x.get(i), i - 1, x.get(i - 1));
            }
        }
    }
}
