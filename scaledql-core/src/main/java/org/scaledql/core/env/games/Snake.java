package org.scaledql.core.env.games;

import java.util.Arrays;
import java.util.List;
import org.scaledql.api.env.GameInfo;
import org.scaledql.api.env.GameMode;
import org.scaledql.api.env.RandomSource;
import org.scaledql.core.env.AbstractGridGame;
import org.scaledql.core.env.CommonLayout;

/**
 * Snake: the snake moves one cell per step; {@code l/u/r/d} turn it (a reversal is ignored, {@code n/f} keep
 * the heading). Food gives +1 and one cell of growth. The episode ends when the head leaves the grid or
 * hits the body, or after 100 steps without food (so no policy can loop forever).
 *
 * <p>Randomness: each food is placed with one {@code nextInt(number of free cells)} over the free cells in
 * row-major order (the first at reset). The snake starts as cells (3,5), (2,5), (1,5) heading right.
 */
public final class Snake extends AbstractGridGame {

    /** Steps without food that end the episode. */
    public static final int HUNGER = 100;

    /** Static description. */
    public static final GameInfo INFO = new GameInfo("snake", "scaledql", 6, List.of("head", "body", "food"),
            List.of(new GameMode(0, "default", "classic snake on a walled 10x10 grid")),
            List.of(0),
            "Steer the snake; +1 per food (and it grows); hitting a wall or yourself, or 100 steps without "
                    + "food, ends the episode.");

    private static final int[] DX = {0, -1, 0, 1, 0, 0};
    private static final int[] DY = {0, 0, -1, 0, 1, 0};

    private final int[] body = new int[100]; // ring buffer of cells, head at index head
    private final boolean[] occupied = new boolean[100];
    private int head;
    private int length;
    private int dir;
    private int food;
    private int hunger;
    private boolean terminal;
    // expert scratch
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
    public Snake(RandomSource rng, int mode, int difficulty) {
        super(INFO, rng, mode, difficulty);
    }


    @Override
    public void reset() {
        Arrays.fill(occupied, false);
        length = 3;
        head = 2;
        body[2] = 53;
        body[1] = 52;
        body[0] = 51;
        for (int i = 0; i < 3; i++) {
            occupied[body[i]] = true;
        }
        dir = RIGHT;
        hunger = 0;
        terminal = false;
        placeFood();
    }

    private int cellAt(int i) {
        return body[((head - i) % 100 + 100) % 100];
    }

    private void placeFood() {
        int free = 100 - length;
        if (free == 0) {
            food = -1;
            terminal = true;
            return;
        }
        int k = rng.nextInt(free);
        for (int c = 0; c < 100; c++) {
            if (!occupied[c] && k-- == 0) {
                food = c;
                return;
            }
        }
    }

    private static boolean opposite(int a, int b) {
        return (a == LEFT && b == RIGHT) || (a == RIGHT && b == LEFT) || (a == UP && b == DOWN)
                || (a == DOWN && b == UP);
    }

    @Override
    public float act(int a) {
        if (terminal) {
            return 0;
        }
        if (a >= LEFT && a <= DOWN && !opposite(a, dir)) {
            dir = a;
        }
        int h = cellAt(0);
        int x = h % 10 + DX[dir];
        int y = h / 10 + DY[dir];
        if (!onGrid(x, y)) {
            terminal = true;
            return 0;
        }
        int next = y * 10 + x;
        boolean eats = next == food;
        int tail = cellAt(length - 1);
        if (occupied[next] && !(next == tail && !eats)) {
            terminal = true;
            return 0;
        }
        if (!eats) {
            occupied[tail] = false;
        } else {
            length++;
        }
        head = (head + 1) % 100;
        body[head] = next;
        occupied[next] = true;
        if (eats) {
            hunger = 0;
            placeFood();
            return 1;
        }
        hunger++;
        if (hunger >= HUNGER) {
            terminal = true;
        }
        return 0;
    }

    @Override
    public boolean isTerminal() {
        return terminal;
    }

    @Override
    public void render(byte[] obs) {
        int h = cellAt(0);
        obs[h] = 1;
        for (int i = 1; i < length; i++) {
            obs[100 + cellAt(i)] = 1;
        }
        if (food >= 0) {
            obs[200 + food] = 1;
        }
    }

    @Override
    public int[] commonChannels() {
        return new int[] {CommonLayout.SELF, CommonLayout.SELF_AUX, CommonLayout.TARGET};
    }

    /** Cells reachable from {@code start} through free cells (the tail counts as free). */
    private int floodFill(int start, int blockedExtra) {
        Arrays.fill(seen, false);
        int tail = cellAt(length - 1);
        int n = 0;
        int qh = 0;
        queue[n++] = start;
        seen[start] = true;
        while (qh < n) {
            int c = queue[qh++];
            for (int a = LEFT; a <= DOWN; a++) {
                int x = c % 10 + DX[a];
                int y = c / 10 + DY[a];
                if (!onGrid(x, y)) {
                    continue;
                }
                int nc = y * 10 + x;
                if (!seen[nc] && nc != blockedExtra && (!occupied[nc] || nc == tail)) {
                    seen[nc] = true;
                    queue[n++] = nc;
                }
            }
        }
        return n;
    }

    /**
     * Expert: takes the first step of a shortest path to the food if the cell it enters still leaves room for
     * the whole snake; otherwise turns towards the free neighbour with the most reachable space.
     */
    @Override
    public int expertAction() {
        int h = cellAt(0);
        int tail = cellAt(length - 1);
        // BFS head -> food
        Arrays.fill(seen, false);
        Arrays.fill(parent, -1);
        int n = 0;
        int qh = 0;
        queue[n++] = h;
        seen[h] = true;
        boolean found = false;
        while (qh < n && !found) {
            int c = queue[qh++];
            for (int a = LEFT; a <= DOWN; a++) {
                int x = c % 10 + DX[a];
                int y = c / 10 + DY[a];
                if (!onGrid(x, y)) {
                    continue;
                }
                int nc = y * 10 + x;
                if (!seen[nc] && (!occupied[nc] || nc == tail)) {
                    seen[nc] = true;
                    parent[nc] = c;
                    queue[n++] = nc;
                    if (nc == food) {
                        found = true;
                        break;
                    }
                }
            }
        }
        int pathAction = -1;
        if (found) {
            int c = food;
            while (parent[c] != h) {
                c = parent[c];
            }
            pathAction = actionTowards(h, c);
            if (opposite(pathAction, dir) || floodFill(c, h) < length) {
                pathAction = -1;
            }
        }
        if (pathAction >= 0) {
            return pathAction;
        }
        int best = dir;
        int bestSpace = -1;
        for (int a = LEFT; a <= DOWN; a++) {
            if (opposite(a, dir)) {
                continue;
            }
            int x = h % 10 + DX[a];
            int y = h / 10 + DY[a];
            if (!onGrid(x, y)) {
                continue;
            }
            int nc = y * 10 + x;
            if (occupied[nc] && nc != tail) {
                continue;
            }
            int space = floodFill(nc, h);
            if (space > bestSpace) {
                bestSpace = space;
                best = a;
            }
        }
        return best;
    }

    private static int actionTowards(int from, int to) {
        int d = to - from;
        return d == 1 ? RIGHT : d == -1 ? LEFT : d == 10 ? DOWN : UP;
    }
}
