package dev.vecgrad.core.simd;

import static dev.vecgrad.core.simd.VectorGemm.S;
import static dev.vecgrad.core.simd.VectorGemm.W;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * The packed GEMM path, after Goto and van de Geijn (BLIS): copy a {@code KC x NC} block of
 * op(B) and an {@code MC x KC} block of op(A) into contiguous panels (this is also where the
 * transposes are resolved), then sweep an {@code MR x NR} register tile over them. The tile
 * holds {@code MR * 2} vector accumulators, independent chains that keep both FMA pipes busy.
 * A dense layer's bias and ReLU are applied as the last depth block's tile is written to C.
 *
 * <p>When C is at most one tile wide ({@code n <= NR}: a convolution's 32 filters), each
 * element of A meets only one panel of B, so packing A would copy the whole of A (a CNN's
 * patch matrix, 18,432 x 288 per batch) to read it once: the tile reads A where it is instead.
 */
final class PackedGemm {

    /** Register tile: MR rows by two vectors. 6 x 2 = 12 accumulators + 2 B vectors + 1 broadcast fit the 16 registers of AVX2 as well as AVX-512's 32. */
    static final int MR = 6;
    static final int NR = 2 * W;
    /**
     * Depth of a packed block: a KC x NR panel of B (32 KiB at 512 bits) stays in L1 while A's
     * panels stream past. Also the distance between the rows of a packed A panel, whatever kc.
     */
    static final int KC = 256;
    /** Rows of A per packed block (a multiple of MR): MC x KC floats (96 KiB) stay in L2. */
    static final int MC = 96;
    /** Columns of B per packed block (a multiple of NR): KC x NC floats (1 MiB) in L2/L3. */
    static final int NC = 1024 / NR * NR;

    private PackedGemm() {
    }

    /** {@code C = act(alpha * op(A) * op(B) + beta * C + bias)}; the bias may be null. */
    static void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float alpha, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean relu) {
        Scratch scratch = Scratch.get();
        boolean packsA = n > NR;
        // Element (i, p) of op(A) is at a[aOff + i * aRow + p * aCol].
        int aRow = transA ? 1 : lda;
        int aCol = transA ? lda : 1;
        float[] packedA = scratch.packedA(packsA ? MC * KC : 0);
        float[] packedB = scratch.packedB(KC * NC);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float betaBlock = pc == 0 ? beta : 1f;                // later depth blocks add to C
                boolean last = pc + kc == k;                           // the bias and ReLU go on once, at the end
                // C = acc or C += acc: a whole packed tile can write that itself, the same bits
                // as writeTile (alpha 1 scales exactly, and fma(C, 1, acc) is C + acc), without
                // parking its sums in scratch and reading them back.
                boolean plainWrite = packsA && alpha == 1f && (betaBlock == 0f || betaBlock == 1f)
                        && !(last && (bias != null || relu));
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, packedB);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    if (packsA) {
                        packA(transA, a, aOff, lda, ic, mc, pc, kc, packedA);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int cTile = cOff + (ic + ir) * ldc + jc + jr;
                            if (plainWrite && mr == MR && nr == NR) {
                                tile(kc, packedA, ir * KC, packedB, jr * kc, c, cTile, ldc, betaBlock == 1f);
                                continue;
                            }
                            if (packsA) {
                                tile(kc, packedA, ir * KC, packedB, jr * kc, scratch.gemmTile, 0, NR, false);
                            } else {
                                tileInPlace(kc, a, aOff + (ic + ir) * aRow + pc * aCol, aRow, aCol, mr, packedB,
                                        jr * kc, scratch.gemmTile);
                            }
                            writeTile(scratch.gemmTile, alpha, betaBlock, c, cTile, ldc, mr, nr,
                                    last ? bias : null, biasOff + jc + jr, last && relu);
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs rows {@code [i0, i0+mc)} and columns {@code [p0, p0+kc)} of op(A) into panels of
     * MR rows: row i of the panel that starts at row {@code ir} of the block sits at
     * {@code (ir + i) * KC} and holds its kc values in order. The rows sit a constant KC apart, so the tile reaches all six from one index
     * with fixed displacements, and a row of an untransposed A is one copy. (The interleaved
     * panel BLIS uses, MR values per column, had to be written one float at a time from six
     * rows: 7% of GEMM 512^3 here.) Rows past the end are zero, so the register tile never
     * needs a row check inside its loop.
     */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                              float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            for (int i = 0; i < MR; i++) {
                int row = (ir + i) * KC;
                if (i >= rows) {
                    Arrays.fill(dst, row, row + kc, 0f);
                } else if (transA) {
                    // Stored k x m: row i of op(A) is a column, lda apart.
                    for (int p = 0, src = aOff + p0 * lda + i0 + ir + i; p < kc; p++, src += lda) {
                        dst[row + p] = a[src];
                    }
                } else {
                    System.arraycopy(a, aOff + (i0 + ir + i) * lda + p0, dst, row, kc);
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
                    Arrays.fill(dst, d + cols, d + NR, 0f);
                }
            }
        }
    }

    /**
     * The register tile: an MR x NR block of C from a packed A panel (rows KC apart) and a
     * packed B panel, twelve independent accumulators, one broadcast of A and two loads of B
     * per step. The sums go to {@code out} from {@code at}, rows {@code ld} apart: into C
     * itself, added to what is there with {@code accumulate}, or parked in scratch (MR x NR)
     * for {@link #writeTile}. Nothing more than that add belongs here: with writeTile's
     * alpha, beta, bias and ReLU in this method too, C2 kept fewer accumulators in registers
     * and the whole GEMM ran at about half the speed.
     */
    private static void tile(int kc, float[] pa, int aIdx, float[] pb, int bIdx, float[] out, int at, int ld,
                             boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        // One index for the six rows of A, each at a constant displacement. With an index per
        // row (rows kc apart, or read where they lie in A), C2 computes six addresses a step,
        // and JDK 25's spilled loop values to the stack: slower on one JDK or the other
        // (BENCHMARKS.md, issue 14's sixth step).
        for (int ai = aIdx, bi = bIdx, aEnd = aIdx + kc; ai < aEnd; ai++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + W);
            FloatVector av = FloatVector.broadcast(S, pa[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, pa[ai + KC]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, pa[ai + 2 * KC]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, pa[ai + 3 * KC]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, pa[ai + 4 * KC]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, pa[ai + 5 * KC]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        if (accumulate) {
            c00 = FloatVector.fromArray(S, out, at).add(c00);
            c01 = FloatVector.fromArray(S, out, at + W).add(c01);
            c10 = FloatVector.fromArray(S, out, at + ld).add(c10);
            c11 = FloatVector.fromArray(S, out, at + ld + W).add(c11);
            c20 = FloatVector.fromArray(S, out, at + 2 * ld).add(c20);
            c21 = FloatVector.fromArray(S, out, at + 2 * ld + W).add(c21);
            c30 = FloatVector.fromArray(S, out, at + 3 * ld).add(c30);
            c31 = FloatVector.fromArray(S, out, at + 3 * ld + W).add(c31);
            c40 = FloatVector.fromArray(S, out, at + 4 * ld).add(c40);
            c41 = FloatVector.fromArray(S, out, at + 4 * ld + W).add(c41);
            c50 = FloatVector.fromArray(S, out, at + 5 * ld).add(c50);
            c51 = FloatVector.fromArray(S, out, at + 5 * ld + W).add(c51);
        }
        c00.intoArray(out, at);
        c01.intoArray(out, at + W);
        c10.intoArray(out, at + ld);
        c11.intoArray(out, at + ld + W);
        c20.intoArray(out, at + 2 * ld);
        c21.intoArray(out, at + 2 * ld + W);
        c30.intoArray(out, at + 3 * ld);
        c31.intoArray(out, at + 3 * ld + W);
        c40.intoArray(out, at + 4 * ld);
        c41.intoArray(out, at + 4 * ld + W);
        c50.intoArray(out, at + 5 * ld);
        c51.intoArray(out, at + 5 * ld + W);
    }

    /**
     * {@link #tile} reading A in place: element (i, p) of the tile's rows at
     * {@code a[aIdx + i * aRow + p * aCol]}. Rows past {@code mr} read row 0 again (their sums
     * are never written), so nothing outside A is read and no row check enters the loop. A copy
     * of {@link #tile} on purpose (and {@link VectorWinograd}'s products use it, their B
     * already in panels): one tile taking the packed panel's strides too
     * ({@code aRow = 1, aCol = MR}) ran GEMM 512^3 1-9% slower in two same-JVM runs.
     */
    static void tileInPlace(int kc, float[] a, int aIdx, int aRow, int aCol, int mr, float[] pb, int bIdx,
                                    float[] acc) {
        int r0 = aIdx;
        int r1 = mr > 1 ? aIdx + aRow : aIdx;
        int r2 = mr > 2 ? aIdx + 2 * aRow : aIdx;
        int r3 = mr > 3 ? aIdx + 3 * aRow : aIdx;
        int r4 = mr > 4 ? aIdx + 4 * aRow : aIdx;
        int r5 = mr > 5 ? aIdx + 5 * aRow : aIdx;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ap = p * aCol;
            int bi = bIdx + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + W);
            FloatVector av = FloatVector.broadcast(S, a[r0 + ap]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[r1 + ap]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[r2 + ap]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[r3 + ap]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[r4 + ap]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[r5 + ap]);
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
    }

    /**
     * C's tile = act(alpha * acc + beta * C's tile + bias), for the mr x nr part of the tile
     * that exists; the bias (null for none) is the tile's first column's.
     */
    private static void writeTile(float[] acc, float alpha, float beta, float[] c, int cOff, int ldc, int mr, int nr,
                                  float[] bias, int biasOff, boolean relu) {
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        FloatVector betaV = FloatVector.broadcast(S, beta);
        FloatVector zero = FloatVector.zero(S);
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
                if (bias != null) {
                    r0 = r0.add(FloatVector.fromArray(S, bias, biasOff));
                    r1 = r1.add(FloatVector.fromArray(S, bias, biasOff + W));
                }
                // Conditions, not an always-on max with a floor: with K as short as 8 the
                // write-back is much of a tile's work, and the extra max cost 15% there.
                if (relu) {
                    r0 = r0.max(zero);
                    r1 = r1.max(zero);
                }
                r0.intoArray(c, row);
                r1.intoArray(c, row + W);
                j = NR;
            }
            for (; j < nr; j++) {
                float r = acc[i * NR + j] * alpha;
                if (beta != 0f) {
                    r = Math.fma(c[row + j], beta, r);
                }
                if (bias != null) {
                    r += bias[biasOff + j];
                }
                c[row + j] = relu ? Math.max(r, 0f) : r;
            }
        }
    }
}
