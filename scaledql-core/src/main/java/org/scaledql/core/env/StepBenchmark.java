package org.scaledql.core.env;

import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.env.ObservationFormat;

/**
 * Environment steps per second on one core: random actions, observation written into a float array every
 * step (as a learner would), for each game and each observation format. Run:
 * {@code java -cp ... org.scaledql.core.env.StepBenchmark [seconds-per-case]}.
 */
public final class StepBenchmark {

    private StepBenchmark() {
    }

    /**
     * Prints one line per game and format.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        for (ObservationFormat format : ObservationFormat.values()) {
            for (String game : Games.names()) {
                GridEnvironment env = Games.create(game, EnvironmentConfig.defaults().withFormat(format), 1);
                float[] obs = new float[env.spec().observationSize()];
                java.util.SplittableRandom r = new java.util.SplittableRandom(2);
                long steps = 0;
                env.reset();
                long warmEnd = System.nanoTime() + (long) (0.3e9 * seconds);
                long start = 0;
                boolean timing = false;
                while (true) {
                    env.observe(obs, 0);
                    if (env.step(r.nextInt(6)).done()) {
                        env.reset();
                    }
                    steps++;
                    if ((steps & 1023) == 0) {
                        long now = System.nanoTime();
                        if (!timing && now > warmEnd) {
                            timing = true;
                            start = now;
                            steps = 0;
                        } else if (timing && now - start > seconds * 1e9) {
                            System.out.printf("%-8s %-15s %,12.0f steps/s%n", format, game,
                                    steps / ((now - start) / 1e9));
                            break;
                        }
                    }
                }
            }
        }
    }
}
