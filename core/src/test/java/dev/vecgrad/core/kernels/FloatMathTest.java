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
