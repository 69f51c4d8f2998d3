package org.scaledql.api.metrics;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A point estimate with the ends of its confidence interval. Serialises (Jackson) as
 * {@code {"point": ..., "lower": ..., "upper": ...}}.
 *
 * <p>Percentile bootstrap intervals need not contain the point estimate (the bootstrap distribution can
 * be skewed away from it); only {@code lower <= upper} is required here.
 *
 * @param point the statistic on the observed data
 * @param lower lower end of the interval
 * @param upper upper end of the interval, {@code >= lower}
 */
public record Interval(double point, double lower, double upper) {

    /**
     * Requires finite values and {@code lower <= upper}.
     *
     * @param point the statistic on the observed data
     * @param lower lower end of the interval
     * @param upper upper end of the interval, {@code >= lower}
     */
    public Interval {
        checkArgument(Double.isFinite(point) && Double.isFinite(lower) && Double.isFinite(upper),
                "interval values must be finite; got point=%s, lower=%s, upper=%s", point, lower, upper);
        checkArgument(lower <= upper, "an interval needs lower <= upper; got lower=%s, upper=%s", lower, upper);
    }

    /**
     * {@return a degenerate interval {@code [point, point]}, e.g. for a statistic reported without uncertainty}
     *
     * @param point the statistic on the observed data
     */
    public static Interval exact(double point) {
        return new Interval(point, point, point);
    }

    /**
     * {@return whether {@code lower <= x <= upper}}
     *
     * @param x a value
     */
    public boolean contains(double x) {
        return lower <= x && x <= upper;
    }

    /** {@return {@code upper - lower}} */
    public double width() {
        return upper - lower;
    }
}
