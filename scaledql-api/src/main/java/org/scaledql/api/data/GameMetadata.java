package org.scaledql.api.data;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

/**
 * What a transition store knows about one game: its name, the size of its action set, the shape of one
 * stored frame and the factor that turns stored uint8 values into network inputs.
 *
 * @param name             the game's name, unique within a store (e.g. {@code Pong})
 * @param numActions       size of the game's action set; stored actions lie in {@code [0, numActions)}
 * @param frameShape       shape of one frame {@code [C, H, W]}, all positive
 * @param observationScale factor applied to stored uint8 values (1/255 for Atari pixels, 1 for binary channels)
 */
public record GameMetadata(String name, int numActions, List<Integer> frameShape, float observationScale) {

    /**
     * Validates every field and copies the shape.
     *
     * @param name             the game's name, unique within a store (e.g. {@code Pong})
     * @param numActions       size of the game's action set; stored actions lie in {@code [0, numActions)}
     * @param frameShape       shape of one frame {@code [C, H, W]}, all positive
     * @param observationScale factor applied to stored uint8 values (1/255 for Atari pixels, 1 for binary channels)
     */
    public GameMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(frameShape, "frameShape");
        checkArgument(!name.isBlank(), "a game needs a non-blank name; got '%s'", name);
        checkArgument(numActions >= 1, "game %s needs numActions >= 1; got %s", name, numActions);
        frameShape = ImmutableList.copyOf(frameShape);
        checkArgument(frameShape.size() == 3 && frameShape.stream().allMatch(d -> d > 0),
                "game %s needs a frame shape [C, H, W] of positive sizes; got %s", name, frameShape);
        checkArgument(Float.isFinite(observationScale) && observationScale > 0,
                "game %s needs a finite positive observationScale (1/255 for pixels); got %s", name, observationScale);
        long bytes = (long) frameShape.get(0) * frameShape.get(1) * frameShape.get(2);
        checkArgument(bytes <= Integer.MAX_VALUE,
                "game %s frame %s has %s bytes; at most %s are supported", name, frameShape, bytes, Integer.MAX_VALUE);
    }

    /**
     * Convenience factory from an {@code int[]} shape, as {@link TransitionSink#declareGame} takes it.
     *
     * @param name             the game's name, unique within a store (e.g. {@code Pong})
     * @param numActions       size of the game's action set; stored actions lie in {@code [0, numActions)}
     * @param frameShape       shape of one frame {@code [C, H, W]}, all positive
     * @param observationScale factor applied to stored uint8 values (1/255 for Atari pixels, 1 for binary channels)
     * @return the metadata
     */
    public static GameMetadata of(String name, int numActions, int[] frameShape, float observationScale) {
        Objects.requireNonNull(frameShape, "frameShape");
        return new GameMetadata(name, numActions,
                java.util.Arrays.stream(frameShape).boxed().toList(), observationScale);
    }

    /** {@return number of bytes (uint8 values) in one frame: {@code C * H * W}} */
    public int frameBytes() {
        return frameShape.get(0) * frameShape.get(1) * frameShape.get(2);
    }

    /** {@return the frame shape as an array {@code [C, H, W]}} */
    public int[] frameShapeArray() {
        return frameShape.stream().mapToInt(Integer::intValue).toArray();
    }
}
