package dev.vecgrad.core.kernels;

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
 * GEMM, both implementations, against a double-precision triple loop.
 *
 * <p>Tolerance: each element of {@code alpha * op(A) op(B) + beta * C} is a sum of k
 * products (exact inside an FMA) plus {@code beta * c}, scaled once by alpha. Whatever the
 * order of the additions, the float result is within
 * {@code gamma(k + 3) * (|alpha| * sum_p |a_ip b_pj| + |beta c_ij|)} of the exact value,
 * {@code gamma(n) = n u / (1 - n u)}, {@code u = 2^-24}: k additions, the alpha and beta
 * products and the final addition (Higham, section 3.5). The bound is derived, not tuned.
 *
 * <p>Matrices sit at non-zero offsets with leading dimensions larger than their rows, and
 * every element that is not part of a matrix is NaN: reading one would poison the result,
 * writing one is caught by the padding check.
 */
class GemmProperties {

    static final Kernels SCALAR = ElementwiseKernelProperties.SCALAR;
    static final Kernels SIMD = ElementwiseKernelProperties.SIMD;

    @Provide
    Arbitrary<Integer> dims() {
        return Arbitraries.oneOf(
                Arbitraries.of(1, 2, 3, 5, 6, 7, 15, 16, 17, 31, 32, 33, 47, 65),
                Arbitraries.integers().between(0, 80));
    }

    @Provide
    Arbitrary<Float> scalars() {
        return Arbitraries.of(0f, 1f, -1f, 0.5f, 2.75f, -0.3f);
    }

    @Property(tries = 400)
    void gemmMatchesTheDoubleReference(@ForAll("dims") int m, @ForAll("dims") int n, @ForAll("dims") int k,
                                       @ForAll boolean transA, @ForAll boolean transB,
                                       @ForAll("scalars") float alpha, @ForAll("scalars") float beta,
                                       @ForAll long seed) {
        check(new Problem(m, n, k, transA, transB, alpha, beta, new SplittableRandom(seed)));
    }

    /** Shapes large enough for the packed path and its block edges (KC = 256, MC = 96), with tails everywhere. */
    @Property(tries = 40)
    void largerShapesMatchTheDoubleReference(@ForAll @IntRange(min = 60, max = 270) int m,
                                             @ForAll @IntRange(min = 60, max = 270) int n,
                                             @ForAll @IntRange(min = 60, max = 300) int k,
                                             @ForAll boolean transA, @ForAll boolean transB,
                                             @ForAll("scalars") float alpha, @ForAll("scalars") float beta,
                                             @ForAll long seed) {
        check(new Problem(m, n, k, transA, transB, alpha, beta, new SplittableRandom(seed)));
    }

    @Example
    void caseStudyShapes() {
        SplittableRandom r = new SplittableRandom(1);
        // forward: X(30x2) W1(2x500); H(30x500) W2(500x1); evaluation on 70 rows.
        check(new Problem(30, 500, 2, false, false, 1f, 0f, r));
        check(new Problem(30, 1, 500, false, false, 1f, 0f, r));
        check(new Problem(70, 500, 2, false, false, 1f, 0f, r));
        check(new Problem(70, 1, 500, false, false, 1f, 0f, r));
        // backward: dW1 = X^T dZ1; dW2 = H^T dZ2; dH = dZ2 W2^T (accumulating, beta 1).
        check(new Problem(2, 500, 30, true, false, 1f, 1f, r));
        check(new Problem(500, 1, 30, true, false, 1f, 1f, r));
        check(new Problem(30, 500, 1, false, true, 1f, 0f, r));
    }

    @Example
    void blocksLargerThanOnePackedPanel() {
        SplittableRandom r = new SplittableRandom(2);
        // Crosses the packed kernel's KC (256), MC (96) and NC (1024) block edges.
        check(new Problem(97, 35, 257, false, false, 1f, 0f, r));
        check(new Problem(200, 1030, 300, false, false, -0.5f, 0.25f, r));
        check(new Problem(131, 67, 520, true, true, 1f, 1f, r));
        check(new Problem(64, 64, 64, false, true, 1f, 0f, r));
        check(new Problem(128, 128, 128, true, false, 1f, 0f, r));
    }

    @Example
    void convolutionShapesReadAInPlace() {
        SplittableRandom r = new SplittableRandom(4);
        // C at most one register tile wide (32 filters at 512 bits): A is read where it is, not packed.
        // Forward (patches x kernel), the weight gradient (patches^T x dY), ragged rows and depth blocks.
        check(new Problem(2000, 32, 288, false, false, 1f, 0f, r));
        check(new Problem(288, 32, 2000, true, false, 1f, 1f, r));
        check(new Problem(677, 20, 9, false, false, 1f, 0f, r));
        check(new Problem(101, 17, 513, true, true, -0.5f, 0.25f, r));
    }

    @Example
    void betaZeroNeverReadsC() {
        SplittableRandom r = new SplittableRandom(3);
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            for (int[] shape : new int[][] {{30, 500, 2}, {30, 1, 500}, {97, 35, 257}, {5, 5, 0}}) {
                int m = shape[0], n = shape[1], k = shape[2];
                float[] a = TestArrays.uniform(r, m * k, 1f);
                float[] b = TestArrays.uniform(r, k * n, 1f);
                float[] c = new float[m * n];
                Arrays.fill(c, Float.NaN);
                kernels.gemm(false, false, m, n, k, 1f, a, 0, Math.max(1, k), b, 0, Math.max(1, n), 0f, c, 0, Math.max(1, n));
                for (float v : c) {
                    assertTrue(Float.isFinite(v), kernels.name() + ": beta = 0 let a NaN of C through");
                }
            }
        }
    }

    @Example
    void nanInAPropagates() {
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            float[] a = new float[30 * 500];
            a[7] = Float.NaN;
            float[] b = new float[500];
            float[] c = new float[30];
            kernels.gemm(false, false, 30, 1, 500, 1f, a, 0, 500, b, 0, 1, 0f, c, 0, 1);
            assertTrue(Float.isNaN(c[0]), kernels.name());
            assertTrue(Float.isFinite(c[1]), kernels.name());
        }
    }

    @Example
    void badArgumentsAreNamed() {
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                    () -> kernels.gemm(false, false, 4, 4, 4, 1f, new float[15], 0, 4, new float[16], 0, 4,
                            0f, new float[16], 0, 4));
            assertTrue(small.getMessage().contains("gemm A"), small.getMessage());
            IllegalArgumentException ld = assertThrows(IllegalArgumentException.class,
                    () -> kernels.gemm(false, false, 4, 4, 4, 1f, new float[16], 0, 4, new float[16], 0, 3,
                            0f, new float[16], 0, 4));
            assertTrue(ld.getMessage().contains("leading dimension 3"), ld.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> kernels.gemm(false, false, -1, 4, 4, 1f, new float[16], 0, 4, new float[16], 0, 4,
                            0f, new float[16], 0, 4));
        }
    }

    /** One random problem: operands with padding and offsets, and its exact answer in double. */
    static final class Problem {
        final int m, n, k, lda, ldb, ldc, aOff, bOff, cOff;
        final boolean transA, transB;
        final float alpha, beta;
        final float[] a, b, c;

        Problem(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta, SplittableRandom r) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.transA = transA;
            this.transB = transB;
            this.alpha = alpha;
            this.beta = beta;
            int aRows = transA ? k : m, aCols = transA ? m : k;
            int bRows = transB ? n : k, bCols = transB ? k : n;
            lda = Math.max(1, aCols) + r.nextInt(3);
            ldb = Math.max(1, bCols) + r.nextInt(3);
            ldc = Math.max(1, n) + r.nextInt(3);
            aOff = r.nextInt(4);
            bOff = r.nextInt(4);
            cOff = r.nextInt(4);
            a = stored(r, aRows, aCols, lda, aOff);
            b = stored(r, bRows, bCols, ldb, bOff);
            c = stored(r, m, n, ldc, cOff);
        }

        /** A rows x cols matrix of values in [-1, 1) at off with leading dimension ld; everything else NaN. */
        private static float[] stored(SplittableRandom r, int rows, int cols, int ld, int off) {
            float[] x = new float[off + rows * ld + 3];
            Arrays.fill(x, Float.NaN);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    x[off + i * ld + j] = (float) (r.nextDouble() * 2 - 1);
                }
            }
            return x;
        }

        double opA(int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        double opB(int p, int j) {
            return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }
    }

    static double gamma(int n) {
        double u = 0x1.0p-24;
        return n * u / (1 - n * u);
    }

    static void check(Problem pr) {
        double[] exact = new double[pr.m * pr.n];
        double[] bound = new double[pr.m * pr.n];
        for (int i = 0; i < pr.m; i++) {
            for (int j = 0; j < pr.n; j++) {
                double sum = 0, magnitude = 0;
                if (pr.alpha != 0f) {
                    for (int p = 0; p < pr.k; p++) {
                        double prod = pr.opA(i, p) * pr.opB(p, j);
                        sum += prod;
                        magnitude += Math.abs(prod);
                    }
                }
                sum *= pr.alpha;
                magnitude *= Math.abs(pr.alpha);
                if (pr.beta != 0f) {
                    double old = pr.c[pr.cOff + i * pr.ldc + j];
                    sum += pr.beta * old;
                    magnitude += Math.abs(pr.beta * old);
                }
                exact[i * pr.n + j] = sum;
                bound[i * pr.n + j] = gamma(pr.k + 3) * magnitude;
            }
        }
        float[] scalar = run(SCALAR, pr, exact, bound);
        float[] simd = run(SIMD, pr, exact, bound);
        for (int i = 0; i < pr.m; i++) {
            for (int j = 0; j < pr.n; j++) {
                int at = pr.cOff + i * pr.ldc + j;
                double gap = Math.abs(simd[at] - scalar[at]);
                if (!(gap <= 2 * bound[i * pr.n + j])) {
                    fail("simd and scalar gemm differ by " + gap + " at C[" + i + "][" + j + "]");
                }
            }
        }
    }

    /** Runs one implementation on copies of the operands and checks every element of C against the bound. */
    private static float[] run(Kernels kernels, Problem pr, double[] exact, double[] bound) {
        float[] c = pr.c.clone();
        kernels.gemm(pr.transA, pr.transB, pr.m, pr.n, pr.k, pr.alpha, pr.a.clone(), pr.aOff, pr.lda,
                pr.b.clone(), pr.bOff, pr.ldb, pr.beta, c, pr.cOff, pr.ldc);
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - pr.cOff;
            boolean inside = rel >= 0 && rel / pr.ldc < pr.m && rel % pr.ldc < pr.n;
            if (!inside && !Float.isNaN(c[idx])) {
                fail(kernels.name() + ": gemm wrote outside C at " + idx);
            }
        }
        for (int i = 0; i < pr.m; i++) {
            for (int j = 0; j < pr.n; j++) {
                float actual = c[pr.cOff + i * pr.ldc + j];
                double e = exact[i * pr.n + j];
                double b = bound[i * pr.n + j];
                if (!(Math.abs(actual - e) <= b)) {
                    fail(String.format("%s gemm(%s,%s) m=%d n=%d k=%d alpha=%s beta=%s: C[%d][%d] = %s, exact %s,"
                                    + " error %.3g > bound %.3g", kernels.name(), pr.transA, pr.transB, pr.m, pr.n,
                            pr.k, pr.alpha, pr.beta, i, j, actual, e, Math.abs(actual - e), b));
                }
            }
        }
        return c;
    }
}
