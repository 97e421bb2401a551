package dev.vecgrad.core.kernels;

import static dev.vecgrad.core.kernels.TestArrays.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fused kernels a dense layer runs on: {@code linear} (GEMM + bias + ReLU),
 * {@code reluBackwardBiasGrad}, {@code denseParamGrads} and {@code addGaussianNoise}.
 * Each is held to what its unfused parts compute, and SIMD to scalar.
 */
class FusedKernelProperties {

    static final Kernels SCALAR = ElementwiseKernelProperties.SCALAR;
    static final Kernels SIMD = ElementwiseKernelProperties.SIMD;
    static final int PAD = 3;

    @Provide
    Arbitrary<Integer> dims() {
        return Arbitraries.oneOf(
                Arbitraries.of(0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 32, 33, 63, 65, 130),
                Arbitraries.integers().between(0, 90));
    }

    // ---------------------------------------------------------------- linear

    /**
     * Each output is a sum of k products and the bias; in any order its float value is within
     * {@code gamma(k + 1) * (sum |x w| + |b|)} of the exact one (Higham 3.5), and a ReLU, being
     * 1-Lipschitz, does not widen the gap.
     */
    @Property(tries = 300)
    void linearIsTheBiasedProductWithinTheRoundingBound(@ForAll("dims") int m, @ForAll("dims") int n,
                                                       @ForAll("dims") int k, @ForAll boolean relu,
                                                       @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = TestArrays.uniform(r, m * k, 1f);
        float[] w = TestArrays.uniform(r, k * n, 1f);
        float[] b = TestArrays.uniform(r, n, 1f);
        float[] scalar = linear(SCALAR, relu, m, n, k, x, w, b);
        float[] simd = linear(SIMD, relu, m, n, k, x, w, b);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = b[j], magnitude = Math.abs(b[j]);
                for (int p = 0; p < k; p++) {
                    double prod = (double) x[i * k + p] * w[p * n + j];
                    exact += prod;
                    magnitude += Math.abs(prod);
                }
                if (relu) {
                    exact = Math.max(exact, 0);
                }
                double bound = GemmProperties.gamma(k + 1) * magnitude;
                for (float[] got : new float[][] {scalar, simd}) {
                    float v = got[i * n + j];
                    if (!(Math.abs(v - exact) <= bound) || relu && v < 0f) {
                        fail(String.format("linear(relu=%s) m=%d n=%d k=%d: out[%d][%d] = %s, exact %s, bound %.3g%s",
                                relu, m, n, k, i, j, v, exact, bound, got == simd ? " (simd)" : " (scalar)"));
                    }
                }
            }
        }
    }

    @Example
    void linearOnTheCaseStudyShapes() {
        SplittableRandom r = new SplittableRandom(4);
        for (int[] s : new int[][] {{30, 500, 2}, {70, 500, 2}, {30, 1, 500}, {70, 1, 500}, {1, 500, 2}}) {
            float[] x = TestArrays.uniform(r, s[0] * s[2], 1f);
            float[] w = TestArrays.uniform(r, s[2] * s[1], 1f);
            float[] b = TestArrays.uniform(r, s[1], 1f);
            for (boolean relu : new boolean[] {false, true}) {
                float[] expected = unfusedLinear(relu, s[0], s[1], s[2], x, w, b);
                float[] simd = linear(SIMD, relu, s[0], s[1], s[2], x, w, b);
                for (int i = 0; i < expected.length; i++) {
                    double bound = GemmProperties.gamma(s[2] + 2) * (s[2] + 1) * 2;
                    assertTrue(Math.abs(expected[i] - simd[i]) <= bound, "case-study shape " + Arrays.toString(s));
                }
            }
        }
    }

    @Example
    void linearPropagatesNaNThroughTheRelu() {
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            // k = 2 takes SIMD's direct path, k = 40 its general path, n = 1 its dot-product path.
            for (int[] s : new int[][] {{3, 40, 2}, {8, 40, 40}, {3, 1, 40}}) {
                float[] x = new float[s[0] * s[2]];
                x[0] = Float.NaN;
                float[] out = linear(kernels, true, s[0], s[1], s[2], x, new float[s[2] * s[1]], new float[s[1]]);
                assertTrue(Float.isNaN(out[0]), kernels.name() + " " + Arrays.toString(s) + ": NaN lost by the ReLU");
                assertTrue(out[s[1]] == 0f, kernels.name() + ": a clean row changed");
            }
        }
    }

    @Example
    void linearNamesAShortBias() {
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> kernels.linear(true, 2, 4, 3, new float[6], 0, new float[12], 0, new float[3], 0,
                            new float[8], 0));
            assertTrue(e.getMessage().contains("linear bias"), e.getMessage());
        }
    }

    /** Runs linear on padded copies, checks the padding and the inputs, and returns the output. */
    private static float[] linear(Kernels kernels, boolean relu, int m, int n, int k, float[] x, float[] w, float[] b) {
        float[] xp = TestArrays.padded(x, PAD), wp = TestArrays.padded(w, PAD + 1), bp = TestArrays.padded(b, PAD + 2);
        float[] out = TestArrays.padded(new float[m * n], PAD);
        kernels.linear(relu, m, n, k, xp, PAD, wp, PAD + 1, bp, PAD + 2, out, PAD);
        assertPadding(out, m * n, kernels.name() + " linear");
        assertSameBits(TestArrays.padded(x, PAD), xp, "linear changed x");
        assertSameBits(TestArrays.padded(w, PAD + 1), wp, "linear changed w");
        return Arrays.copyOfRange(out, PAD, PAD + m * n);
    }

    private static float[] unfusedLinear(boolean relu, int m, int n, int k, float[] x, float[] w, float[] b) {
        float[] out = new float[m * n];
        SCALAR.gemm(false, false, m, n, k, 1f, x, 0, Math.max(1, k), w, 0, Math.max(1, n), 0f, out, 0, Math.max(1, n));
        for (int i = 0; i < m * n; i++) {
            out[i] += b[i % n];
            if (relu) {
                out[i] = Math.max(out[i], 0f);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- reluBackwardBiasGrad

    /**
     * The masked gradient is exact, and the bias gradient is {@code beta * old} plus the
     * column's masked values added row by row in float: the order columnSums uses, so the
     * fused and unfused backward passes agree bit for bit.
     */
    @Property(tries = 300)
    void reluBackwardBiasGradIsTheMaskAndTheColumnSums(@ForAll("dims") int rows, @ForAll("dims") int cols,
                                                      @ForAll boolean accumulate, @ForAll boolean inPlace,
                                                      @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] y = TestArrays.withSpecials(r, rows * cols, 2f);
        float[] grad = TestArrays.uniform(r, rows * cols, 3f);
        float[] oldBias = TestArrays.uniform(r, cols, 1f);
        float beta = accumulate ? 1f : 0f;

        float[] expectedOut = new float[rows * cols];
        float[] expectedBias = new float[cols];
        for (int c = 0; c < cols; c++) {
            float sum = beta == 0f ? 0f : beta * oldBias[c];
            for (int row = 0; row < rows; row++) {
                int at = row * cols + c;
                expectedOut[at] = y[at] > 0f ? grad[at] : 0f;
                sum += expectedOut[at];
            }
            expectedBias[c] = sum;
        }
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            float[] yp = TestArrays.padded(y, PAD), gp = TestArrays.padded(grad, PAD + 1);
            float[] out = inPlace ? gp : TestArrays.padded(new float[rows * cols], PAD + 2);
            int outOff = inPlace ? PAD + 1 : PAD + 2;
            float[] bias = TestArrays.padded(oldBias, PAD);
            kernels.reluBackwardBiasGrad(rows, cols, yp, PAD, gp, PAD + 1, out, outOff, beta, bias, PAD);
            String what = kernels.name() + " reluBackwardBiasGrad " + rows + "x" + cols + (inPlace ? " in place" : "");
            assertSameBits(expectedOut, Arrays.copyOfRange(out, outOff, outOff + rows * cols), what + " out");
            assertSameBits(expectedBias, Arrays.copyOfRange(bias, PAD, PAD + cols), what + " bias gradient");
            assertPadding(out, rows * cols, outOff, what);
            assertPadding(bias, cols, PAD, what);
        }
    }

    // ---------------------------------------------------------------- denseParamGrads

    @Provide
    Arbitrary<Integer> features() {
        return Arbitraries.integers().between(0, Kernels.PARAM_GRADS_MAX_FEATURES);
    }

    @Provide
    Arbitrary<Float> betas() {
        return Arbitraries.of(0f, 1f, 0.5f, -1.25f);
    }

    /**
     * Bit for bit the kernels it stands for, on each kernel set: reluBackwardBiasGrad into a
     * dZ buffer (columnSums without a ReLU, y then null), then {@code dW = x^T dZ} from gemm.
     * The shapes reach both sides of SIMD's fallback (at most 4 rows, fewer columns than a
     * vector) and columns that are not a multiple of the vector (its moved-back last strip).
     */
    @Property(tries = 400)
    void denseParamGradsIsTheBiasGradThenTheProduct(@ForAll boolean relu, @ForAll("dims") int rows,
                                                    @ForAll("dims") int cols, @ForAll("features") int k,
                                                    @ForAll("betas") float biasBeta, @ForAll("betas") float weightBeta,
                                                    @ForAll long seed) {
        ParamGradInputs in = ParamGradInputs.random(new SplittableRandom(seed), rows, cols, k, true);
        float[] y = in.y(), grad = in.grad(), x = in.x(), oldBias = in.oldBias(), oldWeight = in.oldWeight();
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            float[] expectedBias = oldBias.clone();
            float[] expectedWeight = oldWeight.clone();
            unfusedParamGrads(kernels, relu, rows, cols, k, y, grad, x, biasBeta, expectedBias, weightBeta,
                    expectedWeight);

            float[] yp = relu ? TestArrays.padded(y, PAD) : null, gp = TestArrays.padded(grad, PAD + 1);
            float[] xp = TestArrays.padded(x, PAD + 2);
            float[] bias = TestArrays.padded(oldBias, PAD), weight = TestArrays.padded(oldWeight, PAD + 1);
            kernels.denseParamGrads(relu, rows, cols, k, yp, PAD, gp, PAD + 1, xp, PAD + 2, biasBeta, bias, PAD,
                    weightBeta, weight, PAD + 1);
            String what = kernels.name() + " denseParamGrads(relu=" + relu + ") " + rows + "x" + cols + ", k " + k
                    + ", betas " + biasBeta + " and " + weightBeta;
            assertSameBits(expectedBias, Arrays.copyOfRange(bias, PAD, PAD + cols), what + ": bias gradient");
            assertSameBits(expectedWeight, Arrays.copyOfRange(weight, PAD + 1, PAD + 1 + k * cols),
                    what + ": weight gradient");
            assertPadding(bias, cols, PAD, what);
            assertPadding(weight, k * cols, PAD + 1, what);
            assertSameBits(TestArrays.padded(grad, PAD + 1), gp, what + " changed grad");
            if (relu) {
                assertSameBits(TestArrays.padded(y, PAD), yp, what + " changed y");
            }
        }
    }

    /**
     * SIMD against scalar: the bias gradients are the same bits (both add the rows in order to
     * the scaled old value); each weight gradient, {@code beta * old} plus {@code rows}
     * products, is within {@code gamma(rows + 2)} of the magnitude of its terms of the exact
     * value in both (Higham 3.5; the scalar one scales first, SIMD adds {@code beta * old} last).
     */
    @Property(tries = 300)
    void denseParamGradsAgreesAcrossKernels(@ForAll boolean relu, @ForAll("dims") int rows, @ForAll("dims") int cols,
                                            @ForAll("features") int k, @ForAll("betas") float weightBeta,
                                            @ForAll long seed) {
        ParamGradInputs in = ParamGradInputs.random(new SplittableRandom(seed), rows, cols, k, false);
        float[] y = in.y(), grad = in.grad(), x = in.x(), oldBias = in.oldBias(), oldWeight = in.oldWeight();
        float[][] bias = {oldBias.clone(), oldBias.clone()};
        float[][] weight = {oldWeight.clone(), oldWeight.clone()};
        Kernels[] sets = {SCALAR, SIMD};
        for (int s = 0; s < 2; s++) {
            sets[s].denseParamGrads(relu, rows, cols, k, y, 0, grad, 0, x, 0, 1f, bias[s], 0, weightBeta, weight[s], 0);
        }
        assertSameBits(bias[0], bias[1], "simd and scalar bias gradients " + rows + "x" + cols);
        for (int p = 0; p < k; p++) {
            for (int c = 0; c < cols; c++) {
                double exact = (double) weightBeta * oldWeight[p * cols + c];
                double magnitude = Math.abs(exact);
                for (int row = 0; row < rows; row++) {
                    float dz = !relu || y[row * cols + c] > 0f ? grad[row * cols + c] : 0f;
                    double term = (double) x[row * k + p] * dz;
                    exact += term;
                    magnitude += Math.abs(term);
                }
                double bound = GemmProperties.gamma(rows + 2) * magnitude;
                for (int s = 0; s < 2; s++) {
                    float v = weight[s][p * cols + c];
                    if (!(Math.abs(v - exact) <= bound)) {
                        fail(String.format("%s denseParamGrads(relu=%s) %dx%d, k %d: dW[%d][%d] = %s, exact %s, bound %.3g",
                                sets[s].name(), relu, rows, cols, k, p, c, v, exact, bound));
                    }
                }
            }
        }
    }

    @Example
    void denseParamGradsNamesWhatIsWrong() {
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                    () -> kernels.denseParamGrads(true, 2, 3, 5, new float[6], 0, new float[6], 0, new float[10], 0,
                            0f, new float[3], 0, 0f, new float[15], 0));
            assertTrue(tooMany.getMessage().contains("k = 5"), tooMany.getMessage());
            IllegalArgumentException shortX = assertThrows(IllegalArgumentException.class,
                    () -> kernels.denseParamGrads(false, 2, 3, 2, null, 0, new float[6], 0, new float[3], 0,
                            0f, new float[3], 0, 0f, new float[6], 0));
            assertTrue(shortX.getMessage().contains("denseParamGrads x"), shortX.getMessage());
            NullPointerException noY = assertThrows(NullPointerException.class,
                    () -> kernels.denseParamGrads(true, 2, 3, 2, null, 0, new float[6], 0, new float[4], 0,
                            0f, new float[3], 0, 0f, new float[6], 0));
            assertTrue(noY.getMessage().contains("denseParamGrads y"), noY.getMessage());
        }
    }

    /** A dense layer's output and its gradient, the layer's input, and the old parameter gradients. */
    record ParamGradInputs(float[] y, float[] grad, float[] x, float[] oldBias, float[] oldWeight) {

        /** With {@code specials}, y holds NaNs, infinities and signed zeros too. */
        static ParamGradInputs random(SplittableRandom r, int rows, int cols, int k, boolean specials) {
            float[] y = specials ? TestArrays.withSpecials(r, rows * cols, 2f) : TestArrays.uniform(r, rows * cols, 2f);
            return new ParamGradInputs(y, TestArrays.uniform(r, rows * cols, 3f), TestArrays.uniform(r, rows * k, 2f),
                    TestArrays.uniform(r, cols, 1f), TestArrays.uniform(r, k * cols, 1f));
        }
    }

    /** What denseParamGrads stands for, on the same kernels. */
    private static void unfusedParamGrads(Kernels kernels, boolean relu, int rows, int cols, int k, float[] y,
                                          float[] grad, float[] x, float biasBeta, float[] bias, float weightBeta,
                                          float[] weight) {
        float[] dz = grad;
        if (relu) {
            dz = new float[rows * cols];
            kernels.reluBackwardBiasGrad(rows, cols, y, 0, grad, 0, dz, 0, biasBeta, bias, 0);
        } else {
            kernels.columnSums(rows, cols, grad, 0, biasBeta, bias, 0);
        }
        if (k > 0 && cols > 0) {
            kernels.gemm(true, false, k, cols, rows, 1f, x, 0, k, dz, 0, cols, weightBeta, weight, 0, cols);
        }
    }

    // ---------------------------------------------------------------- addGaussianNoise

    /** Bit-identical to drawing the noise with fillGaussian and adding it, at any length and start. */
    @Property(tries = 200)
    void addGaussianNoiseIsFillThenAdd(@ForAll("noiseSizes") int n, @ForAll long seed, @ForAll long stream,
                                       @ForAll boolean inPlace, @ForAll long indexSeed) {
        long index = Math.floorMod(indexSeed, 1L << 40);
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = TestArrays.withSpecials(r, n, 4f);
        float stddev = (float) r.nextDouble() * 2;
        float[] expected = new float[n];
        SCALAR.fillGaussian(seed, stream, index, expected, 0, n, 0f, stddev);
        for (int i = 0; i < n; i++) {
            expected[i] = x[i] + expected[i];
        }
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            float[] xp = TestArrays.padded(x, PAD);
            float[] out = inPlace ? xp : TestArrays.padded(new float[n], PAD + 1);
            int outOff = inPlace ? PAD : PAD + 1;
            kernels.addGaussianNoise(seed, stream, index, xp, PAD, out, outOff, n, stddev);
            String what = kernels.name() + " addGaussianNoise n=" + n + (inPlace ? " in place" : "");
            assertSameBits(expected, Arrays.copyOfRange(out, outOff, outOff + n), what);
            assertPadding(out, n, outOff, what);
        }
    }

    @Provide
    Arbitrary<Integer> noiseSizes() {
        // Around the scalar chunk (256) and the SIMD chunk (8 Philox tiles of 4 x lanes).
        return Arbitraries.oneOf(
                Arbitraries.of(0, 1, 2, 3, 7, 15, 17, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025, 15000),
                Arbitraries.integers().between(0, 3000));
    }

    @Example
    void addGaussianNoiseRejectsAShortOutput() {
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            assertThrows(IllegalArgumentException.class,
                    () -> kernels.addGaussianNoise(1, 2, 0, new float[10], 0, new float[9], 0, 10, 1f));
            assertThrows(IllegalArgumentException.class,
                    () -> kernels.addGaussianNoise(1, 2, 0, new float[9], 0, new float[10], 0, 10, 1f));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertPadding(float[] padded, int n, String what) {
        assertPadding(padded, n, PAD, what);
    }

    /** Everything outside {@code [off, off + n)} must still be the NaN padding. */
    private static void assertPadding(float[] padded, int n, int off, String what) {
        for (int i = 0; i < padded.length; i++) {
            if ((i < off || i >= off + n) && !Float.isNaN(padded[i])) {
                fail(what + ": wrote outside its range at " + i);
            }
        }
    }
}
