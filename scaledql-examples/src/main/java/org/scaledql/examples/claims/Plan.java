package org.scaledql.examples.claims;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claims' matrix as a list of steps: the data of each seed (generated once, shared by every arm), the held-out
 * games' data and the masked-autoencoder pre-training when claim (f) is chosen, and one run per (arm, seed), each
 * arm once however many claims use it.
 * Steps come in the order they should start: per seed its data, then the baseline (on which the transfer arms wait),
 * then the other arms.
 *
 * @param budget the budget
 * @param claims the chosen claims
 * @param seeds  seeds per arm ({@code 0 .. seeds-1})
 * @param arms   the arms the claims need, in catalogue order
 * @param steps  the steps
 */
public record Plan(Budget budget, List<Claim> claims, int seeds, List<Arm> arms, List<Step> steps) {

    /** What a step does. */
    public enum Type {
        /** Generate a seed's training data. */
        DATA,
        /** Generate a seed's held-out games' data. */
        HELD_OUT_DATA,
        /** Pre-train a seed's masked autoencoder on its training data (claim f's representation baseline). */
        MAE,
        /** Train (or score) one arm on one seed. */
        RUN
    }

    /**
     * One step.
     *
     * @param id     unique; also its directory under the output ({@code data/seed-S}, {@code runs/ARM/seed-S})
     * @param type   what it does
     * @param arm    the arm of a {@link Type#RUN}, else null
     * @param seed   the seed
     * @param deps   ids of the steps that must finish first
     * @param weight its estimated seconds on one core at the baseline's step rate (the runner refines runs' estimates
     *               by network size for its ETA)
     */
    public record Step(String id, Type type, Arm arm, int seed, List<String> deps, double weight) {
        /** Copies. */
        public Step {
            deps = List.copyOf(deps);
        }
    }

    /** Copies. */
    public Plan {
        claims = List.copyOf(claims);
        arms = List.copyOf(arms);
        steps = List.copyOf(steps);
    }

    /**
     * {@return the plan for these claims}
     *
     * @param budget the budget
     * @param claims the claims
     * @param seeds  seeds per arm, at least 1
     */
    public static Plan of(Budget budget, List<Claim> claims, int seeds) {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1; got " + seeds);
        }
        Map<String, Arm> catalogue = Claims.arms(budget);
        Set<String> wanted = new LinkedHashSet<>();
        for (Claim c : claims) {
            wanted.addAll(c.arms());
        }
        List<Arm> arms = new ArrayList<>();
        boolean needsBaseline = false;
        boolean needsHeldOut = false;
        boolean needsMae = false;
        for (Arm a : catalogue.values()) {
            if (wanted.contains(a.id())) {
                arms.add(a);
                needsBaseline |= a.kind().needsPretrained();
                needsHeldOut |= a.kind().needsHeldOutData();
                needsMae |= a.kind().needsMae();
            }
        }
        if (needsBaseline && arms.stream().noneMatch(a -> a.id().equals(Claims.BASELINE))) {
            arms.add(0, catalogue.get(Claims.BASELINE)); // the transfer arms start from it
        }
        // The baseline first: the transfer arms wait on it.
        arms.sort((x, y) -> Boolean.compare(!x.id().equals(Claims.BASELINE), !y.id().equals(Claims.BASELINE)));
        Map<String, Step> steps = new LinkedHashMap<>();
        for (int s = 0; s < seeds; s++) {
            String data = dataId(s);
            steps.put(data, new Step(data, Type.DATA, null, s, List.of(), budget.games().size()
                    * budget.transitionsPerGame() / 850.0));
            String heldOut = heldOutId(s);
            if (needsHeldOut) {
                steps.put(heldOut, new Step(heldOut, Type.HELD_OUT_DATA, null, s, List.of(),
                        budget.heldOutGames().size() * budget.heldOutTransitions() / 850.0));
            }
            String mae = maeId(s);
            if (needsMae) {
                steps.put(mae, new Step(mae, Type.MAE, null, s, List.of(data), budget.maeSteps() / 26.0));
            }
            for (Arm a : arms) {
                List<String> deps = new ArrayList<>();
                if (a.kind() == Arm.Kind.OFFLINE || a.kind() == Arm.Kind.BEHAVIOR
                        || a.kind() == Arm.Kind.DECISION_TRANSFORMER) {
                    deps.add(data);
                }
                if (a.kind().needsHeldOutData()) {
                    deps.add(heldOut);
                }
                if (a.kind().needsPretrained()) {
                    deps.add(runId(Claims.BASELINE, s));
                }
                if (a.kind().needsMae()) {
                    deps.add(mae);
                }
                String id = runId(a.id(), s);
                steps.put(id, new Step(id, Type.RUN, a, s, deps, weight(a, budget)));
            }
        }
        return new Plan(budget, claims, seeds, arms, new ArrayList<>(steps.values()));
    }

    /**
     * Estimated seconds on one core: about 26 steps per second (a floor; the runner refines it), evaluations and data at the demo's rate (its six
     * games' 120,000 dqn-log transitions took about 140 core-seconds).
     */
    private static double weight(Arm a, Budget b) {
        return switch (a.kind()) {
            case BEHAVIOR -> 1;
            case OFFLINE, FINETUNE_PRETRAINED, FINETUNE_SCRATCH, FINETUNE_MAE, FROZEN_MAE -> a.train().steps() / 26.0 + 30;
            case ONLINE_PRETRAINED, ONLINE_SCRATCH -> b.onlineSteps() / 4 / 26.0 + b.onlineSteps() * 0.004 + 10;
            case DECISION_TRANSFORMER -> b.dtConfig().steps() / 26.0 / Budget.DT_STEPS_PER_SQL_STEP + 30;
        };
    }

    /**
     * {@return the id (and directory) of a seed's data}
     *
     * @param seed the seed
     */
    public static String dataId(int seed) {
        return "data/seed-" + seed;
    }

    /**
     * {@return the id (and directory) of a seed's held-out data}
     *
     * @param seed the seed
     */
    public static String heldOutId(int seed) {
        return "heldout-data/seed-" + seed;
    }

    /**
     * {@return the id (and directory) of a seed's masked-autoencoder network}
     *
     * @param seed the seed
     */
    public static String maeId(int seed) {
        return "mae/seed-" + seed;
    }

    /**
     * {@return the id (and directory) of one run}
     *
     * @param arm  the arm id
     * @param seed the seed
     */
    public static String runId(String arm, int seed) {
        return "runs/" + arm + "/seed-" + seed;
    }

    /** {@return the runs only} */
    public List<Step> runs() {
        return steps.stream().filter(s -> s.type() == Type.RUN).toList();
    }
}
