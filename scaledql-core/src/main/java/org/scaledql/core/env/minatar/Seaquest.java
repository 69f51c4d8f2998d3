package org.scaledql.core.env.minatar;

import java.util.ArrayList;
import java.util.List;
import org.scaledql.api.env.GameInfo;
import org.scaledql.api.env.GameMode;
import org.scaledql.api.env.RandomSource;
import org.scaledql.core.env.AbstractGridGame;
import org.scaledql.core.env.CommonLayout;

/**
 * MinAtar Seaquest (spec section 1.4): shoot fish and enemy subs, pick up divers, surface before the oxygen
 * runs out. Keeps the reference's diver count after a six-diver rescue (-1, the "legacy" behaviour) so
 * published numbers stay comparable, and the v1.0.11 oxygen bar. Mode 1 ({@code level5}) starts after five
 * ramps; mode 2 ({@code lowO2}) has 100 oxygen instead of 200; difficulty 1 turns ramping off.
 */
public final class Seaquest extends AbstractGridGame {

    /** Static description. */
    public static final GameInfo INFO = new GameInfo("seaquest", "minatar", 6,
            List.of("sub_front", "sub_back", "friendly_bullet", "trail", "enemy_bullet", "enemy_fish", "enemy_sub",
                    "oxygen_gauge", "diver_gauge", "diver"),
            List.of(new GameMode(0, "default", "MinAtar Seaquest"),
                    new GameMode(1, "level5", "starts after 5 ramps: enemy spawn every 15 steps, moves every 4"),
                    new GameMode(2, "lowO2", "maxOxygen 100 instead of 200: surface twice as often")),
            List.of(0, 1),
            "Move and fire; +1 per fish or sub shot; surface with 6 divers for an oxygen bonus; the game ends on "
                    + "contact with an enemy or enemy bullet, when oxygen runs out, or on surfacing with no diver.");

    private static final class Mover {
        int x;
        int y;
        boolean right;
        int timer;
        int shotTimer;

        Mover(int x, int y, boolean right, int timer, int shotTimer) {
            this.x = x;
            this.y = y;
            this.right = right;
            this.timer = timer;
            this.shotTimer = shotTimer;
        }

        void move() {
            x += right ? 1 : -1;
        }

        boolean off() {
            return x < 0 || x > 9;
        }
    }

    private int maxOxygen;
    private int sx;
    private int sy;
    private boolean facingRight;
    private final ArrayList<Mover> bullets = new ArrayList<>();
    private final ArrayList<Mover> divers = new ArrayList<>();
    private final ArrayList<Mover> fish = new ArrayList<>();
    private final ArrayList<Mover> subs = new ArrayList<>();
    private final ArrayList<Mover> enemyBullets = new ArrayList<>();
    private int oxygen;
    private int diverCount;
    private int eSpawnSpeed;
    private int eSpawnTimer;
    private int dSpawnTimer;
    private int moveSpeed;
    private int rampIndex;
    private int shotTimer;
    private boolean surfaced;
    private boolean terminal;

    /**
     * Builds the game; call {@link #reset()} before acting.
     *
     * @param rng        the random source of the game
     * @param mode       a mode of the game (0 = default)
     * @param difficulty a difficulty of the game (0 = default)
     */
    public Seaquest(RandomSource rng, int mode, int difficulty) {
        super(INFO, rng, mode, difficulty);
    }


    @Override
    public void reset() {
        maxOxygen = mode == 2 ? 100 : 200;
        sx = 5;
        sy = 0;
        facingRight = false;
        bullets.clear();
        divers.clear();
        fish.clear();
        subs.clear();
        enemyBullets.clear();
        oxygen = maxOxygen;
        diverCount = 0;
        if (mode == 1) {
            eSpawnSpeed = 15;
            moveSpeed = 3;
            rampIndex = 5;
        } else {
            eSpawnSpeed = 20;
            moveSpeed = 5;
            rampIndex = 0;
        }
        eSpawnTimer = eSpawnSpeed;
        dSpawnTimer = 30;
        shotTimer = 0;
        surfaced = true;
        terminal = false;
    }

    private boolean onPlayer(Mover m) {
        return m.x == sx && m.y == sy;
    }

    private static boolean removeAt(ArrayList<Mover> list, int x, int y) {
        for (int i = 0; i < list.size(); i++) {
            Mover m = list.get(i);
            if (m.x == x && m.y == y) {
                list.remove(i);
                return true;
            }
        }
        return false;
    }

    @Override
    public float act(int a) {
        if (terminal) {
            return 0;
        }
        float r = 0;
        // 1. enemy spawn
        if (eSpawnTimer == 0) {
            boolean right = rng.nextDouble() < 0.5;
            boolean isSub = rng.nextDouble() < 1.0 / 3.0;
            int row = 1 + rng.nextInt(8);
            boolean blocked = false;
            for (Mover m : fish) {
                blocked |= m.y == row && m.right != right;
            }
            for (Mover m : subs) {
                blocked |= m.y == row && m.right != right;
            }
            if (!blocked) {
                int x = right ? 0 : 9;
                if (isSub) {
                    subs.add(new Mover(x, row, right, moveSpeed, 10));
                } else {
                    fish.add(new Mover(x, row, right, moveSpeed, 0));
                }
            }
            eSpawnTimer = eSpawnSpeed;
        }
        // 2. diver spawn
        if (dSpawnTimer == 0) {
            boolean right = rng.nextDouble() < 0.5;
            int row = 1 + rng.nextInt(8);
            divers.add(new Mover(right ? 0 : 9, row, right, 5, 0));
            dSpawnTimer = 30;
        }
        // 3. player
        if (a == FIRE && shotTimer == 0) {
            bullets.add(new Mover(sx, sy, facingRight, 0, 0));
            shotTimer = 5;
        } else if (a == LEFT) {
            sx = Math.max(0, sx - 1);
            facingRight = false;
        } else if (a == RIGHT) {
            sx = Math.min(9, sx + 1);
            facingRight = true;
        } else if (a == UP) {
            sy = Math.max(0, sy - 1);
        } else if (a == DOWN) {
            sy = Math.min(8, sy + 1);
        }
        // 4. player bullets, newest first
        for (int i = bullets.size() - 1; i >= 0; i--) {
            Mover b = bullets.get(i);
            b.move();
            if (b.off()) {
                bullets.remove(i);
            } else if (removeAt(fish, b.x, b.y) || removeAt(subs, b.x, b.y)) {
                bullets.remove(i);
                r += 1;
            }
        }
        // 5. divers, newest first
        for (int i = divers.size() - 1; i >= 0; i--) {
            Mover d = divers.get(i);
            if (onPlayer(d) && diverCount < 6) {
                divers.remove(i);
                diverCount++;
            } else if (d.timer == 0) {
                d.timer = 5;
                d.move();
                if (d.off()) {
                    divers.remove(i);
                } else if (onPlayer(d) && diverCount < 6) {
                    divers.remove(i);
                    diverCount++;
                }
            } else {
                d.timer--;
            }
        }
        // 6. enemy subs, newest first
        for (int i = subs.size() - 1; i >= 0; i--) {
            Mover s = subs.get(i);
            if (onPlayer(s)) {
                terminal = true;
            }
            if (s.timer == 0) {
                s.timer = moveSpeed;
                s.move();
                if (s.off()) {
                    subs.remove(i);
                } else if (onPlayer(s)) {
                    terminal = true;
                } else if (removeAt(bullets, s.x, s.y)) {
                    subs.remove(i);
                    r += 1;
                }
            } else {
                s.timer--;
            }
            // the reference lets a sub removed above still fire this step
            if (s.shotTimer == 0) {
                s.shotTimer = 10;
                enemyBullets.add(new Mover(s.x, s.y, s.right, 0, 0));
            } else {
                s.shotTimer--;
            }
        }
        // 7. enemy bullets, newest first
        for (int i = enemyBullets.size() - 1; i >= 0; i--) {
            Mover b = enemyBullets.get(i);
            if (onPlayer(b)) {
                terminal = true;
            }
            b.move();
            if (b.off()) {
                enemyBullets.remove(i);
            } else if (onPlayer(b)) {
                terminal = true;
            }
        }
        // 8. fish, newest first
        for (int i = fish.size() - 1; i >= 0; i--) {
            Mover f = fish.get(i);
            if (onPlayer(f)) {
                terminal = true;
            }
            if (f.timer == 0) {
                f.timer = moveSpeed;
                f.move();
                if (f.off()) {
                    fish.remove(i);
                } else if (onPlayer(f)) {
                    terminal = true;
                } else if (removeAt(bullets, f.x, f.y)) {
                    fish.remove(i);
                    r += 1;
                }
            } else {
                f.timer--;
            }
        }
        // 9. timers
        if (eSpawnTimer > 0) {
            eSpawnTimer--;
        }
        if (dSpawnTimer > 0) {
            dSpawnTimer--;
        }
        if (shotTimer > 0) {
            shotTimer--;
        }
        // 10. oxygen and surfacing
        if (oxygen <= 0) {
            terminal = true;
        }
        if (sy > 0) {
            oxygen--;
            surfaced = false;
        } else if (!surfaced) {
            if (diverCount == 0) {
                terminal = true;
            } else {
                surfaced = true;
                if (diverCount == 6) {
                    r += oxygen * 10 / maxOxygen;
                    diverCount = 0;
                }
                oxygen = maxOxygen;
                diverCount--;
                if (difficulty == 0 && (eSpawnSpeed > 1 || moveSpeed > 2)) {
                    if (moveSpeed > 2 && rampIndex % 2 == 1) {
                        moveSpeed--;
                    }
                    if (eSpawnSpeed > 1) {
                        eSpawnSpeed--;
                    }
                    rampIndex++;
                }
            }
        }
        return r;
    }

    @Override
    public boolean isTerminal() {
        return terminal;
    }

    @Override
    public void render(byte[] obs) {
        set(obs, 0, sx, sy);
        set(obs, 1, facingRight ? sx - 1 : sx + 1, sy);
        for (Mover b : bullets) {
            set(obs, 2, b.x, b.y);
        }
        for (Mover b : enemyBullets) {
            set(obs, 4, b.x, b.y);
        }
        for (Mover f : fish) {
            set(obs, 5, f.x, f.y);
            set(obs, 3, f.right ? f.x - 1 : f.x + 1, f.y);
        }
        for (Mover s : subs) {
            set(obs, 6, s.x, s.y);
            set(obs, 3, s.right ? s.x - 1 : s.x + 1, s.y);
        }
        for (Mover d : divers) {
            set(obs, 9, d.x, d.y);
            set(obs, 3, d.right ? d.x - 1 : d.x + 1, d.y);
        }
        int bar = oxygen * 10 / maxOxygen;
        for (int x = 0; x < bar; x++) {
            set(obs, 7, x, 9);
        }
        for (int x = 9 - diverCount; x <= 8; x++) {
            set(obs, 8, x, 9);
        }
    }

    @Override
    public int[] commonChannels() {
        return new int[] {CommonLayout.SELF, CommonLayout.SELF_AUX, CommonLayout.FRIENDLY_SHOT, CommonLayout.TRAIL,
            CommonLayout.ENEMY_SHOT, CommonLayout.HAZARD, CommonLayout.HAZARD_ALT, CommonLayout.STRUCTURE,
            CommonLayout.AUX, CommonLayout.TARGET};
    }

    private boolean danger(int x, int y) {
        if (y == 0) {
            return false;
        }
        for (ArrayList<Mover> list : List.of(fish, subs)) {
            for (Mover m : list) {
                if (m.y == y && (m.x == x || (m.x + (m.right ? 1 : -1) == x && m.timer <= 1))) {
                    return true;
                }
            }
        }
        for (Mover b : enemyBullets) {
            if (b.y == y && (b.x == x || b.x + (b.right ? 1 : -1) == x || b.x + (b.right ? 2 : -2) == x)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Expert: avoids cells an enemy or enemy bullet occupies or enters next; surfaces when it carries divers
     * and oxygen runs low (or it holds six); otherwise fetches the nearest diver and shoots enemies in its row.
     */
    @Override
    public int expertAction() {
        boolean mustSurface = diverCount != 0 && (diverCount >= 6 || oxygen < 12 * sy + 40);
        int best = NOOP;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < 6; a++) {
            int nx = sx;
            int ny = sy;
            boolean face = facingRight;
            switch (a) {
                case LEFT -> {
                    nx = Math.max(0, sx - 1);
                    face = false;
                }
                case RIGHT -> {
                    nx = Math.min(9, sx + 1);
                    face = true;
                }
                case UP -> ny = Math.max(0, sy - 1);
                case DOWN -> ny = Math.min(8, sy + 1);
                default -> { }
            }
            double score = 0;
            if (danger(nx, ny)) {
                score -= 100;
            }
            if (ny == 0 && sy > 0 && diverCount == 0) {
                score -= 100; // surfacing with no diver ends the game
            }
            if (mustSurface) {
                score -= 5 * ny;
            } else {
                if (ny == 0 && diverCount != 0 && sy > 0) {
                    score -= 3; // no reason to surface early
                }
                double nearest = 30;
                for (Mover d : divers) {
                    nearest = Math.min(nearest, Math.abs(d.x - nx) + Math.abs(d.y - ny));
                }
                score -= 0.3 * nearest;
                if (divers.isEmpty()) {
                    score -= 0.2 * Math.abs(ny - 4);
                }
                boolean enemyAhead = false;
                boolean enemyBehind = false;
                for (ArrayList<Mover> list : List.of(fish, subs)) {
                    for (Mover m : list) {
                        if (m.y == ny) {
                            if (face ? m.x > nx : m.x < nx) {
                                enemyAhead = true;
                            } else if (m.x != nx) {
                                enemyBehind = true;
                            }
                        }
                    }
                }
                if (a == FIRE && shotTimer == 0 && enemyAhead) {
                    score += 4;
                }
                if (enemyBehind && !enemyAhead) {
                    score -= 0.5;
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = a;
            }
        }
        return best;
    }
}
