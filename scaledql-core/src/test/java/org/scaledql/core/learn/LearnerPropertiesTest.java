package org.scaledql.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.scaledql.api.nn.Support;

/**
 * Seeded property loops (no jqwik): each failure message names the seed and the input, so any failure
 * reproduces by setting that seed.
 */
class LearnerPropertiesTest {

    private static final long SEED = 1125;
    private static final int CASES = 500;

    private record Case(Support support, float[] probs, float reward, float discount) {
        @Override
        public String toString() {
            return "support=" + support + " reward=" + reward + " discount=" + discount + " probs=" + Arrays.toString(probs);
        }
    }

    private static Case randomCase(SplittableRandom rng) {
        int n = 2 + rng.nextInt(60);
        double vMin = rng.nextDouble(-50, 5);
        double vMax = vMin + rng.nextDouble(0.1, 60);
        float[] p = new float[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = rng.nextInt(4) == 0 ? 0f : (float) rng.nextDouble();
            sum += p[i];
        }
        if (sum == 0) {
            p[rng.nextInt(n)] = 1;
            sum = 1;
        }
        for (int i = 0; i < n; i++) {
            p[i] /= (float) sum;
        }
        float reward = (float) (rng.nextBoolean() ? rng.nextDouble(-200, 200) : rng.nextDouble(vMin, vMax));
        float discount = switch (rng.nextInt(4)) {
            case 0 -> 0f;
            case 1 -> 1f;
            default -> (float) rng.nextDouble();
        };
        return new Case(new Support(n, vMin, vMax), p, reward, discount);
    }

    private static float[] project(Case c) {
        float[] out = new float[c.probs.length];
        new CategoricalProjection(c.support).project(c.probs, new float[] {c.reward}, new float[] {c.discount}, out);
        return out;
    }

    @Test
    void projectedTargetIsADistributionForAnyRewardAndDiscount() {
        SplittableRandom rng = new SplittableRandom(SEED);
        for (int k = 0; k < CASES; k++) {
            Case c = randomCase(rng);
            float[] m = project(c);
            double sum = 0;
            for (float v : m) {
                assertThat(v).as("seed %s case %s: %s", SEED, k, c).isGreaterThanOrEqualTo(0f);
                sum += v;
            }
            assertThat(sum).as("seed %s case %s: %s", SEED, k, c).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void zeroRewardUnitDiscountIsTheIdentity() {
        SplittableRandom rng = new SplittableRandom(SEED + 1);
        for (int k = 0; k < CASES; k++) {
            Case c = randomCase(rng);
            Case id = new Case(c.support, c.probs, 0f, 1f);
            float[] m = project(id);
            for (int i = 0; i < m.length; i++) {
                assertThat(m[i]).as("seed %s case %s atom %s: %s", SEED + 1, k, i, id).isCloseTo(c.probs[i], within(1e-6f));
            }
        }
    }

    @Test
    void terminalGivesTheTwoHotOfTheClippedReward() {
        SplittableRandom rng = new SplittableRandom(SEED + 2);
        for (int k = 0; k < CASES; k++) {
            Case c = randomCase(rng);
            Case terminal = new Case(c.support, c.probs, c.reward, 0f);
            float[] m = project(terminal);
            double clipped = Math.min(c.support.vMax(), Math.max(c.support.vMin(), c.reward));
            double pos = (clipped - c.support.vMin()) / c.support.delta();
            int l = (int) Math.floor(pos);
            double mean = 0;
            int nonZero = 0;
            double[] z = c.support.atoms();
            for (int i = 0; i < m.length; i++) {
                mean += m[i] * z[i];
                if (m[i] > 1e-7) {
                    nonZero++;
                    assertThat(i).as("seed %s case %s: mass only on the two atoms around %s: %s", SEED + 2, k, clipped, terminal)
                            .isBetween(l, l + 1);
                }
            }
            assertThat(nonZero).isBetween(1, 2);
            assertThat(mean).as("seed %s case %s: %s", SEED + 2, k, terminal).isCloseTo(clipped, within(1e-4 * Math.max(1, Math.abs(clipped))));
        }
    }

    @Test
    void meanIsPreservedWhenNothingIsClipped() {
        SplittableRandom rng = new SplittableRandom(SEED + 3);
        int checked = 0;
        for (int k = 0; k < CASES; k++) {
            Case c = randomCase(rng);
            double[] z = c.support.atoms();
            boolean clipped = false;
            double expected = 0;
            for (int j = 0; j < z.length; j++) {
                double tz = c.reward + (double) c.discount * z[j];
                clipped |= c.probs[j] > 0 && (tz < c.support.vMin() || tz > c.support.vMax());
                expected += c.probs[j] * tz;
            }
            if (clipped) {
                continue;
            }
            float[] m = project(c);
            double mean = 0;
            for (int i = 0; i < m.length; i++) {
                mean += m[i] * z[i];
            }
            assertThat(mean).as("seed %s case %s: %s", SEED + 3, k, c).isCloseTo(expected, within(1e-4 * Math.max(1, Math.abs(expected))));
            checked++;
        }
        assertThat(checked).as("enough unclipped cases were generated").isGreaterThan(50);
    }

    @Test
    void massLandingExactlyOnAnAtomOrABoundStaysThere() {
        Support s = new Support(5, -2, 2); // atoms -2, -1, 0, 1, 2
        float[] out = new float[5];
        CategoricalProjection p = new CategoricalProjection(s);
        p.project(new float[] {0, 0, 1, 0, 0}, new float[] {1f}, new float[] {1f}, out); // 0 + 1 -> atom 1.0
        assertThat(out).containsExactly(0f, 0f, 0f, 1f, 0f);
        p.project(new float[] {0, 0, 0, 0, 1}, new float[] {5f}, new float[] {0.5f}, out); // clipped to vMax
        assertThat(out).containsExactly(0f, 0f, 0f, 0f, 1f);
        p.project(new float[] {1, 0, 0, 0, 0}, new float[] {-2f}, new float[] {0f}, out); // exactly vMin
        assertThat(out).containsExactly(1f, 0f, 0f, 0f, 0f);
        p.project(new float[] {0, 0, 1, 0, 0}, new float[] {0.25f}, new float[] {0f}, out); // between 0 and 1
        assertThat(out).containsExactly(0f, 0f, 0.75f, 0.25f, 0f);
    }

    @Test
    void cqlPenaltyIsNonNegativeAndShiftInvariant() {
        SplittableRandom rng = new SplittableRandom(SEED + 4);
        for (int k = 0; k < 100; k++) {
            int b = 1 + rng.nextInt(6);
            int a = 2 + rng.nextInt(8); // the train step requires >= 2 actions
            double[] q = new double[b * a];
            int[] actions = new int[b];
            for (int i = 0; i < q.length; i++) {
                q[i] = rng.nextDouble(-30, 30);
            }
            for (int i = 0; i < b; i++) {
                actions[i] = rng.nextInt(a);
            }
            double shift = rng.nextDouble(-1000, 1000);
            double base = cql(q, actions, b, a, 0);
            double shifted = cql(q, actions, b, a, shift);
            String input = "seed " + (SEED + 4) + " case " + k + ": q=" + Arrays.toString(q) + " actions="
                    + Arrays.toString(actions) + " shift=" + shift;
            assertThat(base).as(input).isGreaterThanOrEqualTo(0.0);
            assertThat(shifted).as(input).isCloseTo(base, within(1e-9 * Math.max(1, Math.abs(shift))));
        }
    }

    private static double cql(double[] q, int[] actions, int b, int a, double shift) {
        SameDiff sd = SameDiff.create();
        SDVariable qv = sd.var("q", Nd4j.createFromArray(q).reshape(b, a).add(shift));
        SDVariable onehot = sd.oneHot(sd.constant(Nd4j.createFromArray(actions)), a).castTo(DataType.DOUBLE);
        String name = Losses.cql(sd, qv, Losses.dataActionQ(qv, onehot)).name();
        return sd.output(java.util.Map.of(), name).get(name).getDouble(0);
    }
}
