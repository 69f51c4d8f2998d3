package org.scaledql.core.runtime;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Keeps SameDiff's noise out of the user's stdout. SameDiff M2.1 prints {@code Added differentiated op ...}
 * with {@code System.out.println} once per op while it builds a gradient function (thousands of lines for a
 * ResNet), which would corrupt any command whose stdout is its result. While the gradient function is built,
 * lines with that prefix are dropped and every other line is passed through.
 */
public final class Quiet {

    private static final String NOISE = "Added differentiated op";

    private Quiet() {
    }

    /**
     * Marks {@code lossVariables} as {@code sd}'s losses (replacing any others) and builds its gradient function
     * without printing SameDiff's noise.
     *
     * @param sd            the graph
     * @param lossVariables the loss variables' names
     */
    public static synchronized void createGradFunction(SameDiff sd, String... lossVariables) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new LineFilter(original), true, StandardCharsets.UTF_8));
        try {
            sd.setLossVariables(lossVariables);
            sd.createGradFunction();
        } finally {
            System.out.flush();
            System.setOut(original);
        }
    }

    /** Passes whole lines through to {@code target} unless they start with the noise prefix. */
    private static final class LineFilter extends OutputStream {
        private final PrintStream target;
        private final StringBuilder line = new StringBuilder();

        LineFilter(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                if (!line.toString().startsWith(NOISE)) {
                    target.println(line);
                }
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }

        @Override
        public void flush() {
            if (line.length() > 0 && !line.toString().startsWith(NOISE)) {
                target.print(line);
                line.setLength(0);
            }
            target.flush();
        }
    }
}
