package dev.vecgrad.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the float polynomials against {@code double} {@link Math}, in ulps of the
 * float result, over a dense sweep of each function's useful range. The bounds are those the
 * javadoc of {@link FloatMath} promises.
 */
class FloatMathTest {

    interface FloatFunction {
        float apply(float x);
    }

    /** Largest error in ulps of {@code f} against {@code exact} at {@code count} points in [lo, hi]. */
    private static double worstUlps(FloatFunction f, DoubleUnaryOperator exact, float lo, float hi, int count) {
        SplittableRandom random = new SplittableRandom(42);
        double worst = 0;
        for (int i = 0; i < count; i++) {
            float x = (float) (lo + (hi - lo) * random.nextDouble());
            double e = exact.applyAsDouble(x);
            worst = Math.max(worst, TestArrays.ulps(f.apply(x), e));
        }
        return worst;
    }

    @Test
    void expIsWithinTwoUlps() {
        assertTrue(worstUlps(FloatMath::exp, Math::exp, -87f, 88.7f, 1_000_000) <= 2.0);
        assertTrue(worstUlps(FloatMath::exp, Math::exp, -1f, 1f, 200_000) <= 2.0);
    }

    @Test
    void expAtTheEdges() {
        assertEquals(Float.POSITIVE_INFINITY, FloatMath.exp(89f));
        assertEquals(Float.POSITIVE_INFINITY, FloatMath.exp(Float.POSITIVE_INFINITY));
        assertEquals(0f, FloatMath.exp(-88f));
        assertEquals(0f, FloatMath.exp(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(FloatMath.exp(Float.NaN)));
        assertEquals(1f, FloatMath.exp(0f));
        assertEquals(1f, FloatMath.exp(-0f));
        // The largest finite result and the smallest normal one are still reached.
        assertTrue(TestArrays.ulps(FloatMath.exp(FloatMath.EXP_HI), Math.exp(FloatMath.EXP_HI)) <= 2.0);
        assertTrue(TestArrays.ulps(FloatMath.exp(FloatMath.EXP_LO), Math.exp(FloatMath.EXP_LO)) <= 2.0);
    }

    @Test
    void sigmoidIsWithinThreeUlps() {
        assertTrue(worstUlps(FloatMath::sigmoid, x -> 1 / (1 + Math.exp(-x)), -80f, 80f, 1_000_000) <= 3.0);
        assertEquals(0.5f, FloatMath.sigmoid(0f));
        assertEquals(1f, FloatMath.sigmoid(100f));
        assertEquals(0f, FloatMath.sigmoid(-100f));
        assertEquals(1f, FloatMath.sigmoid(Float.POSITIVE_INFINITY));
        assertEquals(0f, FloatMath.sigmoid(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(FloatMath.sigmoid(Float.NaN)));
    }

    @Test
    void tanhIsWithinThreeUlps() {
        assertTrue(worstUlps(FloatMath::tanh, Math::tanh, -10f, 10f, 1_000_000) <= 3.0);
        assertTrue(worstUlps(FloatMath::tanh, Math::tanh, -0.7f, 0.7f, 200_000) <= 3.0);
        assertTrue(worstUlps(FloatMath::tanh, Math::tanh, -1e-3f, 1e-3f, 100_000) <= 3.0);
        assertEquals(1f, FloatMath.tanh(50f));
        assertEquals(-1f, FloatMath.tanh(-1000f));
        assertEquals(1f, FloatMath.tanh(Float.POSITIVE_INFINITY));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(FloatMath.tanh(-0f)));
        assertTrue(Float.isNaN(FloatMath.tanh(Float.NaN)));
    }

    @Test
    void logIsWithinTwoUlpsOnTheGaussianRange() {
        // The Box-Muller radius takes logs of (k + 1) * 2^-24 for k in [0, 2^24): check the whole grid's ends and a sweep.
        double worst = 0;
        for (int k = 0; k < 1 << 24; k += 7) {
            float u = (k + 1) * 0x1.0p-24f;
            worst = Math.max(worst, TestArrays.ulps(FloatMath.logPositiveNormal(u), Math.log(u)));
        }
        assertTrue(worst <= 2.0, "worst log error " + worst + " ulps");
        assertEquals(0f, FloatMath.logPositiveNormal(1f));
        assertTrue(worstUlps(FloatMath::logPositiveNormal, Math::log, 1e-30f, 1e30f, 200_000) <= 2.0);
    }

    /**
     * Error of {@link FloatMath#sigmoidCrossEntropy} against double, derived with u = 2^-24:
     * the relu part {@code r} is one fma (u |r|); the log1p part {@code s}: e^-|z| within 2 ulp
     * (4u) moves s by at most 4u t <= 4u s / ln 2 (s >= t ln 2 for t in [0, 1]), Goldberg's
     * formula with a 2-ulp log adds about 7u s (log 4u, multiply, divide, log1p(x)/x's slope);
     * the final add u (|r| + s). So {@code 2u |r| + 14u s}, held to {@code 2u |r| + 16u s} for
     * the second-order terms. Below e^-87 the log1p part is 0 (exp flushes subnormals): at
     * most {@code s} itself, under 1.2e-38.
     */
    static double sigmoidCrossEntropyBound(float z, float y) {
        double r = Math.abs(Math.max(z, 0.0) - (double) z * y);
        double s = Math.log1p(Math.exp(-Math.abs((double) z)));
        return (2 * r + 16 * s) * 0x1.0p-24 + (-Math.abs(z) < FloatMath.EXP_LO ? s : 0);
    }

    static double sigmoidCrossEntropyExact(float z, float y) {
        return Math.max(z, 0.0) - (double) z * y + Math.log1p(Math.exp(-Math.abs((double) z)));
    }

    @Test
    void sigmoidCrossEntropyIsWithinItsDerivedBound() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            float z = (float) (random.nextDouble(-100, 100) * (i % 3 == 0 ? 0.01 : 1));
            // Hard labels, then soft ones (Keras takes any label in [0, 1] here).
            float y = i % 2 == 0 ? random.nextInt(2) : (float) random.nextDouble();
            double error = Math.abs(FloatMath.sigmoidCrossEntropy(z, y) - sigmoidCrossEntropyExact(z, y));
            assertTrue(error <= sigmoidCrossEntropyBound(z, y), "z " + z + ", y " + y + ": error " + error);
        }
        assertEquals((float) Math.log(2), FloatMath.sigmoidCrossEntropy(0f, 1f));
        assertEquals(0f, FloatMath.sigmoidCrossEntropy(1e30f, 1f));
        assertEquals(1e30f, FloatMath.sigmoidCrossEntropy(-1e30f, 1f));
        // Where 1 + e^-|z| rounds to 1, log1p's value is e^-|z| itself, not 0.
        assertEquals(FloatMath.exp(-20f), FloatMath.sigmoidCrossEntropy(20f, 1f));
        assertTrue(Float.isNaN(FloatMath.sigmoidCrossEntropy(Float.NaN, 1f)));
    }

    @Test
    void sinAndCosOfATurnAreWithinTwoUlpsPlusTheAngleRounding() {
        // Absolute error: the angle is u * 2 pi with pi/2 rounded to float, worth about 1e-7 radians at a full turn.
        double worst = 0;
        for (int k = 0; k < 1 << 24; k += 5) {
            float u = k * 0x1.0p-24f;
            double angle = 2 * Math.PI * u;
            worst = Math.max(worst, Math.abs(FloatMath.cosTurn(u) - Math.cos(angle)));
            worst = Math.max(worst, Math.abs(FloatMath.sinTurn(u) - Math.sin(angle)));
        }
        assertTrue(worst <= 3e-7, "worst sin/cos error " + worst);
        assertEquals(1f, FloatMath.cosTurn(0f));
        assertEquals(0f, FloatMath.sinTurn(0f));
        assertEquals(-1f, FloatMath.cosTurn(0.5f));
        assertEquals(1f, FloatMath.sinTurn(0.25f));
        assertEquals(-1f, FloatMath.sinTurn(0.75f));
    }
}
