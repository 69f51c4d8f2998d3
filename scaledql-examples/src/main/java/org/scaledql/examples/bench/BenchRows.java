package org.scaledql.examples.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.scaledql.api.dt.DecisionTransformerConfig;
import org.scaledql.api.nn.EncoderConfig;
import org.scaledql.api.nn.HeadConfig;
import org.scaledql.api.nn.ImpalaConfig;
import org.scaledql.api.nn.NatureCnnConfig;
import org.scaledql.api.nn.NetworkConfig;
import org.scaledql.api.nn.ResNetConfig;

/** The standard benchmark rows (issue 9) and the {@code --rows} selector. */
public final class BenchRows {

    /** Atari observation shape: 4 stacked 84x84 frames. */
    public static final int[] ATARI_SHAPE = {4, 84, 84};
    /** Games of the Atari rows (one C51 head each). */
    public static final int ATARI_GAMES = 5;
    /** Atari's full action set. */
    public static final int ATARI_ACTIONS = 18;
    /** The testbed's 10x10 observation with 10 channels (the common channel layout). */
    public static final int[] TESTBED_SHAPE = {10, 10, 10};
    /** Games of the testbed row. */
    public static final int TESTBED_GAMES = 10;
    /** Actions of the testbed games. */
    public static final int TESTBED_ACTIONS = 6;
    /** Torso width of the testbed network. */
    public static final int TESTBED_TORSO = 256;

    private BenchRows() {
    }

    /**
     * Every standard row: Nature CNN, IMPALA CNN, ResNet-18 and ResNet-34 (width 1, group norm with 8 groups,
     * ImageNet stem, spatial embedding) at 84x84x4 with C51 heads for 5 games and 18 actions, batch 32 and 64;
     * then the testbed network ({@code ResNetConfig(18, 0.25, 4, SMALL)} on {@code [10, 10, 10]}, 10 games,
     * 6 actions, torso 256) at batch 32 and 64. Every network uses the library defaults otherwise (spatial
     * embedding, torso 512, feature normalization, 51 atoms on [-10, 10]). Last the Decision Transformer's {@code
     * dt-small} preset ({@link DecisionTransformerConfig#small()}) on the testbed's observations, games and
     * actions, 32 windows of 8 steps.
     */
    public static List<BenchRow> standard() {
        List<BenchRow> rows = new ArrayList<>();
        addAtari(rows, "nature", NatureCnnConfig.defaults());
        addAtari(rows, "impala", ImpalaConfig.defaults());
        addAtari(rows, "resnet18", ResNetConfig.depth(18));
        addAtari(rows, "resnet34", ResNetConfig.depth(34));
        for (int b : new int[] {32, 64}) {
            rows.add(new BenchRow("testbed", b, testbedConfig()));
        }
        DecisionTransformerConfig dt = DecisionTransformerConfig.small();
        rows.add(new BenchRow("dt", 32, NetworkConfig.builder(TESTBED_SHAPE, TESTBED_GAMES, TESTBED_ACTIONS)
                .encoder(dt.encoder()).build(), dt));
        return List.copyOf(rows);
    }

    /** The testbed network the demo uses. */
    public static NetworkConfig testbedConfig() {
        return NetworkConfig.builder(TESTBED_SHAPE, TESTBED_GAMES, TESTBED_ACTIONS)
                .encoder(new ResNetConfig(18, 0.25, 4, ResNetConfig.Stem.SMALL))
                .torso(TESTBED_TORSO)
                .head(HeadConfig.c51())
                .build();
    }

    private static void addAtari(List<BenchRow> rows, String name, EncoderConfig encoder) {
        NetworkConfig c = NetworkConfig.builder(ATARI_SHAPE, ATARI_GAMES, ATARI_ACTIONS).encoder(encoder).build();
        for (int b : new int[] {32, 64}) {
            rows.add(new BenchRow(name, b, c));
        }
    }

    /**
     * The rows matching the selectors, in the order of {@code all}. A selector is a network name (every batch
     * size), a row id {@code network/batch}, or {@code all}.
     *
     * @throws IllegalArgumentException naming the selector and the valid ones if a selector matches nothing
     */
    public static List<BenchRow> select(List<BenchRow> all, List<String> selectors) {
        if (selectors == null || selectors.isEmpty()) {
            return all;
        }
        Set<BenchRow> chosen = new LinkedHashSet<>();
        for (String s : selectors) {
            String sel = s.trim();
            List<BenchRow> hit = all.stream()
                    .filter(r -> sel.equals("all") || r.network().equals(sel) || r.id().equals(sel))
                    .toList();
            if (hit.isEmpty()) {
                Set<String> valid = new LinkedHashSet<>();
                all.forEach(r -> valid.add(r.network()));
                all.forEach(r -> valid.add(r.id()));
                throw new IllegalArgumentException("--rows: unknown row '" + sel + "'; expected 'all', a network or "
                        + "network/batch, one of " + valid);
            }
            chosen.addAll(hit);
        }
        return all.stream().filter(chosen::contains).toList();
    }
}
