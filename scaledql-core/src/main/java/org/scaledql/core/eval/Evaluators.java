package org.scaledql.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import org.scaledql.api.eval.EpisodeResult;
import org.scaledql.api.eval.EvaluationConfig;
import org.scaledql.api.eval.EvaluationListener;
import org.scaledql.api.eval.Evaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Factories for {@link Evaluator}s and progress listeners. */
public final class Evaluators {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluators.class);

    private Evaluators() {
    }

    /**
     * {@return the testbed evaluator, normalizing with the {@code testbed} table}
     *
     * @param config the evaluation settings
     */
    public static Evaluator testbed(EvaluationConfig config) {
        return new TestbedEvaluator(config);
    }

    /**
     * {@return a listener that logs progress through SLF4J at INFO (logger {@code
     * org.scaledql.core.eval.Evaluators}): at most one line per {@code intervalMillis}, plus the last episode, e.g.
     * {@code evaluation: 40/100 episodes (last: pong #3, return 2.0), 12,345 steps/s}}
     *
     * @param intervalMillis minimum time between two lines, {@code >= 0}
     */
    public static EvaluationListener loggingListener(long intervalMillis) {
        checkArgument(intervalMillis >= 0, "intervalMillis must be >= 0; got %s", intervalMillis);
        return new EvaluationListener() {
            private final long start = System.nanoTime();
            private long lastLog = start;
            private long steps;

            @Override
            public void episodeFinished(EpisodeResult e, int finished, int total) {
                Objects.requireNonNull(e, "episode");
                steps += e.steps();
                long now = System.nanoTime();
                if (finished == total || (now - lastLog) / 1_000_000 >= intervalMillis) {
                    lastLog = now;
                    double seconds = Math.max(1e-9, (now - start) / 1e9);
                    LOG.info(String.format("evaluation: %d/%d episodes (last: %s #%d, return %.1f), %,.0f steps/s",
                            finished, total, e.game(), e.episode(), e.episodeReturn(), steps / seconds));
                }
            }
        };
    }
}
