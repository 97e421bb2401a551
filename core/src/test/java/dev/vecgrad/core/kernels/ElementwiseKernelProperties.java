package dev.vecgrad.core.kernels;

import static dev.vecgrad.core.kernels.TestArrays.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every element-wise kernel, SIMD against scalar, bit for bit, and both against the formula
 * written out here. Sizes include 0, 1 and the awkward neighbours of vector widths (15, 17,
 * 31, 33, ...) so that main loops and tails are both exercised; offsets are non-zero and
 * the arrays are padded with NaN so that a read or write outside the range shows.
 *
 * <p>Data comes from a {@link SplittableRandom} seeded by jqwik: full float precision
 * (jqwik's own floats default to two decimals), with NaN, infinities, signed zeros and
 * extreme values mixed in.
 */
class ElementwiseKernelProperties {

    static final Kernels SCALAR = KernelProvider.scalar();
    static final Kernels SIMD = KernelProvider.simd();
    static final int PAD = 5;

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.oneOf(
                Arbitraries.of(0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 127, 128, 129, 4099),
                Arbitraries.integers().between(0, 700));
    }

    /** Runs {@code op} with each implementation on copies of the inputs and checks the outputs have the same bits. */
    interface Unary {
        void run(Kernels k, int n, float[] x, int xOff, float[] out, int outOff);
    }

    interface Binary {
        void run(Kernels k, int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);
    }

    private static float[] unary(Kernels k, Unary op, float[] x) {
        float[] xp = TestArrays.padded(x, PAD);
        float[] out = TestArrays.padded(new float[x.length], PAD);
        op.run(k, x.length, xp, PAD, out, PAD);
        assertUntouchedPadding(out, x.length);
        assertSameBits(TestArrays.padded(x, PAD), xp, "input changed");
        return Arrays.copyOfRange(out, PAD, PAD + x.length);
    }

    private static float[] binary(Kernels k, Binary op, float[] a, float[] b) {
        float[] ap = TestArrays.padded(a, PAD);
        float[] bp = TestArrays.padded(b, PAD + 2);
        float[] out = TestArrays.padded(new float[a.length], PAD);
        op.run(k, a.length, ap, PAD, bp, PAD + 2, out, PAD);
        assertUntouchedPadding(out, a.length);
        return Arrays.copyOfRange(out, PAD, PAD + a.length);
    }

    private static void assertUntouchedPadding(float[] out, int n) {
        for (int i = 0; i < PAD; i++) {
            assertTrue(Float.isNaN(out[i]) && Float.isNaN(out[PAD + n + i]), "a kernel wrote outside its range");
        }
    }

    /** A kernel with a BLAS beta on its output: {@code out = value(a, b) + beta * out}, in its own rounding. */
    interface WithBeta {
        void run(Kernels k, int n, float[] a, int aOff, float[] b, int bOff, float beta, float[] out, int outOff);
    }

    /** What element {@code i} must be after the kernel, given beta and the value {@code out} held before. */
    interface Expected {
        float at(int i, float beta, float before);
    }

    /**
     * A kernel with a beta, both implementations, at beta 0 on an output full of NaN (which it
     * must not read), and at beta 1 and -0.75 on an output that holds {@code before}: the
     * same bits in both, and the bits {@code expected} gives.
     */
    private static void checkWithBeta(WithBeta op, float[] a, float[] b, float[] before, Expected expected, String name) {
        int n = a.length;
        for (float beta : new float[] {0f, 1f, -0.75f}) {
            float[][] results = new float[2][];
            Kernels[] impls = {SCALAR, SIMD};
            for (int which = 0; which < 2; which++) {
                float[] out = TestArrays.padded(beta == 0f ? nans(n) : before, PAD);
                op.run(impls[which], n, TestArrays.padded(a, PAD), PAD, TestArrays.padded(b, PAD + 2), PAD + 2, beta,
                        out, PAD);
                assertUntouchedPadding(out, n);
                results[which] = Arrays.copyOfRange(out, PAD, PAD + n);
            }
            assertSameBits(results[0], results[1], name + " at beta " + beta + ": simd vs scalar");
            for (int i = 0; i < n; i++) {
                float want = expected.at(i, beta, beta == 0f ? Float.NaN : before[i]);
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(results[0][i]),
                        name + " at beta " + beta + ", element " + i + ": " + results[0][i] + " vs " + want);
            }
        }
    }

    private static float[] nans(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    /** A backward kernel's write: {@code value + beta * before} in one rounding, and just the value at beta 0. */
    private static float written(float value, float beta, float before) {
        return beta == 0f ? value : Math.fma(beta, before, value);
    }

    /** Both implementations, bit-identical, and equal to {@code expected} computed here. */
    private static void checkUnary(Unary op, float[] x, float[] expected, String name) {
        float[] scalar = unary(SCALAR, op, x);
        float[] simd = unary(SIMD, op, x);
        assertSameBits(scalar, simd, name + ": simd vs scalar");
        if (expected != null) {
            assertSameBits(expected, scalar, name + ": scalar vs formula");
        }
    }

    private static void checkBinary(Binary op, float[] a, float[] b, float[] expected, String name) {
        float[] scalar = binary(SCALAR, op, a, b);
        float[] simd = binary(SIMD, op, a, b);
        assertSameBits(scalar, simd, name + ": simd vs scalar");
        assertSameBits(expected, scalar, name + ": scalar vs formula");
    }

    @Property(tries = 300)
    void add(@ForAll("sizes") int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = TestArrays.withSpecials(r, n, 100f);
        float[] b = TestArrays.withSpecials(r, n, 100f);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = a[i] + b[i];
        }
        checkBinary(Kernels::add, a, b, expected, "add");
    }

    @Property(tries = 300)
    void sub(@ForAll("sizes") int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = TestArrays.withSpecials(r, n, 100f);
        float[] b = TestArrays.withSpecials(r, n, 100f);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = a[i] - b[i];
        }
        checkBinary(Kernels::sub, a, b, expected, "sub");
    }

    @Property(tries = 300)
    void mul(@ForAll("sizes") int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = TestArrays.withSpecials(r, n, 100f);
        float[] b = TestArrays.withSpecials(r, n, 100f);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = a[i] * b[i];
        }
        checkBinary(Kernels::mul, a, b, expected, "mul");
    }

    @Property(tries = 300)
    void scale(@ForAll("sizes") int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = TestArrays.withSpecials(r, n, 100f);
        float alpha = (float) r.nextGaussian();
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = alpha * x[i];
        }
        checkUnary((k, len, xs, xo, out, oo) -> k.scale(len, alpha, xs, xo, out, oo), x, expected, "scale");
    }

    @Property(tries = 300)
    void axpbyIsOneFusedMultiplyAdd(@ForAll("sizes") int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = TestArrays.withSpecials(r, n, 100f);
        float[] y = TestArrays.withSpecials(r, n, 100f);
        float alpha = (float) r.nextGaussian();
        checkWithBeta((k, len, xs, xo, unused, uo, beta, out, oo) -> k.axpby(len, alpha, xs, xo, beta, out, oo),
                x, x, y, (i, beta, before) -> beta == 0f ? alpha * x[i] : Math.fma(alpha, x[i], beta * before), "axpby");
    }

    @Property(tries = 300)
    void mulAddIsOneFusedMultiplyAdd(@ForAll("sizes") int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = TestArrays.withSpecials(r, n, 100f);
        float[] b = TestArrays.withSpecials(r, n, 100f);
        float[] before = TestArrays.withSpecials(r, n, 100f);
        checkWithBeta(Kernels::mulAdd, a, b, before,
                (i, beta, old) -> beta == 0f ? a[i] * b[i] : Math.fma(a[i], b[i], beta * old), "mulAdd");
    }

    @Property(tries = 300)
    void thresholdIsAStepFunction(@ForAll("sizes") int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = TestArrays.withSpecials(r, n, 1f);
        float t = (float) r.nextDouble();
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = x[i] >= t ? 2.5f : 0f;                          // NaN is below every threshold
        }
        checkUnary((k, len, xs, xo, out, oo) -> k.threshold(len, xs, xo, t, 0f, 2.5f, out, oo), x, expected, "threshold");
    }

    @Property(tries = 300)
    void relu(@ForAll("sizes") int n, @ForAll long seed) {
        float[] x = TestArrays.withSpecials(new SplittableRandom(seed), n, 10f);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = Float.isNaN(x[i]) ? Float.NaN : (x[i] > 0f ? x[i] : 0f);
        }
        checkUnary(Kernels::relu, x, expected, "relu");
    }

    @Property(tries = 300)
    void reluBackwardPassesGradientWhereInputIsPositive(@ForAll("sizes") int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = TestArrays.withSpecials(r, n, 10f);
        float[] g = TestArrays.uniform(r, n, 10f);
        float[] before = TestArrays.withSpecials(r, n, 10f);
        checkWithBeta(Kernels::reluBackward, x, g, before,
                (i, beta, old) -> written(x[i] > 0f ? g[i] : 0f, beta, old), "reluBackward");
    }

    @Property(tries = 300)
    void sigmoid(@ForAll("sizes") int n, @ForAll long seed) {
        float[] x = TestArrays.withSpecials(new SplittableRandom(seed), n, 30f);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = FloatMath.sigmoid(x[i]);
        }
        checkUnary(Kernels::sigmoid, x, expected, "sigmoid");
    }

    @Property(tries = 300)
    void tanh(@ForAll("sizes") int n, @ForAll long seed) {
        float[] x = TestArrays.withSpecials(new SplittableRandom(seed), n, 5f);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = FloatMath.tanh(x[i]);
        }
        checkUnary(Kernels::tanh, x, expected, "tanh");
    }

    @Property(tries = 300)
    void sigmoidBackward(@ForAll("sizes") int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) r.nextDouble();
        }
        float[] g = TestArrays.withSpecials(r, n, 10f);
        float[] before = TestArrays.withSpecials(r, n, 10f);
        checkWithBeta(Kernels::sigmoidBackward, y, g, before,
                (i, beta, old) -> written(g[i] * (y[i] * (1f - y[i])), beta, old), "sigmoidBackward");
    }

    @Property(tries = 300)
    void tanhBackward(@ForAll("sizes") int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] y = TestArrays.uniform(r, n, 1f);
        float[] g = TestArrays.withSpecials(r, n, 10f);
        float[] before = TestArrays.withSpecials(r, n, 10f);
        checkWithBeta(Kernels::tanhBackward, y, g, before,
                (i, beta, old) -> written(g[i] * Math.fma(-y[i], y[i], 1f), beta, old), "tanhBackward");
    }

    @Property(tries = 200)
    void addBiasBroadcastsOverRows(@ForAll("sizes") int cols, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int rows = 1 + r.nextInt(5);
        float[] x = TestArrays.withSpecials(r, rows * cols, 10f);
        float[] bias = TestArrays.uniform(r, cols, 10f);
        float[] expected = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                expected[i * cols + j] = x[i * cols + j] + bias[j];
            }
        }
        for (Kernels k : new Kernels[] {SCALAR, SIMD}) {
            float[] out = new float[rows * cols + 3];
            k.addBias(rows, cols, TestArrays.padded(x, 1), 1, TestArrays.padded(bias, 2), 2, out, 3);
            assertSameBits(expected, Arrays.copyOfRange(out, 3, out.length), k.name() + " addBias");
        }
    }

    @Property(tries = 200)
    void adamMatchesKerasFormula(@ForAll("sizes") int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = TestArrays.uniform(r, n, 1f);
        float[] g = TestArrays.uniform(r, n, 1f);
        float[] m = TestArrays.uniform(r, n, 0.1f);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble() * 0.01f;
        }
        float beta1 = 0.9f, beta2 = 0.999f, step = 0.001f * (float) Math.sqrt(1 - 0.999) / (1 - 0.9f), eps = 1e-7f;
        float[][] results = new float[2][];
        Kernels[] impls = {SCALAR, SIMD};
        for (int which = 0; which < 2; which++) {
            float[] pc = p.clone(), mc = m.clone(), vc = v.clone();
            impls[which].adamUpdate(n, pc, 0, g, 0, mc, 0, vc, 0, beta1, beta2, step, eps);
            double u = 0x1.0p-24;
            for (int i = 0; i < n; i++) {
                // Exact arithmetic on the float values of the betas (1 - beta is exact in float too).
                // m rounds (1 - beta1) g and the fma: at most 2u of the terms' magnitudes; v also rounds g * g.
                double mTerm1 = (double) beta1 * m[i], mTerm2 = (1.0 - beta1) * g[i];
                assertEquals(mTerm1 + mTerm2, mc[i], 2 * u * (Math.abs(mTerm1) + Math.abs(mTerm2)), "m");
                double vTerm1 = (double) beta2 * v[i], vTerm2 = (1.0 - beta2) * g[i] * g[i];
                assertEquals(vTerm1 + vTerm2, vc[i], 3 * u * (vTerm1 + vTerm2), "v");
                // Given the m and v it stored: the step rounds a product, a sqrt, a sum, a quotient and the difference.
                double update = step * (double) mc[i] / (Math.sqrt(vc[i]) + eps);
                assertEquals(p[i] - update, pc[i], 5 * u * (Math.abs(update) + Math.abs(p[i] - update)), "param");
            }
            results[which] = concat(pc, mc, vc);
        }
        assertSameBits(results[0], results[1], "adam: simd vs scalar");
    }

    @Property(tries = 300)
    void countThresholdMatchesIsKerasBinaryAccuracy(@ForAll("sizes") int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] scores = new float[n];
        float[] labels = new float[n];
        int expected = 0;
        for (int i = 0; i < n; i++) {
            scores[i] = r.nextInt(10) == 0 ? 0.5f : (float) r.nextDouble();   // exact 0.5 predicts 0
            labels[i] = r.nextBoolean() ? 1f : 0f;
            if ((scores[i] > 0.5f ? 1f : 0f) == labels[i]) {
                expected++;
            }
        }
        assertEquals(expected, SCALAR.countThresholdMatches(n, scores, 0, 0.5f, labels, 0));
        assertEquals(expected, SIMD.countThresholdMatches(n, scores, 0, 0.5f, labels, 0));
    }

    @Property(tries = 200)
    void argmaxRowsTakesTheFirstLargest(@ForAll("sizes") int cols, @ForAll long seed) {
        if (cols == 0) {
            return;
        }
        SplittableRandom r = new SplittableRandom(seed);
        int rows = 1 + r.nextInt(6);
        float[] x = new float[rows * cols];
        int[] expected = new int[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[i * cols + j] = r.nextInt(5);                             // many ties
            }
            int best = 0;
            for (int j = 1; j < cols; j++) {
                if (x[i * cols + j] > x[i * cols + best]) {
                    best = j;
                }
            }
            expected[i] = best;
        }
        for (Kernels k : new Kernels[] {SCALAR, SIMD}) {
            int[] out = new int[rows];
            k.argmaxRows(rows, cols, x, 0, out, 0);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, out, k.name());
        }
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
