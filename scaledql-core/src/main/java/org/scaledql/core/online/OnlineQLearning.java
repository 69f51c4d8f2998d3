package org.scaledql.core.online;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.scaledql.api.data.TransitionSink;
import org.scaledql.api.env.Environment;
import org.scaledql.api.env.StepOutcome;
import org.scaledql.api.learn.StepResult;
import org.scaledql.api.learn.TrainStep;
import org.scaledql.api.nn.QNetwork;
import org.scaledql.api.online.EpisodeRecord;
import org.scaledql.api.online.OnlineConfig;
import org.scaledql.api.online.OnlineListener;
import org.scaledql.api.online.OnlineResult;
import org.scaledql.core.env.TransitionRecorder;

/**
 * Online Q-learning on one game: epsilon-greedy acting with the training step's online network, a replay ring
 * buffer, and a gradient step every {@code updatePeriod} environment steps once {@code minReplayHistory}
 * transitions are stored (DQN, Mnih et al. 2015, as Dopamine runs it). The loss (C51 with CQL, usually with a
 * smaller or zero alpha online), optimizer and target-network period are the {@link TrainStep}'s; starting
 * from a pre-trained network fine-tunes it.
 *
 * <pre>{@code
 * GridEnvironment env = Games.create("catch", EnvironmentConfig.defaults(), 1);
 * ScaledQlTrainStep step = ScaledQlTrainStep.builder(SameDiffQNetwork.create(netConfig, 2))
 *         .loss(LossConfig.scaledQl().withCqlAlpha(0)).updater(new Adam(1e-3)).targetUpdatePeriod(250).build();
 * OnlineResult r = OnlineQLearning.builder(step, env).config(OnlineConfig.testbed(50_000, 3)).build().run();
 * }</pre>
 *
 * <p>One environment step: epsilon from the schedule at step t; observe; act; step the environment (through a
 * {@link TransitionRecorder} when a tap is set, so the sink sees exactly the steps taken); store the row (plus
 * the final observation when the step cap cut the episode); on an episode's end report it and reset; then
 * train if due. Everything random comes from the environment's own seed, the network's initialisation seed
 * and {@link OnlineConfig#seed()} (split into an exploration stream and a replay-sampling stream), so a run is
 * reproducible. A loop object runs once.
 */
public final class OnlineQLearning {

    private final TrainStep step;
    private final Environment env;
    private final OnlineConfig config;
    private final int taskId;
    private final TransitionSink tap;
    private final String tapGame;
    private final OnlineListener listener;
    private boolean ran;

    private OnlineQLearning(Builder b) {
        this.step = b.step;
        this.env = b.env;
        this.config = Objects.requireNonNull(b.config, "config (call config(...) on the builder)");
        this.taskId = b.taskId;
        this.tap = b.tap;
        this.tapGame = b.tapGame;
        this.listener = b.listener;
        QNetwork net = step.online();
        checkArgument(Arrays.equals(net.config().observationShape(), env.spec().observationShape()),
                "the network takes observations %s but %s emits %s; build the network for the environment's"
                        + " observation shape", Arrays.toString(net.config().observationShape()), env.spec().name(),
                Arrays.toString(env.spec().observationShape()));
        checkArgument(net.config().numActions() == env.spec().numActions(),
                "the network has %s actions but %s has %s", net.config().numActions(), env.spec().name(),
                env.spec().numActions());
        checkArgument(taskId >= 0 && taskId < net.config().numGames(),
                "taskId must be in [0, %s) (the network's games); got %s", net.config().numGames(), taskId);
    }

    /**
     * {@return a builder for a run of {@code step}'s online network on {@code env}}
     *
     * @param step the training step (its online network acts and learns)
     * @param env  the game to play; the loop resets it before the first step
     */
    public static Builder builder(TrainStep step, Environment env) {
        return new Builder(step, env);
    }

    /**
     * Runs the whole budget. The tap (if any) is not closed; an episode still running at the end is cut in
     * it ({@link TransitionSink#truncateEpisode}).
     *
     * @return the learning curve and counts
     * @throws IOException if the tap fails
     * @throws IllegalStateException if called twice
     */
    public OnlineResult run() throws IOException {
        checkState(!ran, "an OnlineQLearning runs once; build another for a new run");
        ran = true;
        SplittableRandom root = new SplittableRandom(config.seed());
        long actSeed = root.nextLong();
        SplittableRandom sampling = root.split();
        EpsilonGreedyPolicy policy = new EpsilonGreedyPolicy(step.online(), taskId, config.epsilon().value(0),
                actSeed);
        TransitionRecorder recorder = tap != null ? new TransitionRecorder(env, tap, tapGame) : null;
        ReplayBuffer buffer = new ReplayBuffer(config.replayCapacity(), env.spec().observationShape(),
                env.spec().observationScale());
        byte[] frame = new byte[env.spec().observationSize()];
        List<EpisodeRecord> episodes = new ArrayList<>();
        long stored = 0;
        long gradientSteps = 0;
        double eps = policy.epsilon();
        env.reset();
        for (long t = 0; t < config.environmentSteps(); t++) {
            eps = config.epsilon().value(t);
            policy.setEpsilon(eps);
            env.observe(frame, 0);
            int action = policy.act(env);
            StepOutcome o = recorder != null ? recorder.step(action) : env.step(action);
            buffer.add(frame, action, o.reward(), o.terminal());
            stored++;
            if (o.truncated()) {
                env.observe(frame, 0);
                buffer.addFinal(frame);
            }
            if (o.done()) {
                EpisodeRecord e = new EpisodeRecord(t + 1, episodes.size(), env.episodeReturn(), env.episodeSteps(),
                        o.truncated());
                episodes.add(e);
                if (listener != null) {
                    listener.onEpisode(e);
                }
                env.reset();
            }
            if (stored >= config.minReplayHistory() && (t + 1) % config.updatePeriod() == 0) {
                StepResult r = step.step(buffer.sample(config.batchSize(), config.nStep(), config.discount(), taskId,
                        sampling));
                gradientSteps++;
                if (listener != null) {
                    listener.onTrainStep(t + 1, r);
                }
            }
        }
        if (recorder != null) {
            recorder.cut();
        }
        return new OnlineResult(config.environmentSteps(), gradientSteps, episodes, eps);
    }

    /**
     * Plays {@code episodes} whole episodes epsilon-greedily with {@code network}'s head {@code taskId} and
     * returns their returns (an evaluation: nothing is learned).
     *
     * @param network  the network
     * @param env      the environment
     * @param taskId   the head to play with
     * @param episodes the number of episodes
     * @param epsilon exploration during evaluation (Dopamine: 0.001; 0 for purely greedy)
     * @param seed    seeds the exploration draws
     * @return the returns, in episode order
     */
    public static double[] evaluate(QNetwork network, Environment env, int taskId, int episodes, double epsilon,
            long seed) {
        checkArgument(episodes >= 1, "episodes must be >= 1; got %s", episodes);
        EpsilonGreedyPolicy policy = new EpsilonGreedyPolicy(network, taskId, epsilon, seed);
        double[] returns = new double[episodes];
        for (int i = 0; i < episodes; i++) {
            env.reset();
            while (!env.step(policy.act(env)).done()) {
                // play on
            }
            returns[i] = env.episodeReturn();
        }
        return returns;
    }

    /** Builds an {@link OnlineQLearning}; {@link #config} is required. */
    public static final class Builder {
        private final TrainStep step;
        private final Environment env;
        private OnlineConfig config;
        private int taskId;
        private TransitionSink tap;
        private String tapGame;
        private OnlineListener listener;

        private Builder(TrainStep step, Environment env) {
            this.step = Objects.requireNonNull(step, "step");
            this.env = Objects.requireNonNull(env, "env");
        }

        /**
         * The run's settings (required).
         *
         * @param c the run's settings
         * @return this builder
         */
        public Builder config(OnlineConfig c) {
            this.config = Objects.requireNonNull(c, "config");
            return this;
        }

        /**
         * The game's index in the network (default 0): which head acts and learns.
         *
         * @param id the game's index in the network
         * @return this builder
         */
        public Builder taskId(int id) {
            this.taskId = id;
            return this;
        }

        /**
         * Logs every environment step to {@code sink} under {@code game} (declared by the loop): how "dqn-log"
         * datasets are made. Default: no tap.
         *
         * @param sink receives the steps
         * @param game the game name to log under
         * @return this builder
         */
        public Builder tap(TransitionSink sink, String game) {
            this.tap = Objects.requireNonNull(sink, "sink");
            this.tapGame = Objects.requireNonNull(game, "game");
            return this;
        }

        /**
         * Hears every finished episode and gradient step (default: none).
         *
         * @param l the listener
         * @return this builder
         */
        public Builder listener(OnlineListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the loop
         * @throws IllegalArgumentException if the network does not fit the environment or the task id is out of
         *                                  range
         */
        public OnlineQLearning build() {
            return new OnlineQLearning(this);
        }
    }
}
