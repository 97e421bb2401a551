package dev.vecgrad.core.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Random test data and bit-exact comparisons. */
final class TestArrays {

    private TestArrays() {
    }

    /** Floats spread over [-range, range) with full precision (not jqwik's two decimals). */
    static float[] uniform(SplittableRandom random, int n, float range) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((random.nextDouble() * 2 - 1) * range);
        }
        return x;
    }

    /**
     * Like {@link #uniform}, but about one value in eight is special: NaN, an infinity,
     * a signed zero, a huge or a tiny value. Kernels must treat them identically.
     */
    static float[] withSpecials(SplittableRandom random, int n, float range) {
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
            1e30f, -1e30f, 1e-30f, -1e-30f, 100f, -100f, 88.7f, -88.7f, 1e-4f, -1e-4f};
        float[] x = uniform(random, n, range);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(8) == 0) {
                x[i] = specials[random.nextInt(specials.length)];
            }
        }
        return x;
    }

    /** A copy with {@code pad} extra NaN elements before and after, so that stray reads or writes show. */
    static float[] padded(float[] x, int pad) {
        float[] out = new float[x.length + 2 * pad];
        Arrays.fill(out, Float.NaN);
        System.arraycopy(x, 0, out, pad, x.length);
        return out;
    }

    static void assertSameBits(float[] expected, float[] actual, String what) {
        if (expected.length != actual.length) {
            fail(what + ": lengths " + expected.length + " and " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(what + ": element " + i + " differs: expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    /** Distance in units in the last place between two finite floats of the same sign. */
    static double ulps(float actual, double exact) {
        float rounded = (float) exact;
        float ulp = Math.ulp(rounded == 0f ? Float.MIN_NORMAL : rounded);
        return Math.abs(actual - exact) / ulp;
    }
}
