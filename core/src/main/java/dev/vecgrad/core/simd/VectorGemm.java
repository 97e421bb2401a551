package dev.vecgrad.core.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD GEMM, {@code C = alpha * op(A) * op(B) + beta * C}, row-major, in three paths:
 *
 * <ol>
 *   <li><b>Dot products</b> for a matrix times a vector ({@code n == 1}, A not transposed):
 *       one dot product per row of A.</li>
 *   <li><b>Direct</b> for small products whose B rows are contiguous: each row of C is built
 *       as a sum of B's rows scaled by A's entries, straight from the caller's arrays. The
 *       case study's products are all like this (30x2 * 2x500, 2x30 * 30x500, 30x1 * 1x500,
 *       and 500x30^T * 30x1 seen as its transpose), and for them packing would cost more
 *       than the arithmetic.</li>
 *   <li><b>Packed</b> for everything else, after Goto and van de Geijn (BLIS): copy a
 *       {@code KC x NC} block of op(B) and an {@code MC x KC} block of op(A) into contiguous
 *       panels (this is also where the transposes are resolved), then sweep an
 *       {@code MR x NR} register tile over them. The tile holds {@code MR * 2} vector
 *       accumulators, independent chains that keep both FMA pipes busy.</li>
 * </ol>
 *
 * <p>No masked loads or stores: on JDK 17 they fall back to a slow path (about 30 ns each
 * here). Edges are done with scalar tails or through a scratch tile instead.
 */
final class VectorGemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    /** Register tile: MR rows by two vectors. 6 x 2 = 12 accumulators + 2 B vectors + 1 broadcast fit the 16 registers of AVX2 as well as AVX-512's 32. */
    static final int MR = 6;
    static final int NR = 2 * W;
    /** Depth of a packed block: a KC x NR panel of B (32 KiB at 512 bits) stays in L1 while A's panels stream past. */
    static final int KC = 256;
    /** Rows of A per packed block (a multiple of MR): MC x KC floats (96 KiB) stay in L2. */
    static final int MC = 96;
    /** Columns of B per packed block (a multiple of NR): KC x NC floats (1 MiB) in L2/L3. */
    static final int NC = 1024 / NR * NR;

    /**
     * The direct path is for products too thin to pay for packing: a depth of at most 4
     * (the case study's first layer has k = 2) or at most 4 rows of C (its first weight
     * gradient has m = 2). Measured here: 30x500x2 took 1.7 us direct and 2.4 us packed, while
     * packing already wins at 64x64x64 (110 GFLOP/s against 61).
     */
    private static final int SHALLOW_MAX_DEPTH = 4;
    private static final int DIRECT_MAX_ROWS = 4;

    private VectorGemm() {
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scaleMatrix(m, n, beta, c, cOff, ldc);                     // BLAS: A and B are not read
            return;
        }
        // op(B) as a vector when n == 1: contiguous if B is a row (transB) or a column with ldb 1.
        boolean bIsContiguousVector = n == 1 && (transB || ldb == 1);
        if (bIsContiguousVector && !transA) {
            dotRows(m, k, alpha, a, aOff, lda, b, bOff, beta, c, cOff, ldc);
            return;
        }
        if (bIsContiguousVector && ldc == 1) {
            // y = A^T x is the row vector x^T A: one direct row over A's contiguous rows.
            direct(false, 1, m, k, alpha, b, bOff, 1, a, aOff, lda, beta, c, cOff, m);
            return;
        }
        // op(B)'s rows are contiguous unless B is transposed (then only a single row, k == 1, with ldb 1 is).
        boolean bRowsContiguous = !transB || (k == 1 && ldb == 1);
        if (bRowsContiguous && n < W) {
            narrow(transA, m, n, k, alpha, a, aOff, lda, b, bOff, transB ? 0 : ldb, beta, c, cOff, ldc);
            return;
        }
        if (bRowsContiguous && k <= SHALLOW_MAX_DEPTH) {
            shallow(transA, m, n, k, alpha, a, aOff, lda, b, bOff, transB ? 0 : ldb, beta, c, cOff, ldc);
            return;
        }
        if (bRowsContiguous && m <= DIRECT_MAX_ROWS) {
            direct(transA, m, n, k, alpha, a, aOff, lda, b, bOff, transB ? 0 : ldb, beta, c, cOff, ldc);
            return;
        }
        packed(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    // ---------------------------------------------------------------- a dense layer: act(x w + bias)

    /**
     * {@code out = act(x w + bias)}, dense row-major operands, act = ReLU or identity. The
     * thin shapes take the bias as their accumulators' starting value and apply the ReLU before
     * the store, so the output is written once; others run the GEMM and one bias pass.
     */
    static void linear(boolean relu, int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                       float[] bias, int biasOff, float[] out, int outOff) {
        if (m == 0 || n == 0) {
            return;
        }
        if (n == 1) {
            float b = bias[biasOff];
            for (int i = 0; i < m; i++) {
                float z = VectorKernels.dotProduct(k, x, xOff + i * k, w, wOff) + b;
                out[outOff + i] = relu ? Math.max(z, 0f) : z;
            }
            return;
        }
        if (n < W) {
            narrowLinear(relu, m, n, k, x, xOff, w, wOff, bias, biasOff, out, outOff);
            return;
        }
        if (k <= SHALLOW_MAX_DEPTH) {
            shallowLinear(relu, m, n, k, x, xOff, w, wOff, bias, biasOff, out, outOff);
            return;
        }
        if (m <= DIRECT_MAX_ROWS) {
            directLinear(relu, m, n, k, x, xOff, w, wOff, bias, biasOff, out, outOff);
            return;
        }
        gemm(false, false, m, n, k, 1f, x, xOff, k, w, wOff, n, 0f, out, outOff, n);
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < m; i++) {
            int row = outOff + i * n;
            int j = 0;
            for (; j + W <= n; j += W) {
                FloatVector z = FloatVector.fromArray(S, out, row + j).add(FloatVector.fromArray(S, bias, biasOff + j));
                (relu ? z.max(zero) : z).intoArray(out, row + j);
            }
            for (; j < n; j++) {
                float z = out[row + j] + bias[biasOff + j];
                out[row + j] = relu ? Math.max(z, 0f) : z;
            }
        }
    }

    /** The shallow path ({@link #shallow}) of {@link #linear}: sums start from the bias, ReLU before the store. */
    private static void shallowLinear(boolean relu, int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                                      float[] bias, int biasOff, float[] out, int outOff) {
        // A ReLU is max(z, 0); without one, max(z, -infinity) leaves z unchanged (NaN included).
        FloatVector floor = FloatVector.broadcast(S, relu ? 0f : Float.NEGATIVE_INFINITY);
        FloatVector zero = FloatVector.zero(S);
        int j = 0;
        for (; j + W <= n; j += W) {
            int wj = wOff + j;
            FloatVector b = FloatVector.fromArray(S, bias, biasOff + j);
            FloatVector w0 = k > 0 ? FloatVector.fromArray(S, w, wj) : zero;
            FloatVector w1 = k > 1 ? FloatVector.fromArray(S, w, wj + n) : zero;
            FloatVector w2 = k > 2 ? FloatVector.fromArray(S, w, wj + 2 * n) : zero;
            FloatVector w3 = k > 3 ? FloatVector.fromArray(S, w, wj + 3 * n) : zero;
            for (int i = 0; i < m; i++) {
                int xRow = xOff + i * k;
                FloatVector s = b;
                if (k > 0) {
                    s = FloatVector.broadcast(S, x[xRow]).fma(w0, s);
                }
                if (k > 1) {
                    s = FloatVector.broadcast(S, x[xRow + 1]).fma(w1, s);
                }
                if (k > 2) {
                    s = FloatVector.broadcast(S, x[xRow + 2]).fma(w2, s);
                }
                if (k > 3) {
                    s = FloatVector.broadcast(S, x[xRow + 3]).fma(w3, s);
                }
                s.max(floor).intoArray(out, outOff + i * n + j);
            }
        }
        for (; j < n; j++) {
            for (int i = 0; i < m; i++) {
                float s = bias[biasOff + j];
                for (int p = 0; p < k; p++) {
                    s = Math.fma(x[xOff + i * k + p], w[wOff + p * n + j], s);
                }
                out[outOff + i * n + j] = relu ? Math.max(s, 0f) : s;
            }
        }
    }

    /** The direct path of {@link #linear}: accumulators start from the bias, ReLU before the store. */
    private static void directLinear(boolean relu, int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                                     float[] bias, int biasOff, float[] out, int outOff) {
        // A ReLU is max(z, 0); without one, max(z, -infinity) leaves z unchanged (NaN included).
        FloatVector floor = FloatVector.broadcast(S, relu ? 0f : Float.NEGATIVE_INFINITY);
        for (int i = 0; i < m; i++) {
            int xRow = xOff + i * k;
            int row = outOff + i * n;
            int j = 0;
            for (; j + 4 * W <= n; j += 4 * W) {
                FloatVector s0 = FloatVector.fromArray(S, bias, biasOff + j);
                FloatVector s1 = FloatVector.fromArray(S, bias, biasOff + j + W);
                FloatVector s2 = FloatVector.fromArray(S, bias, biasOff + j + 2 * W);
                FloatVector s3 = FloatVector.fromArray(S, bias, biasOff + j + 3 * W);
                for (int p = 0; p < k; p++) {
                    FloatVector xp = FloatVector.broadcast(S, x[xRow + p]);
                    int wp = wOff + p * n + j;
                    s0 = xp.fma(FloatVector.fromArray(S, w, wp), s0);
                    s1 = xp.fma(FloatVector.fromArray(S, w, wp + W), s1);
                    s2 = xp.fma(FloatVector.fromArray(S, w, wp + 2 * W), s2);
                    s3 = xp.fma(FloatVector.fromArray(S, w, wp + 3 * W), s3);
                }
                s0.max(floor).intoArray(out, row + j);
                s1.max(floor).intoArray(out, row + j + W);
                s2.max(floor).intoArray(out, row + j + 2 * W);
                s3.max(floor).intoArray(out, row + j + 3 * W);
            }
            for (; j + W <= n; j += W) {
                FloatVector s = FloatVector.fromArray(S, bias, biasOff + j);
                for (int p = 0; p < k; p++) {
                    s = FloatVector.broadcast(S, x[xRow + p]).fma(FloatVector.fromArray(S, w, wOff + p * n + j), s);
                }
                s.max(floor).intoArray(out, row + j);
            }
            for (; j < n; j++) {
                float s = bias[biasOff + j];
                for (int p = 0; p < k; p++) {
                    s = Math.fma(x[xRow + p], w[wOff + p * n + j], s);
                }
                out[row + j] = relu ? Math.max(s, 0f) : s;
            }
        }
    }

    /** The narrow path ({@link #narrow}) of {@link #linear}: sums start from the bias, ReLU before the store. */
    private static void narrowLinear(boolean relu, int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                                     float[] bias, int biasOff, float[] out, int outOff) {
        float[] pw = padRows(k, n, w, wOff, n, bias, biasOff);
        float[] tile = Scratch.get().gemmTile;
        FloatVector b = FloatVector.fromArray(S, pw, k * W);
        // A ReLU is max(z, 0); without one, max(z, -infinity) leaves z unchanged (NaN included).
        FloatVector floor = FloatVector.broadcast(S, relu ? 0f : Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int x0 = xOff + i * k;
            FloatVector s0 = b, s1 = b, s2 = b, s3 = b;
            for (int p = 0; p < k; p++) {
                FloatVector wp = FloatVector.fromArray(S, pw, p * W);
                s0 = FloatVector.broadcast(S, x[x0 + p]).fma(wp, s0);
                s1 = FloatVector.broadcast(S, x[x0 + k + p]).fma(wp, s1);
                s2 = FloatVector.broadcast(S, x[x0 + 2 * k + p]).fma(wp, s2);
                s3 = FloatVector.broadcast(S, x[x0 + 3 * k + p]).fma(wp, s3);
            }
            s0.max(floor).intoArray(tile, 0);
            s1.max(floor).intoArray(tile, W);
            s2.max(floor).intoArray(tile, 2 * W);
            s3.max(floor).intoArray(tile, 3 * W);
            for (int r = 0; r < 4; r++) {
                System.arraycopy(tile, r * W, out, outOff + (i + r) * n, n);
            }
        }
        for (; i < m; i++) {
            FloatVector s = b;
            for (int p = 0; p < k; p++) {
                s = FloatVector.broadcast(S, x[xOff + i * k + p]).fma(FloatVector.fromArray(S, pw, p * W), s);
            }
            s.max(floor).intoArray(tile, 0);
            System.arraycopy(tile, 0, out, outOff + i * n, n);
        }
    }

    // ---------------------------------------------------------------- C = beta * C

    private static void scaleMatrix(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = beta == 0f ? 0f : beta * c[row + j];
            }
        }
    }

    /**
     * Writes {@code alpha * acc + beta * C} to one element of C, not reading C when beta is 0.
     * The vector code does the same operations inline (a vector must not cross a method call
     * that might not be inlined: see VectorMath).
     */
    private static void update(float acc, float alpha, float beta, float[] c, int off) {
        float r = acc * alpha;
        if (beta != 0f) {
            r = Math.fma(c[off], beta, r);
        }
        c[off] = r;
    }

    // ---------------------------------------------------------------- path 1: dot products

    /** {@code c[i * ldc] = alpha * dot(row i of A, x) + beta * c[i * ldc]}. */
    private static void dotRows(int m, int k, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                                float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            update(VectorKernels.dotProduct(k, a, aOff + i * lda, x, xOff), alpha, beta, c, cOff + i * ldc);
        }
    }

    // ---------------------------------------------------------------- path 2: shallow

    /**
     * {@code k <= 4}: op(B) has at most four rows, so each column strip of them is loaded
     * into registers once and every row of A passes under it; C is written once, a strip at
     * a time. (Row by row instead, B's strips would be reloaded for every row: the loads, not
     * the few FMAs, would set the pace.) Each element's sum has the same order as in
     * {@link #direct}.
     */
    private static void shallow(boolean transA, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int bRowStride,
                                float beta, float[] c, int cOff, int ldc) {
        int aColStride = transA ? lda : 1;
        int aRowStride = transA ? 1 : lda;
        FloatVector zero = FloatVector.zero(S);
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        FloatVector betaV = FloatVector.broadcast(S, beta);
        int j = 0;
        for (; j + W <= n; j += W) {
            int bj = bOff + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bj);
            FloatVector b1 = k > 1 ? FloatVector.fromArray(S, b, bj + bRowStride) : zero;
            FloatVector b2 = k > 2 ? FloatVector.fromArray(S, b, bj + 2 * bRowStride) : zero;
            FloatVector b3 = k > 3 ? FloatVector.fromArray(S, b, bj + 3 * bRowStride) : zero;
            for (int i = 0; i < m; i++) {
                int aRow = aOff + i * aRowStride;
                FloatVector s = FloatVector.broadcast(S, a[aRow]).fma(b0, zero);
                if (k > 1) {
                    s = FloatVector.broadcast(S, a[aRow + aColStride]).fma(b1, s);
                }
                if (k > 2) {
                    s = FloatVector.broadcast(S, a[aRow + 2 * aColStride]).fma(b2, s);
                }
                if (k > 3) {
                    s = FloatVector.broadcast(S, a[aRow + 3 * aColStride]).fma(b3, s);
                }
                s = s.mul(alphaV);
                int at = cOff + i * ldc + j;
                if (beta != 0f) {
                    s = FloatVector.fromArray(S, c, at).fma(betaV, s);
                }
                s.intoArray(c, at);
            }
        }
        for (; j < n; j++) {
            for (int i = 0; i < m; i++) {
                int aRow = aOff + i * aRowStride;
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[aRow + p * aColStride], b[bOff + p * bRowStride + j], s);
                }
                update(s, alpha, beta, c, cOff + i * ldc + j);
            }
        }
    }

    // ---------------------------------------------------------------- path 2: narrow

    /**
     * {@code n < W}: C is narrower than one vector (a convolution's few filters), where the
     * packed path would spend most of its lanes on padding and the others would fall to
     * their scalar tails. op(B)'s rows are copied once into zero-padded vectors ({@code k x W}
     * floats, L1-resident), then four rows of A at a time pass over them, so each row of B is
     * loaded once per four rows of C. The n useful lanes of each result go to C through a
     * small tile rather than a masked store, which JDK 17 would box. Each sum runs over p in
     * order, as in {@link #direct}.
     */
    private static void narrow(boolean transA, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int bRowStride,
                               float beta, float[] c, int cOff, int ldc) {
        float[] pb = padRows(k, n, b, bOff, bRowStride, null, 0);
        float[] tile = Scratch.get().gemmTile;
        int aColStride = transA ? lda : 1;
        int aRowStride = transA ? 1 : lda;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * aRowStride;
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < k; p++) {
                FloatVector bp = FloatVector.fromArray(S, pb, p * W);
                int ap = a0 + p * aColStride;
                s0 = FloatVector.broadcast(S, a[ap]).fma(bp, s0);
                s1 = FloatVector.broadcast(S, a[ap + aRowStride]).fma(bp, s1);
                s2 = FloatVector.broadcast(S, a[ap + 2 * aRowStride]).fma(bp, s2);
                s3 = FloatVector.broadcast(S, a[ap + 3 * aRowStride]).fma(bp, s3);
            }
            s0.intoArray(tile, 0);
            s1.intoArray(tile, W);
            s2.intoArray(tile, 2 * W);
            s3.intoArray(tile, 3 * W);
            for (int r = 0; r < 4; r++) {
                int row = cOff + (i + r) * ldc;
                for (int j = 0; j < n; j++) {
                    update(tile[r * W + j], alpha, beta, c, row + j);
                }
            }
        }
        for (; i < m; i++) {
            int aRow = aOff + i * aRowStride;
            FloatVector s = FloatVector.zero(S);
            for (int p = 0; p < k; p++) {
                s = FloatVector.broadcast(S, a[aRow + p * aColStride]).fma(FloatVector.fromArray(S, pb, p * W), s);
            }
            s.intoArray(tile, 0);
            for (int j = 0; j < n; j++) {
                update(tile[j], alpha, beta, c, cOff + i * ldc + j);
            }
        }
    }

    /**
     * op(B)'s k rows of n < W floats, each copied into a W-float slot padded with zeros, and
     * after them, when given, the bias padded the same way (per-thread scratch).
     */
    private static float[] padRows(int k, int n, float[] b, int bOff, int bRowStride, float[] bias, int biasOff) {
        float[] padded = Scratch.get().packedB((k + 1) * W);
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, bOff + p * bRowStride, padded, p * W, n);
            java.util.Arrays.fill(padded, p * W + n, p * W + W, 0f);
        }
        if (bias != null) {
            System.arraycopy(bias, biasOff, padded, k * W, n);
            java.util.Arrays.fill(padded, k * W + n, k * W + W, 0f);
        }
        return padded;
    }

    // ---------------------------------------------------------------- path 2: direct

    /**
     * Row {@code i} of C is {@code sum_p op(A)[i][p] * (row p of op(B))}, accumulated four
     * vectors wide. {@code bRowStride} is the distance between op(B)'s rows (0 when there
     * is only one).
     */
    private static void direct(boolean transA, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int bRowStride,
                               float beta, float[] c, int cOff, int ldc) {
        int aColStride = transA ? lda : 1;
        int aRowStride = transA ? 1 : lda;
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        FloatVector betaV = FloatVector.broadcast(S, beta);
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * aRowStride;
            int cRow = cOff + i * ldc;
            int j = 0;
            for (; j + 4 * W <= n; j += 4 * W) {
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = FloatVector.zero(S);
                FloatVector s2 = FloatVector.zero(S);
                FloatVector s3 = FloatVector.zero(S);
                for (int p = 0; p < k; p++) {
                    FloatVector ap = FloatVector.broadcast(S, a[aRow + p * aColStride]);
                    int bp = bOff + p * bRowStride + j;
                    s0 = ap.fma(FloatVector.fromArray(S, b, bp), s0);
                    s1 = ap.fma(FloatVector.fromArray(S, b, bp + W), s1);
                    s2 = ap.fma(FloatVector.fromArray(S, b, bp + 2 * W), s2);
                    s3 = ap.fma(FloatVector.fromArray(S, b, bp + 3 * W), s3);
                }
                int at = cRow + j;
                s0 = s0.mul(alphaV);
                s1 = s1.mul(alphaV);
                s2 = s2.mul(alphaV);
                s3 = s3.mul(alphaV);
                if (beta != 0f) {
                    s0 = FloatVector.fromArray(S, c, at).fma(betaV, s0);
                    s1 = FloatVector.fromArray(S, c, at + W).fma(betaV, s1);
                    s2 = FloatVector.fromArray(S, c, at + 2 * W).fma(betaV, s2);
                    s3 = FloatVector.fromArray(S, c, at + 3 * W).fma(betaV, s3);
                }
                s0.intoArray(c, at);
                s1.intoArray(c, at + W);
                s2.intoArray(c, at + 2 * W);
                s3.intoArray(c, at + 3 * W);
            }
            for (; j + W <= n; j += W) {
                FloatVector s = FloatVector.zero(S);
                for (int p = 0; p < k; p++) {
                    s = FloatVector.broadcast(S, a[aRow + p * aColStride])
                            .fma(FloatVector.fromArray(S, b, bOff + p * bRowStride + j), s);
                }
                s = s.mul(alphaV);
                if (beta != 0f) {
                    s = FloatVector.fromArray(S, c, cRow + j).fma(betaV, s);
                }
                s.intoArray(c, cRow + j);
            }
            for (; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[aRow + p * aColStride], b[bOff + p * bRowStride + j], s);
                }
                update(s, alpha, beta, c, cRow + j);
            }
        }
    }

    // ---------------------------------------------------------------- path 3: packed

    private static void packed(boolean transA, boolean transB, int m, int n, int k,
                               float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        Scratch scratch = Scratch.get();
        float[] packedA = scratch.packedA(MC * KC);
        float[] packedB = scratch.packedB(KC * NC);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float betaBlock = pc == 0 ? beta : 1f;                // later depth blocks add to C
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, packedB);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, packedA);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int cTile = cOff + (ic + ir) * ldc + jc + jr;
                            tile(kc, packedA, ir * kc, packedB, jr * kc, alpha, betaBlock,
                                    c, cTile, ldc, mr, nr, scratch.gemmTile);
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs rows {@code [i0, i0+mc)} and columns {@code [p0, p0+kc)} of op(A) into panels of
     * MR rows: panel {@code r} holds, for each p in turn, its MR values of column p. Rows past
     * the end are zero, so the register tile never needs a row check inside its loop.
     */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                              float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int panel = ir * kc;
            if (transA) {
                // Stored k x m: the MR values of one p are contiguous.
                int src = aOff + p0 * lda + i0 + ir;
                for (int p = 0; p < kc; p++) {
                    int d = panel + p * MR;
                    System.arraycopy(a, src + p * lda, dst, d, rows);
                    for (int i = rows; i < MR; i++) {
                        dst[d + i] = 0f;
                    }
                }
            } else if (rows == MR) {
                // Stored m x k: read MR rows side by side, write the panel in order.
                int r0 = aOff + (i0 + ir) * lda + p0;
                int r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda, r5 = r4 + lda;
                for (int p = 0; p < kc; p++) {
                    int d = panel + p * MR;
                    dst[d] = a[r0 + p];
                    dst[d + 1] = a[r1 + p];
                    dst[d + 2] = a[r2 + p];
                    dst[d + 3] = a[r3 + p];
                    dst[d + 4] = a[r4 + p];
                    dst[d + 5] = a[r5 + p];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int d = panel + p * MR;
                    for (int i = 0; i < MR; i++) {
                        dst[d + i] = i < rows ? a[aOff + (i0 + ir + i) * lda + p0 + p] : 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs rows {@code [p0, p0+kc)} and columns {@code [j0, j0+nc)} of op(B) into panels of
     * NR columns: panel {@code r} holds, for each p in turn, its NR values of row p, zero past
     * the last column.
     */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc,
                              float[] dst) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int panel = jr * kc;
            if (transB) {
                for (int j = 0; j < NR; j++) {
                    if (j < cols) {
                        int src = bOff + (j0 + jr + j) * ldb + p0;    // row of the stored n x k matrix
                        for (int p = 0; p < kc; p++) {
                            dst[panel + p * NR + j] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[panel + p * NR + j] = 0f;
                        }
                    }
                }
            } else if (cols == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j0 + jr;
                    FloatVector.fromArray(S, b, src).intoArray(dst, panel + p * NR);
                    FloatVector.fromArray(S, b, src + W).intoArray(dst, panel + p * NR + W);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j0 + jr;
                    int d = panel + p * NR;
                    System.arraycopy(b, src, dst, d, cols);
                    java.util.Arrays.fill(dst, d + cols, d + NR, 0f);
                }
            }
        }
    }

    /**
     * The register tile: an MR x NR block of C from a packed A panel and a packed B panel,
     * twelve independent accumulators, one broadcast of A and two loads of B per step.
     * The accumulators are parked in {@code acc} (MR x NR) and written to C by
     * {@link #writeTile}: with the write-back in this method too, C2 kept fewer accumulators
     * in registers and the whole GEMM ran at about half the speed.
     */
    private static void tile(int kc, float[] pa, int aIdx, float[] pb, int bIdx, float alpha, float beta,
                             float[] c, int cOff, int ldc, int mr, int nr, float[] acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aIdx + p * MR;
            int bi = bIdx + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + W);
            FloatVector av = FloatVector.broadcast(S, pa[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, pa[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, pa[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, pa[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, pa[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, pa[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, W);
        c10.intoArray(acc, NR);
        c11.intoArray(acc, NR + W);
        c20.intoArray(acc, 2 * NR);
        c21.intoArray(acc, 2 * NR + W);
        c30.intoArray(acc, 3 * NR);
        c31.intoArray(acc, 3 * NR + W);
        c40.intoArray(acc, 4 * NR);
        c41.intoArray(acc, 4 * NR + W);
        c50.intoArray(acc, 5 * NR);
        c51.intoArray(acc, 5 * NR + W);
        writeTile(acc, alpha, beta, c, cOff, ldc, mr, nr);
    }

    /** C's tile = alpha * acc + beta * C's tile, for the mr x nr part of the tile that exists. */
    private static void writeTile(float[] acc, float alpha, float beta, float[] c, int cOff, int ldc, int mr, int nr) {
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        FloatVector betaV = FloatVector.broadcast(S, beta);
        for (int i = 0; i < mr; i++) {
            int j = 0;
            int row = cOff + i * ldc;
            if (nr == NR) {
                FloatVector r0 = FloatVector.fromArray(S, acc, i * NR).mul(alphaV);
                FloatVector r1 = FloatVector.fromArray(S, acc, i * NR + W).mul(alphaV);
                if (beta != 0f) {
                    r0 = FloatVector.fromArray(S, c, row).fma(betaV, r0);
                    r1 = FloatVector.fromArray(S, c, row + W).fma(betaV, r1);
                }
                r0.intoArray(c, row);
                r1.intoArray(c, row + W);
                j = NR;
            }
            for (; j < nr; j++) {
                update(acc[i * NR + j], alpha, beta, c, row + j);
            }
        }
    }
}
