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
import net.jqwik.api.constraints.IntRange;

/**
 * {@code reluHiddenDot} and {@code reluHiddenDotGrads}, the case study's network as two
 * kernels: each held to the exact (double) network within a rounding bound derived below, and
 * SIMD to scalar bit for bit, at awkward sizes (rows and units on both sides of the vector
 * width and of two vector widths).
 */
class HiddenDotProperties {

    static final Kernels SCALAR = ElementwiseKernelProperties.SCALAR;
    static final Kernels SIMD = ElementwiseKernelProperties.SIMD;
    static final int PAD = 3;

    @Provide
    Arbitrary<Integer> dims() {
        return Arbitraries.oneOf(
                Arbitraries.of(0, 1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 70, 130, 500),
                Arbitraries.integers().between(0, 90));
    }

    /** Random inputs of the network: x (m x k), w1 (k x n), b1, w2 (n), b2, and an output gradient g (m). */
    record Net(int m, int n, int k, float[] x, float[] w1, float[] b1, float[] w2, float b2, float[] g) {

        static Net random(SplittableRandom r, int m, int n, int k, boolean specials) {
            return specials
                    ? new Net(m, n, k, TestArrays.withSpecials(r, m * k, 2f), TestArrays.withSpecials(r, k * n, 2f),
                            TestArrays.withSpecials(r, n, 2f), TestArrays.withSpecials(r, n, 2f),
                            TestArrays.withSpecials(r, 1, 2f)[0], TestArrays.withSpecials(r, m, 2f))
                    : new Net(m, n, k, TestArrays.uniform(r, m * k, 1f), TestArrays.uniform(r, k * n, 1f),
                            TestArrays.uniform(r, n, 1f), TestArrays.uniform(r, n, 1f), TestArrays.uniform(r, 1, 1f)[0],
                            TestArrays.uniform(r, m, 1f));
        }

        /** z of unit j for row i, exact. */
        double z(int i, int j) {
            double z = b1[j];
            for (int f = 0; f < k; f++) {
                z += (double) x[i * k + f] * w1[f * n + j];
            }
            return z;
        }

        /** How far the kernels' float z of unit j for row i may be from {@link #z}: two roundings of a sum of k + 1 terms. */
        double zError(int i, int j) {
            double magnitude = Math.abs(b1[j]);
            for (int f = 0; f < k; f++) {
                magnitude += Math.abs((double) x[i * k + f] * w1[f * n + j]);
            }
            return GemmProperties.gamma(2) * magnitude;
        }
    }

    // ---------------------------------------------------------------- forward

    /**
     * out[i] = b2 + sum_j relu(z_ij) w2_j. Each float z is within zError of the exact one, and
     * the ReLU does not widen that (1-Lipschitz); each term of the sum then passes through at
     * most n + 2 roundings (its chain, the two chains' add, the bias), so the float output is
     * within {@code gamma(n + 2) (sum_j (|h_j| + dz_j) |w2_j| + |b2|) + sum_j |w2_j| dz_j}
     * of the exact one (Higham 3.5).
     */
    @Property(tries = 300)
    void reluHiddenDotIsTheNetworkWithinTheRoundingBound(@ForAll("dims") int m, @ForAll("dims") int n,
                                                         @ForAll @IntRange(min = 1, max = 2) int k,
                                                         @ForAll long seed) {
        Net net = Net.random(new SplittableRandom(seed), m, n, k, false);
        float[] scalar = forward(SCALAR, net);
        float[] simd = forward(SIMD, net);
        for (int i = 0; i < m; i++) {
            double exact = net.b2, magnitude = Math.abs(net.b2), zPart = 0;
            for (int j = 0; j < n; j++) {
                double h = Math.max(net.z(i, j), 0), dz = net.zError(i, j), w = Math.abs(net.w2[j]);
                exact += h * net.w2[j];
                magnitude += (h + dz) * w;
                zPart += w * dz;
            }
            double bound = GemmProperties.gamma(n + 2) * magnitude + zPart;
            for (float[] got : new float[][] {scalar, simd}) {
                if (!(Math.abs(got[i] - exact) <= bound)) {
                    fail(String.format("reluHiddenDot m=%d n=%d k=%d: out[%d] = %s, exact %s, bound %.3g (%s)", m, n, k,
                            i, got[i], exact, bound, got == simd ? "simd" : "scalar"));
                }
            }
        }
    }

    @Property(tries = 300)
    void reluHiddenDotAgreesAcrossKernels(@ForAll("dims") int m, @ForAll("dims") int n,
                                          @ForAll @IntRange(min = 1, max = 2) int k, @ForAll boolean specials,
                                          @ForAll long seed) {
        Net net = Net.random(new SplittableRandom(seed), m, n, k, specials);
        assertSameBits(forward(SCALAR, net), forward(SIMD, net),
                "reluHiddenDot simd vs scalar, m=" + m + " n=" + n + " k=" + k);
    }

    @Example
    void reluHiddenDotPropagatesNaN() {
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            Net net = Net.random(new SplittableRandom(5), 40, 37, 2, false);
            net.x()[2 * 33 + 1] = Float.NaN;                                      // row 33, the third block's second vector
            float[] out = forward(kernels, net);
            assertTrue(Float.isNaN(out[33]), kernels.name() + ": a NaN input lost");
            for (int i = 0; i < 40; i++) {
                assertTrue(i == 33 || Float.isFinite(out[i]), kernels.name() + ": row " + i + " caught the NaN");
            }
        }
    }

    // ---------------------------------------------------------------- gradients

    /**
     * Each gradient is a sum over the m rows. Its terms: h_ij g_i for w2, dz_ij = g_i w2_j
     * (one rounding) where z_ij > 0 for b1, and x_if dz_ij for w1. A sum of m float terms in
     * any order is within gamma(m) of the terms' magnitudes, plus the terms' own errors (h's
     * from z's, dz's one rounding), plus beta: fma(old, 1, sum) adds old in one more rounding.
     * Where |z_ij| is within zError of 0 the float mask may go either way, so such a term's
     * magnitude is added to the bound too.
     */
    @Property(tries = 300)
    void reluHiddenDotGradsAreTheNetworksGradientsWithinTheRoundingBound(
            @ForAll("dims") int m, @ForAll("dims") int n, @ForAll @IntRange(min = 1, max = 2) int k,
            @ForAll boolean accumulate, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Net net = Net.random(r, m, n, k, false);
        Grads old = accumulate ? Grads.random(r, n, k) : Grads.nan(n, k);
        float beta = accumulate ? 1f : 0f;
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            Grads got = grads(kernels, net, beta, old);
            for (int j = 0; j < n; j++) {
                double[] exact = new double[k + 2], magnitude = new double[k + 2], extra = new double[k + 2];
                for (int i = 0; i < m; i++) {
                    double z = net.z(i, j), dzErr = net.zError(i, j), g = net.g[i];
                    double h = Math.max(z, 0);
                    exact[k] += h * g;                                              // w2
                    magnitude[k] += (h + dzErr) * Math.abs(g);
                    extra[k] += dzErr * Math.abs(g);
                    double dz = g * net.w2[j];
                    boolean unsure = Math.abs(z) <= dzErr;
                    double live = z > 0 ? dz : 0;
                    exact[k + 1] += live;                                           // b1
                    magnitude[k + 1] += Math.abs(dz);
                    extra[k + 1] += unsure ? Math.abs(dz) : 0;
                    for (int f = 0; f < k; f++) {
                        double xf = net.x[i * k + f];
                        exact[f] += xf * live;
                        magnitude[f] += Math.abs(xf * dz);
                        extra[f] += unsure ? Math.abs(xf * dz) : 0;
                    }
                }
                for (int q = 0; q < k + 2; q++) {
                    float oldValue = q < k ? old.w1[q * n + j] : q == k ? old.w2[j] : old.b1[j];
                    float value = q < k ? got.w1[q * n + j] : q == k ? got.w2[j] : got.b1[j];
                    double want = exact[q] + (accumulate ? oldValue : 0);
                    double bound = GemmProperties.gamma(m + 2) * (magnitude[q] + (accumulate ? Math.abs(oldValue) : 0))
                            + extra[q];
                    if (!(Math.abs(value - want) <= bound)) {
                        fail(String.format("reluHiddenDotGrads %s m=%d n=%d k=%d beta=%s: %s[%d] = %s, exact %s,"
                                        + " bound %.3g", kernels.name(), m, n, k, beta,
                                q < k ? "w1 row " + q : q == k ? "w2" : "b1", j, value, want, bound));
                    }
                }
            }
        }
    }

    @Property(tries = 300)
    void reluHiddenDotGradsAgreeAcrossKernels(@ForAll("dims") int m, @ForAll("dims") int n,
                                              @ForAll @IntRange(min = 1, max = 2) int k, @ForAll boolean specials,
                                              @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Net net = Net.random(r, m, n, k, specials);
        float[] betas = {0f, 1f, 0.5f};
        float beta = betas[r.nextInt(3)];
        Grads old = Grads.random(r, n, k);
        Grads scalar = grads(SCALAR, net, beta, old);
        Grads simd = grads(SIMD, net, beta, old);
        String what = "reluHiddenDotGrads simd vs scalar, m=" + m + " n=" + n + " k=" + k + " beta=" + beta;
        assertSameBits(scalar.w1, simd.w1, what + ", w1");
        assertSameBits(scalar.b1, simd.b1, what + ", b1");
        assertSameBits(scalar.w2, simd.w2, what + ", w2");
    }

    @Example
    void theKernelsNameWhatIsWrong() {
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> kernels.reluHiddenDot(2, 4, 3, new float[6], 0, new float[12], 0, new float[4], 0,
                            new float[4], 0, 0f, new float[2], 0));
            assertTrue(e.getMessage().contains("k = 3"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> kernels.reluHiddenDot(2, 4, 2, new float[4], 0, new float[8], 0, new float[4], 0,
                            new float[3], 0, 0f, new float[2], 0));
            assertTrue(e.getMessage().contains("reluHiddenDot w2"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> kernels.reluHiddenDotGrads(2, 4, 2, new float[4], 0, new float[8], 0, new float[4], 0,
                            new float[4], 0, new float[2], 0, 0f, new float[7], 0, 0f, new float[4], 0, 0f,
                            new float[4], 0));
            assertTrue(e.getMessage().contains("reluHiddenDotGrads w1Grad"), e.getMessage());
        }
    }

    /** Gradients of w1 (k x n), b1 and w2 (n). */
    record Grads(float[] w1, float[] b1, float[] w2) {

        static Grads random(SplittableRandom r, int n, int k) {
            return new Grads(TestArrays.uniform(r, k * n, 1f), TestArrays.uniform(r, n, 1f), TestArrays.uniform(r, n, 1f));
        }

        /** NaN everywhere: with beta 0 the kernel must not read them. */
        static Grads nan(int n, int k) {
            float[] w1 = new float[k * n], b1 = new float[n], w2 = new float[n];
            Arrays.fill(w1, Float.NaN);
            Arrays.fill(b1, Float.NaN);
            Arrays.fill(w2, Float.NaN);
            return new Grads(w1, b1, w2);
        }
    }

    /** Runs the forward kernel on padded copies (NaN padding at odd offsets), checks padding and inputs, returns out. */
    private static float[] forward(Kernels kernels, Net net) {
        int m = net.m, n = net.n, k = net.k;
        float[] x = TestArrays.padded(net.x, PAD), w1 = TestArrays.padded(net.w1, PAD + 1);
        float[] b1 = TestArrays.padded(net.b1, PAD + 2), w2 = TestArrays.padded(net.w2, PAD);
        float[] out = TestArrays.padded(new float[m], PAD + 1);
        kernels.reluHiddenDot(m, n, k, x, PAD, w1, PAD + 1, b1, PAD + 2, w2, PAD, net.b2, out, PAD + 1);
        assertPadding(out, m, PAD + 1, kernels.name() + " reluHiddenDot out");
        assertSameBits(TestArrays.padded(net.x, PAD), x, "reluHiddenDot changed x");
        assertSameBits(TestArrays.padded(net.w1, PAD + 1), w1, "reluHiddenDot changed w1");
        return Arrays.copyOfRange(out, PAD + 1, PAD + 1 + m);
    }

    private static Grads grads(Kernels kernels, Net net, float beta, Grads old) {
        int m = net.m, n = net.n, k = net.k;
        float[] w1Grad = TestArrays.padded(old.w1, PAD), b1Grad = TestArrays.padded(old.b1, PAD + 1);
        float[] w2Grad = TestArrays.padded(old.w2, PAD + 2);
        kernels.reluHiddenDotGrads(m, n, k, TestArrays.padded(net.x, PAD), PAD, TestArrays.padded(net.w1, PAD + 2),
                PAD + 2, TestArrays.padded(net.b1, PAD + 1), PAD + 1, TestArrays.padded(net.w2, PAD), PAD,
                TestArrays.padded(net.g, PAD + 2), PAD + 2, beta, w1Grad, PAD, beta, b1Grad, PAD + 1, beta, w2Grad,
                PAD + 2);
        assertPadding(w1Grad, k * n, PAD, kernels.name() + " w1Grad");
        assertPadding(b1Grad, n, PAD + 1, kernels.name() + " b1Grad");
        assertPadding(w2Grad, n, PAD + 2, kernels.name() + " w2Grad");
        return new Grads(Arrays.copyOfRange(w1Grad, PAD, PAD + k * n), Arrays.copyOfRange(b1Grad, PAD + 1, PAD + 1 + n),
                Arrays.copyOfRange(w2Grad, PAD + 2, PAD + 2 + n));
    }

    private static void assertPadding(float[] padded, int n, int off, String what) {
        for (int i = 0; i < padded.length; i++) {
            if ((i < off || i >= off + n) && !Float.isNaN(padded[i])) {
                fail(what + ": wrote outside its range at " + (i - off));
            }
        }
    }
}
