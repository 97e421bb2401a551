package dev.vecgrad.core.kernels;

import static dev.vecgrad.core.kernels.TestArrays.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Sums and dot products. Adding n floats in any order is within {@code gamma(n-1) * sum|x_i|}
 * of the exact sum, where {@code gamma(n) = n u / (1 - n u)} and {@code u = 2^-24} (Higham,
 * "Accuracy and Stability of Numerical Algorithms", section 4.2). Both implementations are
 * held to that bound against a double-precision sum, so they are within twice the bound of
 * each other; column sums add in the same order in both and must be bit-identical.
 */
class ReductionKernelProperties {

    static final Kernels SCALAR = ElementwiseKernelProperties.SCALAR;
    static final Kernels SIMD = ElementwiseKernelProperties.SIMD;
    static final double U = 0x1.0p-24;

    static double gamma(int n) {
        return n * U / (1 - n * U);
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.oneOf(
                Arbitraries.of(0, 1, 2, 15, 16, 17, 31, 33, 63, 64, 65, 127, 129, 500, 4099),
                Arbitraries.integers().between(0, 2000));
    }

    private static void assertWithinSumBound(double exact, double magnitude, int terms, float actual, String what) {
        double bound = gamma(Math.max(terms, 1)) * magnitude;
        assertTrue(Math.abs(actual - exact) <= bound,
                what + ": " + actual + " vs exact " + exact + ", error " + Math.abs(actual - exact) + " > bound " + bound);
    }

    @Property(tries = 300)
    void sumIsWithinTheRoundingBound(@ForAll("sizes") int n, @ForAll long seed) {
        float[] x = TestArrays.uniform(new SplittableRandom(seed), n, 100f);
        double exact = 0, magnitude = 0;
        for (float v : x) {
            exact += v;
            magnitude += Math.abs(v);
        }
        for (Kernels k : new Kernels[] {SCALAR, SIMD}) {
            float[] padded = TestArrays.padded(x, 3);
            assertWithinSumBound(exact, magnitude, n - 1, k.sum(n, padded, 3), k.name() + " sum");
        }
    }

    @Property(tries = 300)
    void dotIsWithinTheRoundingBound(@ForAll("sizes") int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = TestArrays.uniform(r, n, 10f);
        float[] y = TestArrays.uniform(r, n, 10f);
        double exact = 0, magnitude = 0;
        for (int i = 0; i < n; i++) {
            exact += (double) x[i] * y[i];
            magnitude += Math.abs((double) x[i] * y[i]);
        }
        // Products are exact inside a fused multiply-add, so only the n additions round.
        for (Kernels k : new Kernels[] {SCALAR, SIMD}) {
            assertWithinSumBound(exact, magnitude, n, k.dot(n, TestArrays.padded(x, 2), 2, TestArrays.padded(y, 1), 1),
                    k.name() + " dot");
        }
    }

    /**
     * Both kernel sets give the same double, bit for bit, across the SIMD chunks (256) and
     * vector tails, within the per-term bounds of {@link FloatMathTest} plus the double sum's
     * own rounding; and a NaN logit makes the sum NaN on both.
     */
    @Property(tries = 300)
    void sigmoidCrossEntropySumIsBitIdenticalAndAccurate(@ForAll("sizes") int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] z = TestArrays.uniform(r, n, 30f);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = r.nextInt(10) == 0 ? z[i] * 5 : z[i];             // some past exp's flush at 87
            y[i] = r.nextBoolean() ? r.nextInt(2) : (float) r.nextDouble();
        }
        double exact = 0, bound = 0, magnitude = 0;
        for (int i = 0; i < n; i++) {
            exact += FloatMathTest.sigmoidCrossEntropyExact(z[i], y[i]);
            bound += FloatMathTest.sigmoidCrossEntropyBound(z[i], y[i]);
            magnitude += Math.abs(FloatMathTest.sigmoidCrossEntropyExact(z[i], y[i]));
        }
        bound += 2 * n * 0x1.0p-53 * magnitude;
        double scalar = SCALAR.sigmoidCrossEntropySum(n, TestArrays.padded(z, 3), 3, TestArrays.padded(y, 1), 1);
        double simd = SIMD.sigmoidCrossEntropySum(n, TestArrays.padded(z, 3), 3, TestArrays.padded(y, 1), 1);
        assertTrue(Double.doubleToLongBits(scalar) == Double.doubleToLongBits(simd), "scalar " + scalar + ", SIMD " + simd);
        assertTrue(Math.abs(scalar - exact) <= bound, "sum " + scalar + " vs exact " + exact + ", bound " + bound);
        if (n > 0) {
            z[r.nextInt(n)] = Float.NaN;
            assertTrue(Double.isNaN(SCALAR.sigmoidCrossEntropySum(n, z, 0, y, 0)));
            assertTrue(Double.isNaN(SIMD.sigmoidCrossEntropySum(n, z, 0, y, 0)));
        }
    }

    @Property(tries = 200)
    void columnSumsAreBitIdenticalAndAccurate(@ForAll("sizes") int cols, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int rows = 1 + r.nextInt(40);
        float[] x = TestArrays.uniform(r, rows * cols, 10f);
        float[] prior = TestArrays.uniform(r, cols, 10f);
        float beta = r.nextBoolean() ? 0f : (float) r.nextGaussian();
        float[][] outs = new float[2][];
        Kernels[] impls = {SCALAR, SIMD};
        for (int which = 0; which < 2; which++) {
            float[] out = TestArrays.padded(prior, 1);
            if (beta == 0f) {
                Arrays.fill(out, 1, 1 + cols, Float.NaN);            // beta 0 must not read the output
            }
            impls[which].columnSums(rows, cols, x, 0, beta, out, 1);
            outs[which] = Arrays.copyOfRange(out, 1, 1 + cols);
            for (int j = 0; j < cols; j++) {
                double exact = beta == 0f ? 0 : (double) beta * prior[j];
                double magnitude = Math.abs(exact);
                for (int i = 0; i < rows; i++) {
                    exact += x[i * cols + j];
                    magnitude += Math.abs(x[i * cols + j]);
                }
                assertWithinSumBound(exact, magnitude, rows + 1, outs[which][j], impls[which].name() + " columnSums");
            }
        }
        assertSameBits(outs[0], outs[1], "columnSums: simd vs scalar");
    }

    @Property(tries = 200)
    void rowSumsAreAccurate(@ForAll("sizes") int cols, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int rows = 1 + r.nextInt(8);
        float[] x = TestArrays.uniform(r, rows * cols, 10f);
        float[] prior = TestArrays.uniform(r, rows, 10f);
        float beta = r.nextBoolean() ? 0f : 1f;
        for (Kernels k : new Kernels[] {SCALAR, SIMD}) {
            float[] out = prior.clone();
            if (beta == 0f) {
                Arrays.fill(out, Float.NaN);
            }
            k.rowSums(rows, cols, x, 0, beta, out, 0);
            for (int i = 0; i < rows; i++) {
                double exact = beta * (double) prior[i];
                double magnitude = Math.abs(exact);
                for (int j = 0; j < cols; j++) {
                    exact += x[i * cols + j];
                    magnitude += Math.abs(x[i * cols + j]);
                }
                assertWithinSumBound(exact, magnitude, cols + 1, out[i], k.name() + " rowSums");
            }
        }
    }
}
