package org.scaledql.api.env;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Objects;

/**
 * Static description of one game of the testbed: what a network needs to know to play it.
 *
 * @param name             the game's name, as passed to the factory, e.g. {@code "breakout"}
 * @param family           where the game comes from: {@code "minatar"} or {@code "scaledql"}
 * @param numActions       size of the action set; actions are {@code [0, numActions)}
 * @param channelNames     the names of the game's own (native) observation channels, in order
 * @param modes            the supported modes; index i holds mode i, and mode 0 is the default
 * @param difficulties     the supported difficulty values (ALE-style); 0 is the default
 * @param description      one-paragraph rules summary
 */
public record GameInfo(String name, String family, int numActions, List<String> channelNames,
        List<GameMode> modes, List<Integer> difficulties, String description) {

    /**
     * Validates and copies the fields.
     *
     * @param name         the game's name, as passed to the factory, e.g. {@code "breakout"}
     * @param family       where the game comes from: {@code "minatar"} or {@code "scaledql"}
     * @param numActions   size of the action set; actions are {@code [0, numActions)}
     * @param channelNames the names of the game's own (native) observation channels, in order
     * @param modes        the supported modes; index i holds mode i, and mode 0 is the default
     * @param difficulties the supported difficulty values (ALE-style); 0 is the default
     * @param description  one-paragraph rules summary
     */
    public GameInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(description, "description");
        checkArgument(numActions >= 1, "a game has >= 1 action; got numActions=%s for %s", numActions, name);
        channelNames = List.copyOf(channelNames);
        modes = List.copyOf(modes);
        difficulties = List.copyOf(difficulties);
        checkArgument(!channelNames.isEmpty(), "a game has >= 1 channel; got none for %s", name);
        checkArgument(!modes.isEmpty() && modes.get(0).id() == 0,
                "a game's modes start with mode 0 (the default); got %s for %s", modes, name);
        for (int i = 0; i < modes.size(); i++) {
            checkArgument(modes.get(i).id() == i, "mode index i must hold mode id i; got id %s at index %s for %s",
                    modes.get(i).id(), i, name);
        }
        checkArgument(difficulties.contains(0), "difficulty 0 must be supported; got %s for %s", difficulties, name);
    }

    /**
     * {@return whether {@code mode} is one of this game's modes}
     *
     * @param mode a mode number
     */
    public boolean hasMode(int mode) {
        return mode >= 0 && mode < modes.size();
    }
}
