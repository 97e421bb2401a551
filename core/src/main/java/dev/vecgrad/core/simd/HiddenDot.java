package dev.vecgrad.core.simd;

import static dev.vecgrad.core.simd.VectorGemm.S;
import static dev.vecgrad.core.simd.VectorGemm.W;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * A ReLU hidden layer on one or two features dotted with a one-unit output layer's weights
 * ({@link dev.vecgrad.core.kernels.Kernels#reluHiddenDot}), and its parameter gradients: the
 * case study's whole network but the sigmoid, with the hidden layer never written.
 *
 * <p>The forward pass puts rows in the lanes: each hidden unit j is a broadcast of its three
 * weights, and every lane runs its own row's sum over j. With n = 500 units and k = 2
 * features a row is 500 steps of two FMAs, a ReLU and an FMA; row-major, with the units in
 * the lanes, each row would end in a lane tree and write 500 hidden values (BENCHMARKS.md,
 * issue 16). The backward pass puts units in the lanes, as a weight gradient's sums over the
 * rows want, and recomputes each z from x instead of reading a stored hidden layer.
 *
 * <p>Every lane does a scalar computation's operations in the scalar order, so the bits are
 * {@link dev.vecgrad.core.kernels.ScalarKernels}' whatever the vector width or the rows' places
 * in the lanes.
 *
 * <p>The ReLU is {@code z < 0 ? 0 : z}, a compare and a blend, not {@code max(z, 0)}: the same
 * sums (h only meets an FMA into a sum that starts at +0, where -0 adds as +0 would), and on
 * JDK 25 the forward pass of 30 rows took 0.70 us against max's 1.12 (JDK 17: max about 10%
 * faster, in a noisy sitting). Choosing the form by JDK with a static final made JDK 17's C2
 * box the vectors of the loop (ZeroAllocationProbe), so there is one form: JDK 25's.
 */
final class HiddenDot {

    private HiddenDot() {
    }

    /** Rows per block of the forward pass: two vectors, two independent chains per sum. */
    private static final int BLOCK = 2 * W;

    static void forward(int m, int n, int k, float[] x, int xOff, float[] w1, int w1Off, float[] b1, int b1Off,
                        float[] w2, int w2Off, float b2, float[] out, int outOff) {
        Scratch scratch = Scratch.get();
        float[] rows = scratch.hiddenDotRows;                  // feature 0 of a block, feature 1, the results
        // With one feature the second term is fma(0, 0, z): zero inputs times zero weights.
        float[] second = k > 1 ? w1 : scratch.zeros(n);
        int secondOff = k > 1 ? w1Off + n : 0;
        for (int from = 0; from < m; from += BLOCK) {
            int count = Math.min(BLOCK, m - from);
            for (int r = 0; r < BLOCK; r++) {
                boolean real = r < count;
                rows[r] = real ? x[xOff + (from + r) * k] : 0f;
                rows[BLOCK + r] = real && k > 1 ? x[xOff + (from + r) * k + 1] : 0f;
            }
            if (count > W) {
                twoVectors(n, rows, w1, w1Off, second, secondOff, b1, b1Off, w2, w2Off, b2);
            } else {
                oneVector(n, rows, w1, w1Off, second, secondOff, b1, b1Off, w2, w2Off, b2);
            }
            System.arraycopy(rows, 2 * BLOCK, out, outOff + from, count);
        }
    }

    /**
     * The block's 2W rows: feature 0 at {@code rows[0..2W)}, feature 1 at {@code rows[2W..4W)},
     * the outputs to {@code rows[4W..6W)}. Each sum over the units is split by the parity of j,
     * as the scalar kernel splits it, so that two chains of FMAs per row overlap.
     */
    private static void twoVectors(int n, float[] rows, float[] w1, int w1Off, float[] second, int secondOff,
                                   float[] b1, int b1Off, float[] w2, int w2Off, float b2) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector x0a = FloatVector.fromArray(S, rows, 0), x0b = FloatVector.fromArray(S, rows, W);
        FloatVector x1a = FloatVector.fromArray(S, rows, BLOCK), x1b = FloatVector.fromArray(S, rows, BLOCK + W);
        FloatVector evenA = zero, oddA = zero, evenB = zero, oddB = zero;
        int j = 0;
        for (int pairs = n - 1; j < pairs; j += 2) {
            FloatVector u = FloatVector.broadcast(S, w1[w1Off + j]);
            FloatVector v = FloatVector.broadcast(S, second[secondOff + j]);
            FloatVector b = FloatVector.broadcast(S, b1[b1Off + j]);
            FloatVector o = FloatVector.broadcast(S, w2[w2Off + j]);
            FloatVector za = x1a.fma(v, x0a.fma(u, b)), zb = x1b.fma(v, x0b.fma(u, b));
            evenA = za.blend(zero, za.compare(VectorOperators.LT, zero)).fma(o, evenA);
            evenB = zb.blend(zero, zb.compare(VectorOperators.LT, zero)).fma(o, evenB);
            u = FloatVector.broadcast(S, w1[w1Off + j + 1]);
            v = FloatVector.broadcast(S, second[secondOff + j + 1]);
            b = FloatVector.broadcast(S, b1[b1Off + j + 1]);
            o = FloatVector.broadcast(S, w2[w2Off + j + 1]);
            za = x1a.fma(v, x0a.fma(u, b));
            zb = x1b.fma(v, x0b.fma(u, b));
            oddA = za.blend(zero, za.compare(VectorOperators.LT, zero)).fma(o, oddA);
            oddB = zb.blend(zero, zb.compare(VectorOperators.LT, zero)).fma(o, oddB);
        }
        if (j < n) {
            FloatVector u = FloatVector.broadcast(S, w1[w1Off + j]);
            FloatVector v = FloatVector.broadcast(S, second[secondOff + j]);
            FloatVector b = FloatVector.broadcast(S, b1[b1Off + j]);
            FloatVector o = FloatVector.broadcast(S, w2[w2Off + j]);
            FloatVector za = x1a.fma(v, x0a.fma(u, b)), zb = x1b.fma(v, x0b.fma(u, b));
            evenA = za.blend(zero, za.compare(VectorOperators.LT, zero)).fma(o, evenA);
            evenB = zb.blend(zero, zb.compare(VectorOperators.LT, zero)).fma(o, evenB);
        }
        evenA.add(oddA).add(b2).intoArray(rows, 2 * BLOCK);
        evenB.add(oddB).add(b2).intoArray(rows, 2 * BLOCK + W);
    }

    /** {@link #twoVectors} for a block of at most W rows (the first W of the block). */
    private static void oneVector(int n, float[] rows, float[] w1, int w1Off, float[] second, int secondOff,
                                  float[] b1, int b1Off, float[] w2, int w2Off, float b2) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector x0 = FloatVector.fromArray(S, rows, 0), x1 = FloatVector.fromArray(S, rows, BLOCK);
        FloatVector even = zero, odd = zero;
        int j = 0;
        for (int pairs = n - 1; j < pairs; j += 2) {
            FloatVector z = x1.fma(FloatVector.broadcast(S, second[secondOff + j]),
                    x0.fma(FloatVector.broadcast(S, w1[w1Off + j]), FloatVector.broadcast(S, b1[b1Off + j])));
            even = z.blend(zero, z.compare(VectorOperators.LT, zero)).fma(FloatVector.broadcast(S, w2[w2Off + j]), even);
            z = x1.fma(FloatVector.broadcast(S, second[secondOff + j + 1]),
                    x0.fma(FloatVector.broadcast(S, w1[w1Off + j + 1]), FloatVector.broadcast(S, b1[b1Off + j + 1])));
            odd = z.blend(zero, z.compare(VectorOperators.LT, zero)).fma(FloatVector.broadcast(S, w2[w2Off + j + 1]), odd);
        }
        if (j < n) {
            FloatVector z = x1.fma(FloatVector.broadcast(S, second[secondOff + j]),
                    x0.fma(FloatVector.broadcast(S, w1[w1Off + j]), FloatVector.broadcast(S, b1[b1Off + j])));
            even = z.blend(zero, z.compare(VectorOperators.LT, zero)).fma(FloatVector.broadcast(S, w2[w2Off + j]), even);
        }
        even.add(odd).add(b2).intoArray(rows, 2 * BLOCK);
    }

    /** Whether {@link #grads} takes n units: at least two strips (fewer go to the scalar kernel, the same bits). */
    static boolean gradsFit(int n) {
        return n >= 2 * W;
    }

    /** The parameter gradients, two strips of W units at a time with every sum in a register. */
    static void grads(int m, int n, int k, float[] x, int xOff, float[] w1, int w1Off, float[] b1, int b1Off,
                      float[] w2, int w2Off, float[] grad, int gradOff, float w1Beta, float[] w1Grad, int w1GradOff,
                      float b1Beta, float[] b1Grad, int b1GradOff, float w2Beta, float[] w2Grad, int w2GradOff) {
        Scratch scratch = Scratch.get();
        float[] second = k > 1 ? w1 : scratch.zeros(n);
        int secondOff = k > 1 ? w1Off + n : 0;
        float[] sums = scratch.gemmTile;                       // MR x 2W floats: room for the 4 x 2W sums
        int j = 0;
        for (; j + 2 * W <= n; j += 2 * W) {
            strips(j, m, k, x, xOff, w1, w1Off, second, secondOff, b1, b1Off, w2, w2Off, grad, gradOff, sums);
            storeStrips(sums, 0, w1Beta, w1Grad, w1GradOff + j);
            if (k > 1) {
                storeStrips(sums, 2 * W, w1Beta, w1Grad, w1GradOff + n + j);
            }
            storeStrips(sums, 4 * W, b1Beta, b1Grad, b1GradOff + j);
            storeStrips(sums, 6 * W, w2Beta, w2Grad, w2GradOff + j);
        }
        if (j < n) {
            // The last units as two strips moved back to end at n: each lane's sums are its
            // unit's alone, so only the units not yet stored are taken from them.
            int from = n - 2 * W;
            strips(from, m, k, x, xOff, w1, w1Off, second, secondOff, b1, b1Off, w2, w2Off, grad, gradOff, sums);
            for (; j < n; j++) {
                int t = j - from;
                w1Grad[w1GradOff + j] = scaledSum(w1Beta, w1Grad[w1GradOff + j], sums[t]);
                if (k > 1) {
                    w1Grad[w1GradOff + n + j] = scaledSum(w1Beta, w1Grad[w1GradOff + n + j], sums[2 * W + t]);
                }
                b1Grad[b1GradOff + j] = scaledSum(b1Beta, b1Grad[b1GradOff + j], sums[4 * W + t]);
                w2Grad[w2GradOff + j] = scaledSum(w2Beta, w2Grad[w2GradOff + j], sums[6 * W + t]);
            }
        }
    }

    /**
     * Units {@code [j, j + 2W)}: the sums over all rows, in row order, of x0 dz, x1 dz, dz and
     * h g into {@code sums} at 0, 2W, 4W and 6W. Each sum is a chain of dependent adds down
     * the rows; two strips give the core two sets of independent chains.
     */
    private static void strips(int j, int m, int k, float[] x, int xOff, float[] w1, int w1Off, float[] second,
                               int secondOff, float[] b1, int b1Off, float[] w2, int w2Off, float[] grad,
                               int gradOff, float[] sums) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector ua = FloatVector.fromArray(S, w1, w1Off + j), ub = FloatVector.fromArray(S, w1, w1Off + j + W);
        FloatVector va = FloatVector.fromArray(S, second, secondOff + j);
        FloatVector vb = FloatVector.fromArray(S, second, secondOff + j + W);
        FloatVector ba = FloatVector.fromArray(S, b1, b1Off + j), bb = FloatVector.fromArray(S, b1, b1Off + j + W);
        FloatVector oa = FloatVector.fromArray(S, w2, w2Off + j), ob = FloatVector.fromArray(S, w2, w2Off + j + W);
        FloatVector firstA = zero, firstB = zero, secondA = zero, secondB = zero;
        FloatVector biasA = zero, biasB = zero, outA = zero, outB = zero;
        for (int i = 0, xr = xOff; i < m; i++, xr += k) {
            FloatVector x0 = FloatVector.broadcast(S, x[xr]);
            FloatVector x1 = FloatVector.broadcast(S, k > 1 ? x[xr + 1] : 0f);
            FloatVector g = FloatVector.broadcast(S, grad[gradOff + i]);
            FloatVector za = x1.fma(va, x0.fma(ua, ba)), zb = x1.fma(vb, x0.fma(ub, bb));
            outA = za.blend(zero, za.compare(VectorOperators.LT, zero)).fma(g, outA);
            outB = zb.blend(zero, zb.compare(VectorOperators.LT, zero)).fma(g, outB);
            VectorMask<Float> liveA = za.compare(VectorOperators.GT, zero), liveB = zb.compare(VectorOperators.GT, zero);
            FloatVector dzA = zero.blend(g.mul(oa), liveA), dzB = zero.blend(g.mul(ob), liveB);
            biasA = biasA.add(dzA);
            biasB = biasB.add(dzB);
            firstA = x0.fma(dzA, firstA);
            firstB = x0.fma(dzB, firstB);
            secondA = x1.fma(dzA, secondA);
            secondB = x1.fma(dzB, secondB);
        }
        firstA.intoArray(sums, 0);
        firstB.intoArray(sums, W);
        secondA.intoArray(sums, 2 * W);
        secondB.intoArray(sums, 3 * W);
        biasA.intoArray(sums, 4 * W);
        biasB.intoArray(sums, 5 * W);
        outA.intoArray(sums, 6 * W);
        outB.intoArray(sums, 7 * W);
    }

    /** {@code c[at..at+2W) = fma(c, beta, sums[from..])}, or the sums alone (c unread) when beta is 0. */
    private static void storeStrips(float[] sums, int from, float beta, float[] c, int at) {
        for (int q = 0; q < 2 * W; q += W) {
            FloatVector s = FloatVector.fromArray(S, sums, from + q);
            if (beta == 0f) {
                s.intoArray(c, at + q);
            } else {
                FloatVector.fromArray(S, c, at + q).fma(FloatVector.broadcast(S, beta), s).intoArray(c, at + q);
            }
        }
    }

    private static float scaledSum(float beta, float old, float sum) {
        return beta == 0f ? sum : Math.fma(old, beta, sum);
    }
}
