package dev.vecgrad.core.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD GEMM, {@code C = act(alpha * op(A) * op(B) + beta * C + bias)}, row-major: which path
 * a product takes. A plain GEMM has no bias and no activation; a dense layer's forward pass
 * ({@link #linear}) has a bias and, optionally, a ReLU, applied while each result is still in
 * a register rather than in more passes over C. The paths, in the order they are tried:
 *
 * <ol>
 *   <li><b>Dot rows</b> ({@link ThinGemm#dotRows}): a matrix times a vector ({@code n == 1},
 *       A not transposed), one dot product per row of A.</li>
 *   <li><b>Vector times matrix</b>: {@code y = A^T x} is the row vector {@code x^T A}, one row
 *       of the direct path over A's contiguous rows.</li>
 *   <li><b>Narrow</b> ({@link ThinGemm#narrow}): C narrower than one vector (a convolution's few
 *       filters).</li>
 *   <li><b>Shallow</b> ({@link ThinGemm#shallow}): a depth of at most 4 (the case study's first
 *       layer, k = 2).</li>
 *   <li><b>Direct</b> ({@link ThinGemm#direct}): at most 4 rows of C (the case study's first
 *       weight gradient, m = 2).</li>
 *   <li><b>Packed</b> ({@link PackedGemm}): everything else, BLIS-style blocking and a register
 *       tile; A is read in place, not packed, when C is at most one tile wide (a
 *       convolution's 32 filters).</li>
 * </ol>
 * A dense layer's forward pass takes the same path as its product would; dot rows and
 * packed apply its bias and ReLU in their one body, narrow, shallow and direct in a copy
 * of their own (merged, they cost the plain products 10-40%: see ThinGemm).
 * The first five work straight from the caller's arrays: for products this thin, packing would
 * cost more than the arithmetic (30x500x2 took 1.7 us direct and 2.4 us packed here), while
 * packing already wins at 64x64x64 (110 GFLOP/s against 61).
 *
 * <p>Two rules keep every path free of allocation on JDK 17's Vector API, whose C2 boxes a
 * vector it cannot keep in a register: no masked loads or stores (they fall back to a slow
 * path, about 30 ns each; edges go through scalar tails or a scratch tile instead), and no
 * vector chosen by a condition ({@code k > 1 ? load : zero}) and then kept across a loop (C2
 * then merges two vector objects and may box them on every pass): a register for a row that
 * does not exist is loaded from a row that does, and never multiplied.
 */
final class VectorGemm {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int W = S.length();

    /** The shallow path takes a depth up to this; the direct path takes up to this many rows of C. */
    static final int THIN = 4;

    private VectorGemm() {
    }

    /** A plain GEMM: no bias, no activation. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        multiply(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null, 0, false);
    }

    /** A dense layer's forward pass, {@code out = act(x w + bias)}, on dense row-major operands. */
    static void linear(boolean relu, int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                       float[] bias, int biasOff, float[] out, int outOff) {
        multiply(false, false, m, n, k, 1f, x, xOff, Math.max(1, k), w, wOff, Math.max(1, n), 0f, out, outOff,
                Math.max(1, n), bias, biasOff, relu);
    }

    private static void multiply(boolean transA, boolean transB, int m, int n, int k,
                                 float alpha, float[] a, int aOff, int lda,
                                 float[] b, int bOff, int ldb,
                                 float beta, float[] c, int cOff, int ldc,
                                 float[] bias, int biasOff, boolean relu) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            // BLAS: A and B are not read, and C not when beta is 0.
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = cOff + i * ldc + j;
                    float r = beta == 0f ? 0f : beta * c[at];
                    if (bias != null) {
                        r += bias[biasOff + j];
                    }
                    c[at] = relu ? Math.max(r, 0f) : r;
                }
            }
            return;
        }
        // op(B) as a vector when n == 1: contiguous if B is a row (transB) or a column with ldb 1.
        boolean bIsContiguousVector = n == 1 && (transB || ldb == 1);
        if (bIsContiguousVector && !transA) {
            ThinGemm.dotRows(m, k, alpha, a, aOff, lda, b, bOff, beta, c, cOff, ldc, bias, biasOff, relu);
            return;
        }
        if (bIsContiguousVector && ldc == 1 && bias == null && !relu) {
            ThinGemm.direct(false, 1, m, k, alpha, b, bOff, 1, a, aOff, lda, beta, c, cOff, m);
            return;
        }
        // op(B)'s rows are contiguous unless B is transposed (then only a single row, k == 1, with ldb 1 is).
        boolean bRowsContiguous = !transB || (k == 1 && ldb == 1);
        int bRowStride = transB ? 0 : ldb;
        if (bRowsContiguous && n < W) {
            if (bias == null) {
                ThinGemm.narrow(transA, m, n, k, alpha, a, aOff, lda, b, bOff, bRowStride, beta, c, cOff, ldc);
            } else {
                ThinGemm.narrowLinear(relu, m, n, k, a, aOff, b, bOff, bias, biasOff, c, cOff);
            }
        } else if (bRowsContiguous && k <= THIN) {
            if (bias == null) {
                ThinGemm.shallow(transA, m, n, k, alpha, a, aOff, lda, b, bOff, bRowStride, beta, c, cOff, ldc);
            } else {
                ThinGemm.shallowLinear(relu, m, n, k, a, aOff, b, bOff, bias, biasOff, c, cOff);
            }
        } else if (bRowsContiguous && m <= THIN) {
            if (bias == null) {
                ThinGemm.direct(transA, m, n, k, alpha, a, aOff, lda, b, bOff, bRowStride, beta, c, cOff, ldc);
            } else {
                ThinGemm.directLinear(relu, m, n, k, a, aOff, b, bOff, bias, biasOff, c, cOff);
            }
        } else {
            PackedGemm.multiply(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias,
                    biasOff, relu);
        }
    }

    /**
     * Writes one element of C from its accumulator: {@code act(alpha * acc + beta * C)}, not
     * reading C when beta is 0. The vector code does the same operations inline (a vector must
     * not cross a method call that might not be inlined: see VectorMath).
     */
    static void store(float acc, float alpha, float beta, boolean relu, float[] c, int at) {
        float r = acc * alpha;
        if (beta != 0f) {
            r = Math.fma(c[at], beta, r);
        }
        c[at] = relu ? Math.max(r, 0f) : r;
    }
}
