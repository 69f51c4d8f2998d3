package org.scaledql.core.env;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.util.Objects;
import org.scaledql.api.env.Environment;
import org.scaledql.api.env.EnvironmentConfig;
import org.scaledql.api.env.EnvironmentSpec;
import org.scaledql.api.env.GameInfo;
import org.scaledql.api.env.ObservationFormat;
import org.scaledql.api.env.RandomSource;
import org.scaledql.api.env.StepOutcome;

/**
 * The {@link Environment} around a {@link GridGame}: MinAtar's sticky actions (one uniform draw before every
 * action, from the game's own random source), the episode step cap, and the three observation formats.
 * Observations are rendered lazily into preallocated buffers: stepping allocates nothing.
 */
public final class GridEnvironment implements Environment {

    /** Side of the pixel rendering. */
    public static final int PIXEL_SIZE = 84;
    /** Frames stacked in the pixel format. */
    public static final int PIXEL_STACK = 4;

    private final GridGame game;
    private final RandomSource rng;
    private final EnvironmentConfig config;
    private final EnvironmentSpec spec;
    private final int[] commonMap;
    private final byte[] nativeObs;
    private final byte[] commonObs;
    private final byte[] pixels; // ring of PIXEL_STACK frames
    private final byte[] cellValue = new byte[100];
    private int pixelHead; // index of the oldest frame
    private boolean nativeValid;
    private boolean commonValid;

    private int lastAction;
    private int steps;
    private double episodeReturn;
    private boolean done = true;
    private boolean started;

    /**
     * Wraps a game.
     *
     * @param game   the rules, built with {@code rng}
     * @param rng    the random source the game draws from; the sticky-action draw comes from it too
     * @param config variant, stickiness, cap and format (the game must already be built for its mode)
     */
    public GridEnvironment(GridGame game, RandomSource rng, EnvironmentConfig config) {
        this.game = Objects.requireNonNull(game, "game");
        this.rng = Objects.requireNonNull(rng, "rng");
        this.config = Objects.requireNonNull(config, "config");
        GameInfo info = game.info();
        int nativeChannels = info.channelNames().size();
        this.commonMap = game.commonChannels();
        checkArgument(commonMap.length == nativeChannels,
                "%s maps %s native channels to common ones but has %s channels", info.name(), commonMap.length,
                nativeChannels);
        this.nativeObs = new byte[nativeChannels * 100];
        this.commonObs = new byte[CommonLayout.CHANNELS * 100];
        this.pixels = config.format() == ObservationFormat.PIXELS
                ? new byte[PIXEL_STACK * PIXEL_SIZE * PIXEL_SIZE] : null;
        this.spec = switch (config.format()) {
            case NATIVE -> new EnvironmentSpec(info, config.mode(), config.difficulty(), config.format(),
                    nativeChannels, 10, 10, 1f, config.maxEpisodeSteps());
            case COMMON -> new EnvironmentSpec(info, config.mode(), config.difficulty(), config.format(),
                    CommonLayout.CHANNELS, 10, 10, 1f, config.maxEpisodeSteps());
            case PIXELS -> new EnvironmentSpec(info, config.mode(), config.difficulty(), config.format(),
                    PIXEL_STACK, PIXEL_SIZE, PIXEL_SIZE, 1f / 255f, config.maxEpisodeSteps());
        };
    }

    @Override
    public EnvironmentSpec spec() {
        return spec;
    }

    /** {@return the game's rules and state (behaviour policies read it)} */
    public GridGame game() {
        return game;
    }

    /** {@return the configuration this environment was built with} */
    public EnvironmentConfig config() {
        return config;
    }

    @Override
    public void reset() {
        game.reset();
        steps = 0;
        episodeReturn = 0;
        done = game.isTerminal();
        started = true;
        invalidate();
        if (pixels != null) {
            renderPixelFrame(0);
            for (int i = 1; i < PIXEL_STACK; i++) {
                System.arraycopy(pixels, 0, pixels, i * PIXEL_SIZE * PIXEL_SIZE, PIXEL_SIZE * PIXEL_SIZE);
            }
            pixelHead = 0;
        }
    }

    @Override
    public StepOutcome step(int action) {
        checkState(started, "step() before reset(): call reset() to start an episode");
        checkState(!done, "step() after the episode ended (terminal or truncated at %s steps): call reset()",
                steps);
        checkArgument(action >= 0 && action < spec.numActions(), "action must be in [0, %s) for %s; got %s",
                spec.numActions(), spec.name(), action);
        // MinAtar: one uniform draw first; below the sticky probability the previous executed action repeats.
        double u = rng.nextDouble();
        int executed = u < config.stickyActionProbability() ? lastAction : action;
        lastAction = executed;
        float reward = game.act(executed);
        steps++;
        episodeReturn += reward;
        boolean terminal = game.isTerminal();
        boolean truncated = !terminal && steps >= config.maxEpisodeSteps();
        done = terminal || truncated;
        invalidate();
        if (pixels != null) {
            renderPixelFrame(pixelHead);
            pixelHead = (pixelHead + 1) % PIXEL_STACK;
        }
        return StepOutcome.of(reward, terminal, truncated);
    }

    private void invalidate() {
        nativeValid = false;
        commonValid = false;
    }

    /**
     * {@return the game's own channels {@code [C_game, 10, 10]}, rendered now (a live internal buffer: do not
     * modify)}
     */
    public byte[] nativeObservation() {
        if (!nativeValid) {
            java.util.Arrays.fill(nativeObs, (byte) 0);
            game.render(nativeObs);
            nativeValid = true;
        }
        return nativeObs;
    }

    /** {@return the common-layout channels {@code [10, 10, 10]} (a live internal buffer: do not modify)} */
    public byte[] commonObservation() {
        if (!commonValid) {
            byte[] nat = nativeObservation();
            java.util.Arrays.fill(commonObs, (byte) 0);
            for (int c = 0; c < commonMap.length; c++) {
                int target = commonMap[c];
                if (target < 0) {
                    continue;
                }
                int src = c * 100;
                int dst = target * 100;
                for (int i = 0; i < 100; i++) {
                    commonObs[dst + i] |= nat[src + i];
                }
            }
            commonValid = true;
        }
        return commonObs;
    }

    private void renderPixelFrame(int slot) {
        byte[] common = commonObservation();
        int base = slot * PIXEL_SIZE * PIXEL_SIZE;
        for (int cell = 0; cell < 100; cell++) {
            cellValue[cell] = (byte) CommonLayout.intensity(CommonLayout.topChannel(common, 0, cell));
        }
        for (int py = 0; py < PIXEL_SIZE; py++) {
            int row = py * 10 / PIXEL_SIZE * 10;
            for (int px = 0; px < PIXEL_SIZE; px++) {
                pixels[base + py * PIXEL_SIZE + px] = cellValue[row + px * 10 / PIXEL_SIZE];
            }
        }
    }

    @Override
    public void observe(byte[] dst, int offset) {
        checkArgument(offset >= 0 && dst.length - offset >= spec.observationSize(),
                "observation buffer needs %s bytes from offset %s; got length %s", spec.observationSize(), offset,
                dst.length);
        switch (spec.format()) {
            case NATIVE -> System.arraycopy(nativeObservation(), 0, dst, offset, nativeObs.length);
            case COMMON -> System.arraycopy(commonObservation(), 0, dst, offset, commonObs.length);
            case PIXELS -> {
                int frame = PIXEL_SIZE * PIXEL_SIZE;
                for (int i = 0; i < PIXEL_STACK; i++) {
                    int slot = (pixelHead + i) % PIXEL_STACK;
                    System.arraycopy(pixels, slot * frame, dst, offset + i * frame, frame);
                }
            }
            default -> throw new IllegalStateException("unknown format " + spec.format());
        }
    }

    @Override
    public void observe(float[] dst, int offset) {
        checkArgument(offset >= 0 && dst.length - offset >= spec.observationSize(),
                "observation buffer needs %s floats from offset %s; got length %s", spec.observationSize(), offset,
                dst.length);
        switch (spec.format()) {
            case NATIVE -> copyBinary(nativeObservation(), dst, offset);
            case COMMON -> copyBinary(commonObservation(), dst, offset);
            case PIXELS -> {
                int frame = PIXEL_SIZE * PIXEL_SIZE;
                for (int i = 0; i < PIXEL_STACK; i++) {
                    int slot = (pixelHead + i) % PIXEL_STACK;
                    int src = slot * frame;
                    int out = offset + i * frame;
                    for (int j = 0; j < frame; j++) {
                        dst[out + j] = (pixels[src + j] & 0xFF) * (1f / 255f);
                    }
                }
            }
            default -> throw new IllegalStateException("unknown format " + spec.format());
        }
    }

    private static void copyBinary(byte[] src, float[] dst, int offset) {
        for (int i = 0; i < src.length; i++) {
            dst[offset + i] = src[i];
        }
    }

    @Override
    public int lastExecutedAction() {
        return lastAction;
    }

    @Override
    public int episodeSteps() {
        return steps;
    }

    @Override
    public double episodeReturn() {
        return episodeReturn;
    }

    @Override
    public boolean isDone() {
        return done;
    }
}
