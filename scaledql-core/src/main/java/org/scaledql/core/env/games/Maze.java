package org.scaledql.core.env.games;

import java.util.Arrays;
import java.util.List;
import org.scaledql.api.env.GameInfo;
import org.scaledql.api.env.GameMode;
import org.scaledql.api.env.RandomSource;
import org.scaledql.core.env.AbstractGridGame;
import org.scaledql.core.env.CommonLayout;

/**
 * Maze, a Pac-Man-like: the player walks a fixed walled maze eating pellets (+1 each; when all are eaten
 * they all come back) while two ghosts move every other step, each chasing the player with probability
 * 0.75 and otherwise taking a random open direction. Touching a ghost (or swapping cells with one) ends the
 * episode.
 *
 * <p>Randomness: on each ghost move, per ghost, one {@code nextDouble()} (chase if below 0.75) and, when
 * it does not chase, one {@code nextInt(number of open neighbours)}. Reset draws nothing.
 */
public final class Maze extends AbstractGridGame {

    /** Static description. */
    public static final GameInfo INFO = new GameInfo("maze", "scaledql", 6,
            List.of("player", "ghost", "pellet", "wall", "trail"),
            List.of(new GameMode(0, "default", "two ghosts")),
            List.of(0),
            "Walk the maze; +1 per pellet (they refill when all are eaten); a ghost ends the episode.");

    private static final String[] LAYOUT = {
        "##########",
        "#........#",
        "#.##..##.#",
        "#.#....#.#",
        "#...##...#",
        "#...##...#",
        "#.#....#.#",
        "#.##..##.#",
        "#........#",
        "##########"};

    private static final boolean[] WALL = new boolean[100];
    private static final int[] DX = {0, -1, 0, 1, 0, 0};
    private static final int[] DY = {0, 0, -1, 0, 1, 0};

    static {
        for (int i = 0; i < 100; i++) {
            WALL[i] = LAYOUT[i / 10].charAt(i % 10) == '#';
        }
    }

    private static final int START = 8 * 10 + 1;
    private static final int[] GHOST_START = {1 * 10 + 8, 3 * 10 + 4};

    private int player;
    private final int[] ghosts = new int[2];
    private final int[] ghostLast = new int[2];
    private final boolean[] pellets = new boolean[100];
    private int pelletCount;
    private boolean ghostMoves;
    private boolean terminal;
    private final int[] open = new int[4];
    private final int[] queue = new int[100];
    private final int[] parent = new int[100];
    private final boolean[] seen = new boolean[100];

    /**
     * Builds the game; call {@link #reset()} before acting.
     *
     * @param rng        the random source of the game
     * @param mode       a mode of the game (0 = default)
     * @param difficulty a difficulty of the game (0 = default)
     */
    public Maze(RandomSource rng, int mode, int difficulty) {
        super(INFO, rng, mode, difficulty);
    }


    @Override
    public void reset() {
        player = START;
        System.arraycopy(GHOST_START, 0, ghosts, 0, 2);
        System.arraycopy(GHOST_START, 0, ghostLast, 0, 2);
        refill();
        ghostMoves = false;
        terminal = false;
    }

    private void refill() {
        pelletCount = 0;
        for (int i = 0; i < 100; i++) {
            pellets[i] = !WALL[i] && i != player;
            if (pellets[i]) {
                pelletCount++;
            }
        }
    }

    private static int move(int cell, int a) {
        int x = cell % 10 + DX[a];
        int y = cell / 10 + DY[a];
        int n = y * 10 + x;
        return WALL[n] ? cell : n; // the border is all wall, so x, y stay on the grid
    }

    private static int manhattan(int a, int b) {
        return Math.abs(a % 10 - b % 10) + Math.abs(a / 10 - b / 10);
    }

    @Override
    public float act(int a) {
        if (terminal) {
            return 0;
        }
        float r = 0;
        if (a >= LEFT && a <= DOWN) {
            player = move(player, a);
        }
        if (pellets[player]) {
            pellets[player] = false;
            pelletCount--;
            r += 1;
            if (pelletCount == 0) {
                refill();
            }
        }
        for (int g : ghosts) {
            terminal |= g == player;
        }
        if (ghostMoves) {
            for (int i = 0; i < 2; i++) {
                int g = ghosts[i];
                int n = 0;
                for (int d = LEFT; d <= DOWN; d++) {
                    int c = move(g, d);
                    if (c != g) {
                        open[n++] = c;
                    }
                }
                int next;
                if (rng.nextDouble() < 0.75) {
                    next = open[0];
                    for (int k = 1; k < n; k++) {
                        if (manhattan(open[k], player) < manhattan(next, player)) {
                            next = open[k];
                        }
                    }
                } else {
                    next = open[rng.nextInt(n)];
                }
                ghostLast[i] = g;
                ghosts[i] = next;
                terminal |= next == player; // (a swap of cells was caught above: the player entered g)
            }
        } else {
            ghostLast[0] = ghosts[0];
            ghostLast[1] = ghosts[1];
        }
        ghostMoves = !ghostMoves;
        return r;
    }

    @Override
    public boolean isTerminal() {
        return terminal;
    }

    @Override
    public void render(byte[] obs) {
        obs[player] = 1;
        for (int i = 0; i < 2; i++) {
            obs[100 + ghosts[i]] = 1;
            if (ghostLast[i] != ghosts[i]) {
                obs[400 + ghostLast[i]] = 1;
            }
        }
        for (int i = 0; i < 100; i++) {
            if (pellets[i]) {
                obs[200 + i] = 1;
            }
            if (WALL[i]) {
                obs[300 + i] = 1;
            }
        }
    }

    @Override
    public int[] commonChannels() {
        return new int[] {CommonLayout.SELF, CommonLayout.HAZARD, CommonLayout.TARGET, CommonLayout.STRUCTURE,
            CommonLayout.TRAIL};
    }

    private boolean nearGhost(int cell) {
        for (int g : ghosts) {
            if (manhattan(g, cell) <= 2) {
                return true;
            }
        }
        return false;
    }

    /**
     * Expert: shortest path to the nearest pellet through cells more than two steps from every ghost; if none
     * exists, the move that keeps it farthest from the nearest ghost.
     */
    @Override
    public int expertAction() {
        Arrays.fill(seen, false);
        int n = 0;
        int qh = 0;
        queue[n++] = player;
        seen[player] = true;
        parent[player] = -1;
        int goal = -1;
        while (qh < n && goal < 0) {
            int c = queue[qh++];
            for (int d = LEFT; d <= DOWN; d++) {
                int nc = move(c, d);
                if (nc != c && !seen[nc] && !nearGhost(nc)) {
                    seen[nc] = true;
                    parent[nc] = c;
                    queue[n++] = nc;
                    if (pellets[nc]) {
                        goal = nc;
                        break;
                    }
                }
            }
        }
        if (goal >= 0) {
            int c = goal;
            while (parent[c] != player) {
                c = parent[c];
            }
            for (int d = LEFT; d <= DOWN; d++) {
                if (move(player, d) == c) {
                    return d;
                }
            }
        }
        int best = NOOP;
        int bestDist = -1;
        for (int d = NOOP; d <= DOWN; d++) {
            int c = d == NOOP ? player : move(player, d);
            int dist = Integer.MAX_VALUE;
            for (int g : ghosts) {
                dist = Math.min(dist, manhattan(g, c));
            }
            if (dist > bestDist) {
                bestDist = dist;
                best = d;
            }
        }
        return best;
    }
}
