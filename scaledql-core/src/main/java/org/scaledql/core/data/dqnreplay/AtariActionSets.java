package org.scaledql.core.data.dqnreplay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Sizes of the Atari games' minimal action sets, the action ids DQN-Replay stores (from the Multi-Game
 * Decision Transformer colab; {@code atari-minimal-action-sets.tsv}).
 */
public final class AtariActionSets {

    private static final Map<String, Integer> SIZES = load();

    private AtariActionSets() {
    }

    /**
     * {@return the size of {@code game}'s minimal action set (CamelCase gym name, e.g. {@code MsPacman}), if known}
     *
     * @param game the game's gym name
     */
    public static OptionalInt numActions(String game) {
        Integer n = SIZES.get(game);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** {@return all known games} */
    public static java.util.Set<String> games() {
        return SIZES.keySet();
    }

    private static Map<String, Integer> load() {
        Map<String, Integer> m = new TreeMap<>();
        try (InputStream in = AtariActionSets.class.getResourceAsStream("atari-minimal-action-sets.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split("\t");
                m.put(f[0], Integer.parseInt(f[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }
}
