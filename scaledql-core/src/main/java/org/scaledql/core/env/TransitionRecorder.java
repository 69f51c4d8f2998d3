package org.scaledql.core.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.scaledql.api.data.GameOrigin;
import org.scaledql.api.data.TransitionSink;
import org.scaledql.api.env.Environment;
import org.scaledql.api.env.ObservationFormat;
import org.scaledql.api.env.StepOutcome;

/**
 * Steps an environment and logs every step to a {@link TransitionSink}: the frame the action was taken in,
 * the action the agent chose (as DQN-Replay logs it; sticky actions may have executed the previous one),
 * the reward and the terminal flag. Episodes cut by the step cap are marked with
 * {@link TransitionSink#truncateEpisode}. This is the seam for logging any agent's experience: the
 * {@link DatasetGenerator} drives it with a behaviour policy, an online learner can call {@link #step} in
 * place of {@link Environment#step}.
 *
 * <p>For the pixel format only the newest 84x84 frame is stored (frame shape {@code [1, 84, 84]}, scale
 * 1/255): readers restack frames. Otherwise the whole {@code [C, 10, 10]} observation is one frame.
 *
 * <p>The game's {@link GameOrigin} (testbed game, mode, difficulty, observation format) is declared in the sink
 * with the game, so a network trained on the data can later be evaluated in the same format.
 */
public final class TransitionRecorder {

    private final Environment env;
    private final TransitionSink sink;
    private final String game;
    private final byte[] obs;
    private final byte[] frame;
    private final int frameOffset;
    private boolean midEpisode;

    /**
     * Declares {@code game} in the sink and prepares buffers.
     *
     * @param env  the environment to step
     * @param sink where steps go
     * @param game the name to log under (unique within the sink), e.g. the game's name or {@code "freeway:1"}
     * @throws IOException if reading or writing fails
     */
    public TransitionRecorder(Environment env, TransitionSink sink, String game) throws IOException {
        this.env = Objects.requireNonNull(env, "env");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.game = Objects.requireNonNull(game, "game");
        var spec = env.spec();
        this.obs = new byte[spec.observationSize()];
        int[] shape;
        if (spec.format() == ObservationFormat.PIXELS) {
            shape = new int[] {1, spec.height(), spec.width()};
            this.frameOffset = (spec.channels() - 1) * spec.height() * spec.width();
        } else {
            shape = spec.observationShape();
            this.frameOffset = 0;
        }
        this.frame = new byte[shape[0] * shape[1] * shape[2]];
        sink.declareGame(game, spec.numActions(), shape, spec.observationScale());
        sink.declareOrigin(game, new GameOrigin(GameOrigin.TESTBED, spec.name(), spec.mode(), spec.difficulty(),
                spec.format()));
    }

    /** {@return the environment being recorded} */
    public Environment environment() {
        return env;
    }

    /**
     * Logs the current frame and {@code action}, then steps.
     *
     * @param action the action
     * @return the outcome of the step
     */
    public StepOutcome step(int action) {
        env.observe(obs, 0);
        System.arraycopy(obs, frameOffset, frame, 0, frame.length);
        StepOutcome o = env.step(action);
        try {
            sink.append(game, frame, action, o.reward(), o.terminal());
            midEpisode = !o.terminal();
            if (o.truncated()) {
                sink.truncateEpisode(game);
                midEpisode = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing a transition of " + game + " failed", e);
        }
        return o;
    }

    /**
     * Marks the running episode as cut (when generation stops mid-episode); does nothing after a terminal.
     *
     * @throws IOException if reading or writing fails
     */
    public void cut() throws IOException {
        if (midEpisode) {
            sink.truncateEpisode(game);
            midEpisode = false;
        }
    }
}
