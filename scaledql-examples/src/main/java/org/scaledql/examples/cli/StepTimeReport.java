package org.scaledql.examples.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.scaledql.api.train.TrainConfig;
import org.scaledql.core.nn.SameDiffQNetwork;
import org.scaledql.core.train.Trainer;

/**
 * What {@code train} tells stderr about the run's cost: the network's parameter count before the first step, then
 * the measured seconds per step and the projected wall time of the whole run. The first step builds and compiles
 * the graphs, so it is left out of the measurement when later steps exist; the report comes after
 * {@value #MEASURED} measured steps, or at the run's last step if that comes first. A run shorter than the paper's
 * (a few steps to see what a config costs) also gets the projection of the paper's step count, and a projection of
 * weeks or more gets the advice to train on a GPU.
 */
final class StepTimeReport implements Trainer.Listener {

    /** Steps averaged after the warm-up step. */
    static final int MEASURED = 3;

    /** Projections longer than this get the advice to use a GPU. */
    static final double LONG_RUN_SECONDS = 7 * 86_400.0;

    private final PrintWriter err;
    private long startStep;
    private long steps;
    private long seen;
    private double firstSeconds;
    private double measuredSeconds;
    private boolean reported;

    StepTimeReport(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void started(SameDiffQNetwork network, long start, long total) {
        this.startStep = start;
        this.steps = total;
        long params = network.parameterCount();
        // A checkpoint holds the online and target parameters and Adam's two moments, all float32.
        err.printf(Locale.ROOT, "train: network of %,d parameters; each checkpoint about %s%n", params,
                bytes(16L * params));
        err.flush();
    }

    @Override
    public void stepped(long step, double seconds) {
        seen++;
        if (seen == 1) {
            firstSeconds = seconds;
        } else {
            measuredSeconds += seconds;
        }
        if (!reported && (seen == MEASURED + 1 || step == steps)) {
            reported = true;
            err.println(line(seen == 1 ? firstSeconds : measuredSeconds / (seen - 1), seen, startStep, steps));
            err.flush();
        }
    }

    /** The report line for {@code secondsPerStep} measured over the steps after the first of {@code trained}. */
    static String line(double secondsPerStep, long trained, long startStep, long steps) {
        String over = trained == 1 ? "1 step, graph building included"
                : String.format(Locale.ROOT, "mean of steps %,d-%,d; step %,d, which builds the graphs, left out",
                        startStep + 2, startStep + trained, startStep + 1);
        double whole = secondsPerStep * steps;
        long paperSteps = TrainConfig.paper().steps();
        double paper = secondsPerStep * paperSteps;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "train: %.3g s/step (%s); the whole run of %,d steps projects to %s on this machine",
                secondsPerStep, over, steps, duration(whole)));
        if (startStep > 0) {
            b.append(String.format(Locale.ROOT, " (%s for the %,d steps left)", duration(secondsPerStep
                    * (steps - startStep)), steps - startStep));
        }
        if (steps < paperSteps) {
            b.append(String.format(Locale.ROOT, "; at this speed the paper's %,d steps would take %s", paperSteps,
                    duration(paper)));
        }
        double longest = Math.max(whole, paper);
        if (longest > LONG_RUN_SECONDS) {
            b.append(String.format(Locale.ROOT, ". That is %s: a run this size needs a GPU; use the CUDA backend "
                    + "(./scaledql --backend cuda, docs/cuda.md) and see docs/performance.md for measured step times",
                    longest >= 365.25 * 86_400 ? "years" : "weeks"));
        }
        return b.toString();
    }

    /** A duration in the largest sensible unit: {@code 45 s}, {@code 12.5 min}, {@code 3.2 h}, {@code 4.1 days}, {@code 3.9 years}. */
    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7_200) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        if (seconds < 2 * 86_400) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3_600);
        }
        if (seconds < 365.25 * 86_400) {
            return String.format(Locale.ROOT, "%.1f days", seconds / 86_400);
        }
        return String.format(Locale.ROOT, "%.1f years", seconds / (365.25 * 86_400));
    }

    /** A byte count in MB or GB. */
    static String bytes(long n) {
        return n >= 1_000_000_000L ? String.format(Locale.ROOT, "%.2f GB", n / 1e9)
                : String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }
}
