package org.scaledql.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.data.TransitionSink;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.env.ObservationFormat;
import org.scaledql.api.online.EpsilonSchedule;
import org.scaledql.core.data.dqnreplay.DqnReplayWriter;
import org.scaledql.core.data.store.TransitionStores;
import org.scaledql.core.env.CommonLayout;
import org.scaledql.core.env.BehaviorPolicies;
import org.scaledql.core.env.DatasetGenerator;
import org.scaledql.core.env.Games;
import org.scaledql.core.io.AtomicFiles;
import org.scaledql.core.io.Json;
import org.scaledql.core.online.DqnLogGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./scaledql generate}: a testbed dataset, logged from a noisy scripted expert or from an online DQN
 * learning from scratch, into a transition store or the DQN-Replay layout.
 */
@Command(name = "generate", description = "Generate a testbed dataset: --transitions N steps PER GAME of a noisy or"
        + " lazy expert or of an online DQN's replay (dqn-log), into a transition store or the DQN-Replay layout."
        + " Progress on stderr; each game's behaviour return and normalized score on stdout.")
final class GenerateCommand implements Callable<Integer> {

    /** Name of the description file written next to the data. */
    static final String GENERATION_FILE = "generation.json";

    /** The behaviour that plays the games. */
    enum Behavior {
        NOISY_EXPERT("noisy-expert"), LAZY_EXPERT("lazy-expert"), DQN_LOG("dqn-log");

        final String cli;

        Behavior(String cli) {
            this.cli = cli;
        }

        static Behavior parse(String s) {
            for (Behavior b : values()) {
                if (b.cli.equals(s)) {
                    return b;
                }
            }
            throw new IllegalArgumentException("--behavior must be noisy-expert, lazy-expert or dqn-log; got '" + s + "'");
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--games", required = true, split = ",", description = "games, e.g. breakout,catch (see ./scaledql games)")
    List<String> games = new ArrayList<>();

    @Option(names = "--behavior", defaultValue = "noisy-expert", description = "noisy-expert, lazy-expert (the demo's data) or dqn-log; default ${DEFAULT-VALUE}")
    String behavior;

    @Option(names = "--transitions", required = true, description = "environment steps logged per game (as DQN-Replay counts)")
    long transitions;

    @Option(names = "--output", required = true, description = "store folder, or DQN-Replay root with --format dqn-replay (must not exist)")
    Path output;

    @Option(names = "--format", defaultValue = "store", description = "store or dqn-replay; default ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--seed", defaultValue = "0", description = "base seed; default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--mode", defaultValue = "0", description = "game mode of every game; default ${DEFAULT-VALUE}")
    int mode;

    @Option(names = "--difficulty", defaultValue = "0", description = "difficulty of every game; default ${DEFAULT-VALUE}")
    int difficulty;

    @Option(names = "--observation-format", defaultValue = "common",
            description = "common (same channels for every game), native or pixels; default ${DEFAULT-VALUE}")
    String observationFormat;

    @Option(names = "--dump-capacity", defaultValue = "10000",
            description = "dqn-replay format: rows per checkpoint dump (DQN-Replay: 1000000); default ${DEFAULT-VALUE}")
    int dumpCapacity;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "dqn-log: Adam step size; default ${DEFAULT-VALUE}")
    double learningRate;

    @Option(names = "--cql-alpha", defaultValue = "0", description = "dqn-log: CQL weight of the online agent; default ${DEFAULT-VALUE}")
    double cqlAlpha;

    @Option(names = "--min-replay-history",
            description = "dqn-log: transitions stored before learning starts, and steps at epsilon 1.0 before its decay"
                    + " (Dopamine's min_replay_history); default min(5000, --transitions)")
    Long minReplayHistory;

    @Option(names = "--epsilon-decay",
            description = "dqn-log: environment steps over which epsilon falls from 1 to 0.1 after the warm-up; default 100000 (MinAtar)")
    Long epsilonDecay;

    @Option(names = "--json", description = "print the report as one JSON object")
    boolean json;

    /**
     * A store holds one row per transition: the frame, a 4-byte action, a 4-byte reward and a flag byte. Fails
     * before writing anything if the output's file system has less room than that.
     */
    private void checkFreeSpace(EnvironmentConfig env) throws java.io.IOException {
        long need = 0;
        for (String g : games) {
            need += transitions * (Games.create(g, env, 0).spec().observationSize() + 9L);
        }
        Path parent = output.toAbsolutePath().normalize().getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent == null) {
            return;
        }
        long free = Files.getFileStore(parent).getUsableSpace();
        if (free < need) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "--output %s: the store needs "
                    + "about %,d bytes (%,d transitions x %d games) but its file system has %,d bytes free", output,
                    need, transitions, games.size(), free));
        }
    }

    @Override
    public Integer call() throws Exception {
        Behavior b = Behavior.parse(behavior);
        if (!format.equals("store") && !format.equals("dqn-replay")) {
            throw new IllegalArgumentException("--format must be store or dqn-replay; got '" + format + "'");
        }
        if (transitions < 1) {
            throw new IllegalArgumentException("--transitions must be >= 1 (steps per game); got " + transitions);
        }
        ObservationFormat obsFormat = parseFormat(observationFormat);
        if (Files.exists(output)) {
            throw new IllegalArgumentException("--output " + output + " already exists; choose a new path");
        }
        for (String g : games) {
            var info = Games.info(g); // throws naming the known games
            if (!info.hasMode(mode)) {
                throw new IllegalArgumentException("--mode " + mode + " does not exist for " + g + "; its modes are 0.."
                        + (info.modes().size() - 1));
            }
            if (!info.difficulties().contains(difficulty)) {
                throw new IllegalArgumentException("--difficulty " + difficulty + " does not exist for " + g
                        + "; its difficulties are " + info.difficulties());
            }
        }
        EnvironmentConfig env = EnvironmentConfig.defaults().withVariant(mode, difficulty).withFormat(obsFormat);
        if (format.equals("store")) {
            checkFreeSpace(env);
        }
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(err, transitions * games.size());
        TransitionSink target = format.equals("store") ? TransitionStores.writer(output)
                : DqnReplayWriter.create(output, 1, dumpCapacity);
        CountingSink sink = new CountingSink(target, progress);
        List<DatasetGenerator.GameReport> reports;
        Object settings;
        try {
            if (b != Behavior.DQN_LOG) {
                DatasetGenerator.Config c = new DatasetGenerator.Config(games, transitions, env, seed);
                settings = c;
                reports = b == Behavior.NOISY_EXPERT ? DatasetGenerator.generate(c, sink)
                        : DatasetGenerator.generate(c, BehaviorPolicies::lazyExpert, sink);
            } else {
                DqnLogGenerator.Config c = DqnLogGenerator.Config.testbed(games, transitions, env, seed);
                var online = c.online();
                if (minReplayHistory != null) {
                    // Dopamine's convention: epsilon stays 1.0 exactly as long as learning waits for the replay
                    var e = online.epsilon();
                    online = online.withReplay(online.replayCapacity(), minReplayHistory)
                            .withEpsilon(new EpsilonSchedule(e.initial(), e.end(), e.decaySteps(), minReplayHistory));
                }
                if (epsilonDecay != null) {
                    var e = online.epsilon();
                    online = online.withEpsilon(new EpsilonSchedule(e.initial(), e.end(), epsilonDecay, e.warmupSteps()));
                }
                c = new DqnLogGenerator.Config(c.games(), c.transitionsPerGame(), c.environment(), online,
                        c.loss().withCqlAlpha(cqlAlpha), learningRate, c.targetUpdatePeriod(), c.seed());
                settings = c;
                reports = DqnLogGenerator.generate(c, sink, null);
            }
            target.close();
        } catch (Exception | Error e) {
            target.abort();
            throw e;
        }
        progress.finish();
        writeDescription(b, obsFormat, env, settings, reports);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(report(b, obsFormat, reports)));
        } else {
            out.printf("%-16s %12s %9s %12s %11s%n", "game", "transitions", "episodes", "mean_return", "normalized");
            for (DatasetGenerator.GameReport r : reports) {
                out.printf(Locale.ROOT, "%-16s %12d %9d %12.3f %11.3f%n", r.game(), r.transitions(), r.episodes(),
                        r.meanReturn(), r.normalizedScore());
            }
            out.printf("%s written to %s (%s observations)%n", format.equals("store") ? "store" : "DQN-Replay layout",
                    output, obsFormat.name().toLowerCase(Locale.ROOT));
        }
        out.flush();
        return 0;
    }

    private Map<String, Object> report(Behavior b, ObservationFormat obsFormat, List<DatasetGenerator.GameReport> r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("output", output.toAbsolutePath().toString());
        o.put("format", format);
        o.put("behavior", b.cli);
        o.put("transitionsPerGame", transitions);
        o.put("observationFormat", obsFormat.name());
        o.put("mode", mode);
        o.put("difficulty", difficulty);
        o.put("seed", seed);
        o.put("games", r);
        return o;
    }

    /** Writes generation.json (what was generated, how, and the observation layout) into the output folder. */
    private void writeDescription(Behavior b, ObservationFormat obsFormat, EnvironmentConfig env, Object settings,
            List<DatasetGenerator.GameReport> reports) throws IOException {
        Map<String, Object> o = report(b, obsFormat, reports);
        o.remove("output");
        o.put("environment", env);
        if (obsFormat == ObservationFormat.COMMON) {
            o.put("channels", CommonLayout.NAMES);
        }
        o.put("settings", settings);
        o.put("transitionsCounting", "per game");
        AtomicFiles.writeString(output.resolve(GENERATION_FILE), Json.mapper().writeValueAsString(o));
    }

    private static ObservationFormat parseFormat(String s) {
        for (ObservationFormat f : ObservationFormat.values()) {
            if (f.name().equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("--observation-format must be common, native or pixels; got '" + s + "'");
    }

    /** A one-line progress bar on stderr: transitions done of all games, rate, current game. */
    static final class Progress {
        private final PrintWriter err;
        private final long total;
        private final long t0 = System.nanoTime();
        private long last;
        private boolean drawn;

        Progress(PrintWriter err, long total) {
            this.err = err;
            this.total = total;
        }

        void update(long done, String game) {
            long now = System.nanoTime();
            if (now - last < 200_000_000L && done < total) {
                return;
            }
            last = now;
            double f = Math.min(1, done / (double) total);
            int w = 30;
            int fill = (int) Math.round(f * w);
            double rate = done / Math.max((now - t0) / 1e9, 1e-9);
            err.printf(Locale.ROOT, "\r[%s%s] %5.1f%% %,d/%,d transitions %.0f/s %s   ", "=".repeat(fill),
                    " ".repeat(w - fill), 100 * f, done, total, rate, game);
            err.flush();
            drawn = true;
        }

        void finish() {
            if (drawn) {
                err.println();
                err.flush();
            }
        }
    }

    /** Passes everything to a sink and reports each appended row to the progress bar. */
    static final class CountingSink implements TransitionSink {
        private final TransitionSink sink;
        private final Progress progress;
        private long rows;

        CountingSink(TransitionSink sink, Progress progress) {
            this.sink = sink;
            this.progress = progress;
        }

        @Override
        public void declareGame(String game, int numActions, int[] frameShape, float observationScale)
                throws IOException {
            sink.declareGame(game, numActions, frameShape, observationScale);
        }

        @Override
        public void declareOrigin(String game, GameOrigin origin) throws IOException {
            sink.declareOrigin(game, origin);
        }

        @Override
        public void append(String game, byte[] frame, int action, float reward, boolean terminal) throws IOException {
            sink.append(game, frame, action, reward, terminal);
            progress.update(++rows, game);
        }

        @Override
        public void truncateEpisode(String game) throws IOException {
            sink.truncateEpisode(game);
        }

        @Override
        public void close() {
            // the command closes the real sink itself
        }
    }
}
