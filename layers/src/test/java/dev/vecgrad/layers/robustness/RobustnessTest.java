package dev.vecgrad.layers.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.Dense;
import dev.vecgrad.layers.GaussianNoise;
import dev.vecgrad.layers.models.Fit;
import dev.vecgrad.layers.models.Sequential;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

/**
 * FGSM, PGD and Gaussian corruption on a small MLP trained to tell {@code x0 + x1 > 1} on
 * inputs in [0, 1]^4: what each promises about the inputs it returns, that the attacks raise
 * the loss, that strength 0 is exactly {@code evaluate}, seeds, and the errors.
 */
class RobustnessTest {

    private static final Sequential MODEL = trainedModel();
    private static final Tensor X = inputs(new SplittableRandom(99), 200);
    private static final Tensor Y = labels(X);

    /** Every coordinate moves by exactly eps along the gradient's sign, or stops at the range's bound, or stays (gradient 0). */
    @Property(tries = 30)
    void fgsmMovesEachCoordinateByEpsAlongTheSign(@ForAll @DoubleRange(min = 0.001, max = 0.6) @Scale(4) double eps,
                                                   @ForAll boolean clipped) {
        ValueRange range = clipped ? ValueRange.UNIT : ValueRange.UNBOUNDED;
        Tensor attacked = new Fgsm(eps, range).perturb(MODEL, X, Y);
        Tensor grad = MODEL.inputGradient(X, Y);
        float e = (float) eps;
        for (int i = 0; i < X.size(); i++) {
            float x = X.data()[i];
            float g = grad.data()[i];
            float moved = attacked.data()[i];
            String where = "coordinate " + i + ": x " + x + ", gradient " + g + ", attacked " + moved;
            if (g == 0) {
                assertEquals(x, moved, where);
            } else if (g > 0) {
                assertEquals(Math.min(range.max(), x + e), moved, where);
            } else {
                assertEquals(Math.max(range.min(), x - e), moved, where);
            }
        }
        assertFalse(Arrays.equals(X.toArray(), attacked.toArray()), "the attack moved nothing");
    }

    /** PGD's result lies in the eps-ball around x and in the value range, whatever eps, steps and seed. */
    @Property(tries = 20)
    void pgdStaysInTheBallAndTheRange(@ForAll @DoubleRange(min = 0.001, max = 0.6) @Scale(4) double eps,
                                      @ForAll @IntRange(min = 1, max = 6) int steps,
                                      @ForAll @DoubleRange(min = 0.001, max = 1.0) @Scale(4) double alpha, @ForAll long seed) {
        Tensor attacked = new Pgd(eps, alpha, steps, ValueRange.UNIT, seed).perturb(MODEL, X, Y);
        for (int i = 0; i < X.size(); i++) {
            double x = X.data()[i];
            double v = attacked.data()[i];
            // The projection computes x +- eps in float: eps as a float, plus half an ulp of the rounded result.
            double bound = (float) eps + 0.5 * Math.ulp((float) v);
            assertTrue(Math.abs(v - x) <= bound, "coordinate " + i + " left the ball: " + x + " -> " + v);
            assertTrue(v >= 0 && v <= 1, "coordinate " + i + " left [0, 1]: " + v);
        }
    }

    @Example
    void attacksRaiseTheLossAndLowerTheAccuracy() {
        double cleanLoss = MODEL.evaluate(X, Y).loss();
        double clean = Robustness.accuracy(MODEL, X, Y);
        assertTrue(clean > 0.9, "the model did not learn its task: accuracy " + clean);
        // To first order a small step along the gradient's sign raises every sample's loss.
        Tensor small = new Fgsm(1e-3, ValueRange.UNIT).perturb(MODEL, X, Y);
        assertTrue(MODEL.evaluate(small, Y).loss() > cleanLoss, "FGSM did not raise the loss");
        double fgsm = Robustness.accuracy(MODEL, new Fgsm(0.2, ValueRange.UNIT).perturb(MODEL, X, Y), Y);
        double pgd = Robustness.accuracy(MODEL, new Pgd(0.2, Pgd.defaultAlpha(0.2, 10), 10, ValueRange.UNIT, 5)
                .perturb(MODEL, X, Y), Y);
        assertTrue(fgsm < clean - 0.2, "FGSM at 0.2: " + fgsm + " against clean " + clean);
        assertTrue(pgd <= fgsm + 0.02, "PGD (10 steps) should be at least about as strong as FGSM: " + pgd + " vs " + fgsm);
    }

    @Example
    void strengthZeroIsExactlyEvaluate() {
        double evaluate = MODEL.evaluate(X, Y).get("accuracy");
        double[] zero = {0};
        assertEquals(evaluate, Robustness.fgsm(MODEL, X, Y, zero, ValueRange.UNIT, false).get(0).accuracy());
        assertEquals(evaluate, Robustness.pgd(MODEL, X, Y, zero, 3, ValueRange.UNIT, 1, false).get(0).accuracy());
        assertEquals(evaluate, Robustness.corruption(MODEL, X, Y, zero, 3, ValueRange.UNIT, 1, false).get(0).accuracy());
        // And a zero step of FGSM itself returns the inputs (gradient signs times 0).
        assertArrayEquals(X.toArray(), new Fgsm(0, ValueRange.UNIT).perturb(MODEL, X, Y).toArray());
    }

    @Example
    void curvesHaveOnePointPerLevelAndKeepInputsWhenAsked() {
        double[] levels = {0, 0.1, 0.3};
        List<RobustnessPoint> kept = Robustness.fgsm(MODEL, X, Y, levels, ValueRange.UNIT, true);
        assertEquals(3, kept.size());
        assertEquals(0.3, kept.get(2).level());
        assertArrayEquals(new Fgsm(0.3, ValueRange.UNIT).perturb(MODEL, X, Y).toArray(), kept.get(2).perturbed().toArray());
        assertNull(Robustness.fgsm(MODEL, X, Y, levels, ValueRange.UNIT, false).get(1).perturbed());
        List<RobustnessPoint> noise = Robustness.corruption(MODEL, X, Y, levels, 4, ValueRange.UNIT, 8, true);
        assertArrayEquals(new GaussianCorruption(0.1, ValueRange.UNIT, 8).perturb(MODEL.kernels(), X, 0).toArray(),
                noise.get(1).perturbed().toArray());
        assertTrue(noise.get(2).accuracy() < noise.get(0).accuracy(), "sigma 0.3 should cost accuracy: " + noise);
    }

    @Example
    void theSameSeedGivesTheSameDrawsAndAnotherSeedOthers() {
        Tensor a = new Pgd(0.1, 0.02, 3, ValueRange.UNIT, 4).perturb(MODEL, X, Y);
        assertArrayEquals(a.toArray(), new Pgd(0.1, 0.02, 3, ValueRange.UNIT, 4).perturb(MODEL, X, Y).toArray());
        assertFalse(Arrays.equals(a.toArray(), new Pgd(0.1, 0.02, 3, ValueRange.UNIT, 5).perturb(MODEL, X, Y).toArray()));
        GaussianCorruption c = new GaussianCorruption(0.2, ValueRange.UNBOUNDED, 4);
        assertArrayEquals(c.perturb(MODEL.kernels(), X, 1).toArray(), c.perturb(MODEL.kernels(), X, 1).toArray());
        assertFalse(Arrays.equals(c.perturb(MODEL.kernels(), X, 1).toArray(), c.perturb(MODEL.kernels(), X, 2).toArray()));
    }

    /** Unclipped, the corruption is sigma times a standard normal: its mean and spread over 800 values. */
    @Example
    void corruptionAddsNoiseOfTheGivenSpread() {
        Tensor noisy = new GaussianCorruption(0.5, ValueRange.UNBOUNDED, 3).perturb(MODEL.kernels(), X, 0);
        double sum = 0, squares = 0;
        for (int i = 0; i < X.size(); i++) {
            double d = noisy.data()[i] - X.data()[i];
            sum += d;
            squares += d * d;
        }
        int n = X.size();
        double mean = sum / n, sd = Math.sqrt(squares / n - mean * mean);
        // Standard errors: 0.5 / sqrt(800) = 0.018 for the mean, about 0.0125 for the spread; 4 of each.
        assertEquals(0, mean, 0.071);
        assertEquals(0.5, sd, 0.05);
    }

    @Example
    void badArgumentsAreClearErrors() {
        assertMessage("FGSM eps must be finite and >= 0", () -> new Fgsm(-0.1, ValueRange.UNIT));
        assertMessage("FGSM eps must be finite and >= 0", () -> new Fgsm(Double.NaN, ValueRange.UNIT));
        assertMessage("PGD needs at least 1 step", () -> new Pgd(0.1, 0.01, 0, ValueRange.UNIT, 1));
        assertMessage("PGD alpha must be finite and >= 0", () -> new Pgd(0.1, -1, 3, ValueRange.UNIT, 1));
        assertMessage("corruption sigma must be finite and >= 0", () -> new GaussianCorruption(-1, ValueRange.UNIT, 1));
        assertMessage("needs min <= max", () -> new ValueRange(1f, 0f));
        assertMessage("at least 1 draw",
                () -> Robustness.corruption(MODEL, X, Y, new double[] {0.1}, 0, ValueRange.UNIT, 1, false));
        assertMessage("give at least one level", () -> Robustness.fgsm(MODEL, X, Y, new double[0], ValueRange.UNIT, false));
        assertMessage("epsilons must be finite and >= 0",
                () -> Robustness.pgd(MODEL, X, Y, new double[] {0.1, -0.2}, 3, ValueRange.UNIT, 1, false));
        Tensor outside = X.copy();
        outside.data()[7] = 1.5f;
        assertMessage("input value 1.5 at flat index 7", () -> new Fgsm(0.1, ValueRange.UNIT).perturb(MODEL, outside, Y));
        Sequential noMetric = new Sequential(1);
        noMetric.add(new Dense(1, "sigmoid"));
        noMetric.compile("binary_crossentropy", "adam");
        assertMessage("compile the model with the metric \"accuracy\"", () -> Robustness.accuracy(noMetric, X, Y));
    }

    /** The call fails with an argument or state error whose message contains {@code part}. */
    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e instanceof IllegalArgumentException || e instanceof IllegalStateException, e.toString());
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    private static Sequential trainedModel() {
        Tensor x = inputs(new SplittableRandom(1), 400);
        Sequential model = new Sequential(2);
        model.add(new Dense(16, "relu"));
        model.add(new GaussianNoise(0.05));
        model.add(new Dense(1, "sigmoid"));
        model.compile("binary_crossentropy", "adam", "accuracy");
        model.fit(x, labels(x), Fit.epochs(60).batchSize(32).verbose(0));
        return model;
    }

    private static Tensor inputs(SplittableRandom random, int n) {
        Tensor x = Tensor.zeros(n, 4);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) random.nextDouble();
        }
        return x;
    }

    /** 1 where x0 + x1 > 1. */
    private static Tensor labels(Tensor x) {
        Tensor y = Tensor.zeros(x.dim(0), 1);
        for (int i = 0; i < x.dim(0); i++) {
            y.data()[i] = x.get(i, 0) + x.get(i, 1) > 1 ? 1f : 0f;
        }
        return y;
    }
}
