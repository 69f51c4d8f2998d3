package org.scaledql.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A numeric option out of its range fails before any work: status 1, nothing on stdout, one line on stderr that
 * names what was wrong (never a stack trace, an overflowed number or a null-pointer message).
 */
class NumericOptionRangeTest {

    @TempDir
    static Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "demo --transitions 0 --output OUT                        | transitionsPerGame must be >= 100",
        "demo --steps 0 --output OUT                              | steps must be >= 1",
        "demo --bc-steps -1 --output OUT                          | bcSteps must be >= 1",
        "demo --workers 0 --output OUT                            | workers must be >= 1",
        "demo --episodes 0 --output OUT                           | evalEpisodes must be >= 1",
        "generate --games catch --transitions 0 --output OUT      | --transitions must be >= 1",
        "generate --games catch --transitions 10 --mode 9 --output OUT | --mode 9 does not exist for catch",
        "generate --games catch,pong --transitions 10000000000000 --output OUT | but its file system has",
        "generate --games catch --transitions 10 --difficulty -1 --output OUT | --difficulty -1 does not exist",
        "metrics --scores SCORES --confidence 1.5                 | confidence must be in (0, 1)",
        "metrics --scores SCORES --threads 0                      | threads >= 1",
        "metrics --scores SCORES --reps 2000000000                | reps in [2, 10000000]",
        "model --depth 7                                          | depth must be one of",
        "model --width -1                                         | width must be > 0",
        "model --games 0                                          | numGames must be >= 1",
        "model --atoms 1                                          | numAtoms >= 2",
        "render --game catch --frame-ms 5 --output OUT.gif        | --frame-ms >= 10",
        "render --game catch --noise 2 --output OUT.gif           | noise is a probability in [0, 1]",
        "render --game catch --scale 100000 --output OUT.gif      | --scale must be in [1, 64]",
        "train --preset small --steps 0 --data OUT --output OUT   | steps must be >= 1",
        "bench --reps 0                                           | --reps >= 1",
        "bench --memory --batch 0                                 | --batch and --steps must be >= 1",
        "bench-data --rows 0                                      | --rows must be >= 100",
        "bench-data --batches 0                                   | --batches and --rounds must be >= 1",
        "import-dqn-replay --input OUT --output OUT --fraction 2  | fraction must be in (0, 1]",
        "finetune --from OUT --offline OUT --game catch --output OUT --episodes 0 | --episodes must be >= 1",
        "reproduce --output OUT --seeds 0                         | --seeds must be >= 1",
        "reproduce --output OUT --parallel 0                      | --parallel must be >= 1",
        "reproduce --output OUT --budget huge                     | unknown budget 'huge'",
        "reproduce --output OUT --claims a,z                      | --claims: unknown claim 'z'",
    })
    void anOptionOutOfRangeFailsWithOneLine(String command, String expected) throws Exception {
        Path scores = tmp.resolve("scores.csv");
        Files.writeString(scores, "a,b\n0.1,0.2\n0.3,0.4\n");
        String[] args = command.trim().replace("SCORES", scores.toString())
                .replace("OUT", tmp.resolve("out").toString()).split("\\s+");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ScaledQlCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as("status; stderr: %s", err).isEqualTo(1);
        assertThat(out.toString()).as("stdout").isEmpty();
        assertThat(err.toString().strip()).as("stderr").startsWith("scaledql: ").contains(expected.trim())
                .doesNotContain("\n").doesNotContain("Exception").doesNotContain("null");
        assertThat(Files.exists(tmp.resolve("out"))).as("nothing written").isFalse();
    }
}
