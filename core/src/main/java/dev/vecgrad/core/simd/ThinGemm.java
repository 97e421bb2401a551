package dev.vecgrad.core.simd;

import static dev.vecgrad.core.simd.VectorGemm.S;
import static dev.vecgrad.core.simd.VectorGemm.W;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * The GEMM paths for thin products, which work straight from the caller's arrays (see
 * {@link VectorGemm} for when each is taken). Each computes
 * {@code C = act(alpha * op(A) * op(B) + beta * C)}; for a dense layer the accumulators
 * start from the bias and the ReLU goes on before the store, so that they cost no pass of
 * their own. Dot rows take the bias and ReLU in their one body; narrow, shallow and direct
 * keep a copy each for the dense layer ({@link #narrowLinear}, {@link #shallowLinear},
 * {@link #directLinear}), because merged they cost 10-40% (measured: BENCHMARKS.md, issue 12).
 *
 * <p>op(A) is addressed by two strides: {@code aRowStride} between its rows and
 * {@code aColStride} between its columns (1 and lda, swapped when A is transposed). op(B)'s
 * rows must be contiguous; {@code bRowStride} is the distance between them (0 when there is
 * only one).
 *
 * <p>A ReLU is {@code max(s, floor)} with a floor of 0; without one the floor is negative
 * infinity, which changes nothing (NaN included), so no vector is chosen by a condition.
 */
final class ThinGemm {

    private ThinGemm() {
    }

    /**
     * {@code c[i * ldc] = act(alpha * (dot(row i of A, x) + bias) + beta * c[i * ldc])}, two rows
     * at a time. One dot product ends in a serial chain (its last FMAs, the lane tree, the
     * scalar tail) that a second row's independent chain overlaps; each row's sum keeps
     * {@link VectorKernels#dotProduct}'s order, so the bits are the same.
     */
    static void dotRows(int m, int k, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
                        float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean relu) {
        float[] pair = Scratch.get().gemmTile;
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            twoDots(k, a, aOff + i * lda, aOff + (i + 1) * lda, x, xOff, pair);
            storeDot(pair[0], alpha, beta, c, cOff + i * ldc, bias, biasOff, relu);
            storeDot(pair[1], alpha, beta, c, cOff + (i + 1) * ldc, bias, biasOff, relu);
        }
        if (i < m) {
            storeDot(VectorKernels.dotProduct(k, a, aOff + i * lda, x, xOff), alpha, beta, c, cOff + i * ldc,
                    bias, biasOff, relu);
        }
    }

    private static void storeDot(float acc, float alpha, float beta, float[] c, int at, float[] bias, int biasOff,
                                 boolean relu) {
        if (bias != null) {
            acc += bias[biasOff];
        }
        VectorGemm.store(acc, alpha, beta, relu, c, at);
    }

    /**
     * {@code out[0] = dot(a[ra..], x)} and {@code out[1] = dot(a[rb..], x)}, each summed as
     * {@link VectorKernels#dotProduct} sums.
     */
    private static void twoDots(int n, float[] a, int ra, int rb, float[] x, int xOff, float[] out) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        FloatVector t0 = s0, t1 = s0, t2 = s0, t3 = s0;
        int i = 0;
        for (; i + 4 * W <= n; i += 4 * W) {
            FloatVector x0 = FloatVector.fromArray(S, x, xOff + i);
            FloatVector x1 = FloatVector.fromArray(S, x, xOff + i + W);
            FloatVector x2 = FloatVector.fromArray(S, x, xOff + i + 2 * W);
            FloatVector x3 = FloatVector.fromArray(S, x, xOff + i + 3 * W);
            s0 = FloatVector.fromArray(S, a, ra + i).fma(x0, s0);
            s1 = FloatVector.fromArray(S, a, ra + i + W).fma(x1, s1);
            s2 = FloatVector.fromArray(S, a, ra + i + 2 * W).fma(x2, s2);
            s3 = FloatVector.fromArray(S, a, ra + i + 3 * W).fma(x3, s3);
            t0 = FloatVector.fromArray(S, a, rb + i).fma(x0, t0);
            t1 = FloatVector.fromArray(S, a, rb + i + W).fma(x1, t1);
            t2 = FloatVector.fromArray(S, a, rb + i + 2 * W).fma(x2, t2);
            t3 = FloatVector.fromArray(S, a, rb + i + 3 * W).fma(x3, t3);
        }
        for (; i + W <= n; i += W) {
            FloatVector xi = FloatVector.fromArray(S, x, xOff + i);
            s0 = FloatVector.fromArray(S, a, ra + i).fma(xi, s0);
            t0 = FloatVector.fromArray(S, a, rb + i).fma(xi, t0);
        }
        float s = VectorKernels.laneSum(s0.add(s1).add(s2.add(s3)));
        float t = VectorKernels.laneSum(t0.add(t1).add(t2.add(t3)));
        for (; i < n; i++) {
            s = Math.fma(a[ra + i], x[xOff + i], s);
            t = Math.fma(a[rb + i], x[xOff + i], t);
        }
        out[0] = s;
        out[1] = t;
    }

    /**
     * {@code n < W}: C is narrower than one vector (a convolution's few filters), where the
     * packed path would spend most of its lanes on padding and the others would fall to
     * their scalar tails. op(B)'s rows are copied once into zero-padded vectors ({@code k x W}
     * floats, L1-resident), then four rows of A at a time pass over them, so each row of B is
     * loaded once per four rows of C. The n useful lanes of each result go to C through a
     * small tile rather than a masked store, which JDK 17 would box. Each sum runs over p in
     * order, as in {@link #direct}.
     */
    static void narrow(boolean transA, int m, int n, int k, float alpha,
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
                    VectorGemm.store(tile[r * W + j], alpha, beta, false, c, row + j);
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
                VectorGemm.store(tile[j], alpha, beta, false, c, cOff + i * ldc + j);
            }
        }
    }

    /**
     * The narrow path of a dense layer, {@code out = act(x w + bias)} with x dense
     * {@code m x k}: sums start from the bias, the ReLU before the store, and results go to
     * the output by plain copies. A separate copy of {@link #narrow}: merged, the dense layer's
     * forward pass ran 40% slower (2048 x 8 x 72, a CNN's second convolution).
     */
    static void narrowLinear(boolean relu, int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
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

    /**
     * op(B)'s k rows of {@code n < W} floats, each copied into a W-float slot padded with zeros, and
     * after them the bias padded the same way, or zeros (per-thread scratch).
     */
    private static float[] padRows(int k, int n, float[] b, int bOff, int bRowStride, float[] bias, int biasOff) {
        float[] padded = Scratch.get().packedB((k + 1) * W);
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, bOff + p * bRowStride, padded, p * W, n);
            Arrays.fill(padded, p * W + n, p * W + W, 0f);
        }
        if (bias != null) {
            System.arraycopy(bias, biasOff, padded, k * W, n);
            Arrays.fill(padded, k * W + n, k * W + W, 0f);
        } else {
            Arrays.fill(padded, k * W, k * W + W, 0f);
        }
        return padded;
    }

    /**
     * {@code k <= 4}: op(B) has at most four rows, so each column strip of them is loaded
     * into registers once and every row of A passes under it; C is written once, a strip at
     * a time. (Row by row instead, B's strips would be reloaded for every row: the loads, not
     * the few FMAs, would set the pace.) Each element's sum has the same order as in
     * {@link #direct}. Rows past the k-th are never multiplied; their registers are filled
     * from row 0, which is always there (a zero vector chosen by {@code k > 1 ? ... : zero}
     * would be the condition-chosen vector JDK 17 boxes; a row of zeros in scratch cost 20%).
     */
    static void shallow(boolean transA, int m, int n, int k, float alpha,
                        float[] a, int aOff, int lda, float[] b, int bOff, int bRowStride,
                        float beta, float[] c, int cOff, int ldc) {
        int aColStride = transA ? lda : 1;
        int aRowStride = transA ? 1 : lda;
        int j = 0;
        for (; j + W <= n; j += W) {
            shallowStrip(j, m, k, alpha, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, beta, c, cOff, ldc);
        }
        if (j < n && beta == 0f && n >= W) {
            // The last strip moved back to end at column n: the columns it shares with the strip
            // before are computed again the same way, so written again with the same bits (not
            // so with beta, which would read what this call already wrote).
            shallowStrip(n - W, m, k, alpha, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, beta, c, cOff, ldc);
            j = n;
        }
        for (; j < n; j++) {
            for (int i = 0; i < m; i++) {
                scalarElement(i, j, k, alpha, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, beta, c, cOff, ldc,
                        null, 0, false);
            }
        }
    }

    /** Columns {@code j..j+W} of every row of C, for {@link #shallow}. */
    private static void shallowStrip(int j, int m, int k, float alpha, float[] a, int aOff, int aRowStride,
                                     int aColStride, float[] b, int bOff, int bRowStride, float beta,
                                     float[] c, int cOff, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        FloatVector betaV = FloatVector.broadcast(S, beta);
        int bj = bOff + j;
        FloatVector b0 = FloatVector.fromArray(S, b, bj);
        FloatVector b1 = FloatVector.fromArray(S, b, bj + (k > 1 ? bRowStride : 0));
        FloatVector b2 = FloatVector.fromArray(S, b, bj + (k > 2 ? 2 * bRowStride : 0));
        FloatVector b3 = FloatVector.fromArray(S, b, bj + (k > 3 ? 3 * bRowStride : 0));
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

    /**
     * The shallow path of a dense layer, {@code out = act(x w + bias)} with x dense
     * {@code m x k}: the sums start from the bias and the ReLU is applied before the store. A
     * separate copy of {@link #shallow}: with the bias as the plain path's starting vector
     * (zeros from scratch when there is none) the plain products ran 20% slower. The output is
     * written, never read, so a last partial strip is always moved back to end at column n.
     */
    static void shallowLinear(boolean relu, int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                              float[] bias, int biasOff, float[] out, int outOff) {
        int j = 0;
        for (; j + 2 * W <= n; j += 2 * W) {
            shallowLinearStrips(j, relu, m, n, k, x, xOff, w, wOff, bias, biasOff, out, outOff);
        }
        for (; j + W <= n; j += W) {
            shallowLinearStrip(j, relu, m, n, k, x, xOff, w, wOff, bias, biasOff, out, outOff);
        }
        if (j < n && n >= W) {
            shallowLinearStrip(n - W, relu, m, n, k, x, xOff, w, wOff, bias, biasOff, out, outOff);
            j = n;
        }
        for (; j < n; j++) {
            for (int i = 0; i < m; i++) {
                scalarElement(i, j, k, 1f, x, xOff, k, 1, w, wOff, n, 0f, out, outOff, n, bias, biasOff, relu);
            }
        }
    }

    /**
     * {@link #shallowLinearStrip} for two strips side by side: each row's features are loaded
     * and broadcast once for both, and its index arithmetic and bounds checks (C2 keeps three
     * a row: the strides are not constants) are shared by two vectors of output.
     */
    private static void shallowLinearStrips(int j, boolean relu, int m, int n, int k, float[] x, int xOff,
                                            float[] w, int wOff, float[] bias, int biasOff, float[] out, int outOff) {
        FloatVector floor = FloatVector.broadcast(S, relu ? 0f : Float.NEGATIVE_INFINITY);
        int wj = wOff + j;
        int r1 = k > 1 ? n : 0, r2 = k > 2 ? 2 * n : 0, r3 = k > 3 ? 3 * n : 0;
        FloatVector startA = FloatVector.fromArray(S, bias, biasOff + j);
        FloatVector startB = FloatVector.fromArray(S, bias, biasOff + j + W);
        FloatVector a0 = FloatVector.fromArray(S, w, wj), b0 = FloatVector.fromArray(S, w, wj + W);
        FloatVector a1 = FloatVector.fromArray(S, w, wj + r1), b1 = FloatVector.fromArray(S, w, wj + r1 + W);
        FloatVector a2 = FloatVector.fromArray(S, w, wj + r2), b2 = FloatVector.fromArray(S, w, wj + r2 + W);
        FloatVector a3 = FloatVector.fromArray(S, w, wj + r3), b3 = FloatVector.fromArray(S, w, wj + r3 + W);
        for (int i = 0, xRow = xOff, at = outOff + j; i < m; i++, xRow += k, at += n) {
            FloatVector f = FloatVector.broadcast(S, x[xRow]);
            FloatVector sa = f.fma(a0, startA), sb = f.fma(b0, startB);
            if (k > 1) {
                f = FloatVector.broadcast(S, x[xRow + 1]);
                sa = f.fma(a1, sa);
                sb = f.fma(b1, sb);
            }
            if (k > 2) {
                f = FloatVector.broadcast(S, x[xRow + 2]);
                sa = f.fma(a2, sa);
                sb = f.fma(b2, sb);
            }
            if (k > 3) {
                f = FloatVector.broadcast(S, x[xRow + 3]);
                sa = f.fma(a3, sa);
                sb = f.fma(b3, sb);
            }
            sa.max(floor).intoArray(out, at);
            sb.max(floor).intoArray(out, at + W);
        }
    }

    /** Columns {@code j..j+W} of every row of the output, for {@link #shallowLinear}. */
    private static void shallowLinearStrip(int j, boolean relu, int m, int n, int k, float[] x, int xOff, float[] w,
                                           int wOff, float[] bias, int biasOff, float[] out, int outOff) {
        FloatVector floor = FloatVector.broadcast(S, relu ? 0f : Float.NEGATIVE_INFINITY);
        int wj = wOff + j;
        FloatVector start = FloatVector.fromArray(S, bias, biasOff + j);
        FloatVector w0 = FloatVector.fromArray(S, w, wj);
        FloatVector w1 = FloatVector.fromArray(S, w, wj + (k > 1 ? n : 0));
        FloatVector w2 = FloatVector.fromArray(S, w, wj + (k > 2 ? 2 * n : 0));
        FloatVector w3 = FloatVector.fromArray(S, w, wj + (k > 3 ? 3 * n : 0));
        for (int i = 0; i < m; i++) {
            int xRow = xOff + i * k;
            FloatVector s = FloatVector.broadcast(S, x[xRow]).fma(w0, start);
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

    /**
     * Row {@code i} of C is {@code sum_p op(A)[i][p] * (row p of op(B))}, accumulated four
     * vectors wide.
     */
    static void direct(boolean transA, int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int bRowStride,
                       float beta, float[] c, int cOff, int ldc) {
        int aColStride = transA ? lda : 1;
        int aRowStride = transA ? 1 : lda;
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        FloatVector betaV = FloatVector.broadcast(S, beta);
        float[] tile = Scratch.get().gemmTile;
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * aRowStride;
            int cRow = cOff + i * ldc;
            int j = 0;
            for (; j + 4 * W <= n; j += 4 * W) {
                directStrip(j, k, alpha, a, aRow, aColStride, b, bOff, bRowStride, beta, c, cRow);
            }
            if (j < n && n >= 4 * W) {
                // The last, partial strip is computed whole, moved back to end at column n, into
                // a tile; only its columns from j on go to C, finished as the vector path finishes
                // them (so the same bits). The one-vector and scalar loops below, one FMA chain
                // per column, are left to products narrower than a strip.
                int from = n - 4 * W;
                directStrip(from, k, alpha, a, aRow, aColStride, b, bOff, bRowStride, 0f, tile, -from);
                for (; j < n; j++) {
                    float r = tile[j - from];
                    c[cRow + j] = beta == 0f ? r : Math.fma(c[cRow + j], beta, r);
                }
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
                scalarElement(i, j, k, alpha, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, beta, c, cOff, ldc,
                        null, 0, false);
            }
        }
    }

    /** Columns {@code j..j+4W} of one row of C, four independent sums over p in order, for {@link #direct}. */
    private static void directStrip(int j, int k, float alpha, float[] a, int aRow, int aColStride,
                                    float[] b, int bOff, int bRowStride, float beta, float[] c, int cRow) {
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
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        int at = cRow + j;
        s0 = s0.mul(alphaV);
        s1 = s1.mul(alphaV);
        s2 = s2.mul(alphaV);
        s3 = s3.mul(alphaV);
        if (beta != 0f) {
            FloatVector betaV = FloatVector.broadcast(S, beta);
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

    /**
     * The direct path of a dense layer, {@code out = act(x w + bias)} with x dense
     * {@code m x k}: accumulators start from the bias, the ReLU before the store. A separate
     * copy of {@link #direct} for the reason {@link #shallowLinear} is one.
     */
    static void directLinear(boolean relu, int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                             float[] bias, int biasOff, float[] out, int outOff) {
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
                scalarElement(i, j, k, 1f, x, xOff, k, 1, w, wOff, n, 0f, out, outOff, n, bias, biasOff, relu);
            }
        }
    }

    /** One element of C in plain Java, in the vector paths' order: from the bias (or 0), p = 0 to k - 1. */
    private static void scalarElement(int i, int j, int k, float alpha, float[] a, int aOff, int aRowStride,
                                      int aColStride, float[] b, int bOff, int bRowStride, float beta,
                                      float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean relu) {
        int aRow = aOff + i * aRowStride;
        float s = bias == null ? 0f : bias[biasOff + j];
        for (int p = 0; p < k; p++) {
            s = Math.fma(a[aRow + p * aColStride], b[bOff + p * bRowStride + j], s);
        }
        VectorGemm.store(s, alpha, beta, relu, c, cOff + i * ldc + j);
    }
}
