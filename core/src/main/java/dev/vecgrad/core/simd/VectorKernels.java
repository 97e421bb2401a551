package dev.vecgrad.core.simd;

import dev.vecgrad.core.conv.Window2d;
import dev.vecgrad.core.kernels.FloatMath;
import dev.vecgrad.core.kernels.KernelSupport;
import dev.vecgrad.core.kernels.ScalarKernels;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels. This package is the only one that imports
 * {@code jdk.incubator.vector}; {@link dev.vecgrad.core.kernels.KernelProvider} loads this
 * class by name, and only when the module is present. Like every {@link KernelSupport}, they
 * check nothing: {@link dev.vecgrad.core.kernels.Kernels} checked the arguments.
 *
 * <p>The species is {@link FloatVector#SPECIES_PREFERRED} held in a {@code static final}
 * field: C2 then knows the vector shape and compiles each operation to one instruction. (A
 * species passed as a parameter ran about 20 times slower here.)
 *
 * <p>Loops run whole vectors and hand the remainder, fewer than one vector, to the scalar
 * kernels ({@link #TAIL}). That keeps the tail code in one place and makes the tail exactly
 * the scalar twin's arithmetic; masked loads and stores would do the same but are slow on
 * JDK 17.
 */
public final class VectorKernels implements KernelSupport {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> S_INTS = S.withLanes(int.class);
    private static final int W = S.length();
    private static final ScalarKernels TAIL = new ScalarKernels();
    // Shuffles that swap lane i with lane i ^ step, for the lane-sum trees below (null where step >= W).
    private static final VectorShuffle<Float> SWAP_8 = W > 8 ? VectorShuffle.fromOp(S, i -> i ^ 8) : null;
    private static final VectorShuffle<Float> SWAP_4 = W > 4 ? VectorShuffle.fromOp(S, i -> i ^ 4) : null;
    private static final VectorShuffle<Float> SWAP_2 = W > 2 ? VectorShuffle.fromOp(S, i -> i ^ 2) : null;
    private static final VectorShuffle<Float> SWAP_1 = W > 1 ? VectorShuffle.fromOp(S, i -> i ^ 1) : null;

    /** The preferred vector shape's width in bits, for {@link dev.vecgrad.core.kernels.KernelProvider}'s choice. */
    public static int preferredVectorBits() {
        return S.vectorBitSize();
    }

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public String description() {
        return "simd (Vector API, " + S.vectorBitSize() + "-bit, " + W + " float lanes)";
    }

    // ---------------------------------------------------------------- matrix products

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        VectorGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void linear(boolean relu, int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                       float[] bias, int biasOff, float[] out, int outOff) {
        VectorGemm.linear(relu, m, n, k, x, xOff, w, wOff, bias, biasOff, out, outOff);
    }

    @Override
    public void conv2d(Window2d w, int filters, int batch, float[] x, int xOff, float[] k, int kOff,
                       float[] bias, int biasOff, boolean relu, float[] out, int outOff) {
        VectorConv.forward(w, filters, batch, x, xOff, k, kOff, bias, biasOff, relu, out, outOff);
    }

    @Override
    public void conv2dBackwardData(Window2d w, int filters, int batch, float[] g, int gOff, float[] k, int kOff,
                                   float beta, float[] dx, int dxOff) {
        VectorConv.backwardData(w, filters, batch, g, gOff, k, kOff, beta, dx, dxOff);
    }

    @Override
    public void conv2dBackwardKernel(Window2d w, int filters, int batch, float[] x, int xOff, float[] g, int gOff,
                                     float beta, float[] dk, int dkOff) {
        VectorConv.backwardKernel(w, filters, batch, x, xOff, g, gOff, beta, dk, dkOff);
    }

    @Override
    public void maxPool2d(Window2d w, int batch, float[] x, int xOff, float[] out, int outOff) {
        VectorPool.forward(w, batch, x, xOff, out, outOff);
    }

    @Override
    public void maxPool2dBackward(Window2d w, int batch, float[] x, int xOff, float[] out, int outOff, float[] g,
                                  int gOff, float beta, float[] dx, int dxOff) {
        VectorPool.backward(w, batch, x, xOff, out, outOff, g, gOff, beta, dx, dxOff);
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        return dotProduct(n, x, xOff, y, yOff);
    }

    /** Four accumulators: four independent FMA chains hide the FMA latency. */
    static float dotProduct(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int i = 0;
        for (; i + 4 * W <= n; i += 4 * W) {
            s0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), s0);
            s1 = FloatVector.fromArray(S, x, xOff + i + W).fma(FloatVector.fromArray(S, y, yOff + i + W), s1);
            s2 = FloatVector.fromArray(S, x, xOff + i + 2 * W).fma(FloatVector.fromArray(S, y, yOff + i + 2 * W), s2);
            s3 = FloatVector.fromArray(S, x, xOff + i + 3 * W).fma(FloatVector.fromArray(S, y, yOff + i + 3 * W), s3);
        }
        for (; i + W <= n; i += W) {
            s0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), s0);
        }
        float s = laneSum(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            s = Math.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }

    // ---------------------------------------------------------------- element-wise arithmetic

    @Override
    public void axpby(int n, float alpha, float[] x, int xOff, float beta, float[] y, int yOff) {
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        FloatVector betaV = FloatVector.broadcast(S, beta);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            FloatVector r = beta == 0f ? xv.mul(alphaV) : xv.fma(alphaV, FloatVector.fromArray(S, y, yOff + i).mul(betaV));
            r.intoArray(y, yOff + i);
        }
        TAIL.axpby(n - i, alpha, x, xOff + i, beta, y, yOff + i);
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff, float[] out, int outOff) {
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector.fromArray(S, x, xOff + i).mul(alphaV).intoArray(out, outOff + i);
        }
        TAIL.scale(n - i, alpha, x, xOff + i, out, outOff + i);
    }

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        addArrays(n, a, aOff, b, bOff, out, outOff);
    }

    /** {@link #add} for the other classes of this package (the Gaussian fill's partial chunks). */
    static void addArrays(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        TAIL.add(n - i, a, aOff + i, b, bOff + i, out, outOff + i);
    }

    @Override
    public void sub(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector.fromArray(S, a, aOff + i).sub(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        TAIL.sub(n - i, a, aOff + i, b, bOff + i, out, outOff + i);
    }

    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        TAIL.mul(n - i, a, aOff + i, b, bOff + i, out, outOff + i);
    }

    @Override
    public void mulAdd(int n, float[] a, int aOff, float[] b, int bOff, float beta, float[] out, int outOff) {
        FloatVector betaV = FloatVector.broadcast(S, beta);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector av = FloatVector.fromArray(S, a, aOff + i);
            FloatVector bv = FloatVector.fromArray(S, b, bOff + i);
            FloatVector r = beta == 0f ? av.mul(bv) : av.fma(bv, FloatVector.fromArray(S, out, outOff + i).mul(betaV));
            r.intoArray(out, outOff + i);
        }
        TAIL.mulAdd(n - i, a, aOff + i, b, bOff + i, beta, out, outOff + i);
    }

    @Override
    public void threshold(int n, float[] x, int xOff, float threshold, float below, float atOrAbove,
                          float[] out, int outOff) {
        FloatVector low = FloatVector.broadcast(S, below);
        FloatVector high = FloatVector.broadcast(S, atOrAbove);
        FloatVector limit = FloatVector.broadcast(S, threshold);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            low.blend(high, FloatVector.fromArray(S, x, xOff + i).compare(VectorOperators.GE, limit))
                    .intoArray(out, outOff + i);
        }
        TAIL.threshold(n - i, x, xOff + i, threshold, below, atOrAbove, out, outOff + i);
    }

    @Override
    public void addBias(int rows, int cols, float[] x, int xOff, float[] bias, int biasOff,
                        float[] out, int outOff) {
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            int j = 0;
            for (; j < bound; j += W) {
                FloatVector.fromArray(S, x, xOff + row + j).add(FloatVector.fromArray(S, bias, biasOff + j))
                        .intoArray(out, outOff + row + j);
            }
            TAIL.add(cols - j, x, xOff + row + j, bias, biasOff + j, out, outOff + row + j);
        }
    }

    // ---------------------------------------------------------------- reductions

    /**
     * The lanes' sum as a fixed tree (halves, quarters, ...): the same bits interpreted or
     * compiled, which {@code reduceLanes} does not promise, and a shorter chain than lane by lane.
     */
    static float laneSum(FloatVector v) {
        if (W > 8) {
            v = v.add(v.rearrange(SWAP_8));
        }
        if (W > 4) {
            v = v.add(v.rearrange(SWAP_4));
        }
        if (W > 2) {
            v = v.add(v.rearrange(SWAP_2));
        }
        if (W > 1) {
            v = v.add(v.rearrange(SWAP_1));
        }
        return v.lane(0);
    }

    @Override
    public float sum(int n, float[] x, int xOff) {
        return sumOf(n, x, xOff);
    }

    private static float sumOf(int n, float[] x, int xOff) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int i = 0;
        for (; i + 4 * W <= n; i += 4 * W) {
            s0 = s0.add(FloatVector.fromArray(S, x, xOff + i));
            s1 = s1.add(FloatVector.fromArray(S, x, xOff + i + W));
            s2 = s2.add(FloatVector.fromArray(S, x, xOff + i + 2 * W));
            s3 = s3.add(FloatVector.fromArray(S, x, xOff + i + 3 * W));
        }
        for (; i + W <= n; i += W) {
            s0 = s0.add(FloatVector.fromArray(S, x, xOff + i));
        }
        float s = laneSum(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, int xOff, float beta, float[] out, int outOff) {
        FloatVector betaV = FloatVector.broadcast(S, beta);
        int j = 0;
        for (int bound = S.loopBound(cols); j < bound; j += W) {
            FloatVector s = beta == 0f ? FloatVector.zero(S) : FloatVector.fromArray(S, out, outOff + j).mul(betaV);
            for (int r = 0; r < rows; r++) {
                s = s.add(FloatVector.fromArray(S, x, xOff + r * cols + j));
            }
            s.intoArray(out, outOff + j);
        }
        for (; j < cols; j++) {
            float s = beta == 0f ? 0f : beta * out[outOff + j];
            for (int r = 0; r < rows; r++) {
                s += x[xOff + r * cols + j];
            }
            out[outOff + j] = s;
        }
    }

    @Override
    public void rowSums(int rows, int cols, float[] x, int xOff, float beta, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            float s = sumOf(cols, x, xOff + r * cols);
            out[outOff + r] = beta == 0f ? s : Math.fma(beta, out[outOff + r], s);
        }
    }

    // ---------------------------------------------------------------- activations

    @Override
    public void relu(int n, float[] x, int xOff, float[] out, int outOff) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector.fromArray(S, x, xOff + i).max(zero).intoArray(out, outOff + i);
        }
        TAIL.relu(n - i, x, xOff + i, out, outOff + i);
    }

    /** The bits of +infinity: the largest int whose float is greater than 0 and not NaN. */
    private static final int INFINITY_BITS = 0x7F800000;

    /*
     * The ReLU's backward mask, grad where y > 0 and +0 elsewhere, is computed on y's bits, in
     * the three kernels below. A float is greater than 0 exactly when its bits b, read as an int,
     * have 0 < b <= INFINITY_BITS (positive, not NaN): when -b, ~b and ~(INFINITY_BITS - b) all
     * have their sign bit set. An arithmetic shift spreads that bit over the lane, and an and
     * keeps grad or zeroes it. JDK 17's C2 compiled the compare-and-blend this replaces into a
     * round trip of the mask through a vector loaded from memory, 1.2-1.8x slower here
     * (BENCHMARKS.md, "Issue 16, second step"). It agrees with y > 0f on every one of the 2^32
     * floats (ReluEveryFloatTest). Written out in each loop, not in a helper: a helper taking
     * and returning vectors was, in about one JDK 25 JVM in five, compiled on its own and not
     * inlined, and then boxed two vectors a call (ZeroAllocationTest caught it).
     */

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] grad, int gradOff, float beta,
                             float[] out, int outOff) {
        IntVector infinityBits = IntVector.broadcast(S_INTS, INFINITY_BITS);
        FloatVector betaV = FloatVector.broadcast(S, beta);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            IntVector b = FloatVector.fromArray(S, x, xOff + i).reinterpretAsInts();
            IntVector positive = b.neg().and(b.not()).and(infinityBits.sub(b).not()).lanewise(VectorOperators.ASHR, 31);
            FloatVector r = FloatVector.fromArray(S, grad, gradOff + i).reinterpretAsInts().and(positive)
                    .reinterpretAsFloats();
            // Every backward kernel's write: value + beta * out in one rounding, out unread at beta 0.
            if (beta != 0f) {
                r = FloatVector.fromArray(S, out, outOff + i).fma(betaV, r);
            }
            r.intoArray(out, outOff + i);
        }
        TAIL.reluBackward(n - i, x, xOff + i, grad, gradOff + i, beta, out, outOff + i);
    }

    @Override
    public void reluBackwardBiasGrad(int rows, int cols, float[] y, int yOff, float[] grad, int gradOff,
                                     float[] out, int outOff, float beta, float[] biasGrad, int biasGradOff) {
        // The sums live in biasGrad and the rows pass through in order, streaming: each column
        // still adds its rows first to last, as the scalar columnSums does, so the bias
        // gradient is bit-identical. (Column strips down the rows would stride by a whole row.)
        if (beta == 0f) {
            Arrays.fill(biasGrad, biasGradOff, biasGradOff + cols, 0f);
        } else {
            scale(cols, beta, biasGrad, biasGradOff, biasGrad, biasGradOff);
        }
        IntVector infinityBits = IntVector.broadcast(S_INTS, INFINITY_BITS);
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            int j = 0;
            for (; j < bound; j += W) {
                int at = row + j;
                IntVector b = FloatVector.fromArray(S, y, yOff + at).reinterpretAsInts();
                IntVector positive = b.neg().and(b.not()).and(infinityBits.sub(b).not()).lanewise(VectorOperators.ASHR, 31);
                FloatVector masked = FloatVector.fromArray(S, grad, gradOff + at).reinterpretAsInts().and(positive)
                        .reinterpretAsFloats();
                masked.intoArray(out, outOff + at);
                FloatVector.fromArray(S, biasGrad, biasGradOff + j).add(masked).intoArray(biasGrad, biasGradOff + j);
            }
            for (; j < cols; j++) {
                int at = row + j;
                float masked = y[yOff + at] > 0f ? grad[gradOff + at] : 0f;
                out[outOff + at] = masked;
                biasGrad[biasGradOff + j] += masked;
            }
        }
    }

    @Override
    public void denseParamGrads(boolean relu, int rows, int cols, int k, float[] y, int yOff, float[] grad,
                                int gradOff, float[] x, int xOff, float biasBeta, float[] biasGrad, int biasGradOff,
                                float weightBeta, float[] weightGrad, int weightGradOff) {
        if (k == 0 || cols < 2 * W || rows <= VectorGemm.THIN) {
            // The weight gradient's product takes another path than the direct one at most of
            // these shapes, with other sums: run the kernels this one stands for.
            float[] dz = grad;
            int dzOff = gradOff;
            if (relu) {
                dz = Scratch.get().maskedGradient(rows * cols);
                dzOff = 0;
                reluBackwardBiasGrad(rows, cols, y, yOff, grad, gradOff, dz, 0, biasBeta, biasGrad, biasGradOff);
            } else {
                columnSums(rows, cols, grad, gradOff, biasBeta, biasGrad, biasGradOff);
            }
            VectorGemm.gemm(true, false, k, cols, rows, 1f, x, xOff, k, dz, dzOff, cols, weightBeta, weightGrad,
                    weightGradOff, cols);
            return;
        }
        if (!relu) {
            // The strips' mask then keeps every lane; y is read for it, so any array will do.
            y = grad;
            yOff = gradOff;
        }
        if (biasBeta == 0f) {
            Arrays.fill(biasGrad, biasGradOff, biasGradOff + cols, 0f);
        } else {
            scale(cols, biasBeta, biasGrad, biasGradOff, biasGrad, biasGradOff);
        }
        int j = 0;
        for (; j + 2 * W <= cols; j += 2 * W) {
            paramGradStrips(j, relu, rows, cols, k, y, yOff, grad, gradOff, x, xOff, biasGrad, biasGradOff, weightBeta,
                    weightGrad, weightGradOff, biasGrad, biasGradOff + j, weightGrad, weightGradOff + j, cols);
        }
        if (j < cols) {
            // The last columns as two whole strips moved back to end at cols, into a tile: their
            // first columns are done and their sums already stored, so only the new ones are
            // copied out (each lane's sums are its column's alone, the same bits).
            int from = cols - 2 * W;
            float[] tile = Scratch.get().gemmTile;                    // MR x 2W floats: room for 5 x 2W
            paramGradStrips(from, relu, rows, cols, k, y, yOff, grad, gradOff, x, xOff, biasGrad, biasGradOff,
                    weightBeta, weightGrad, weightGradOff, tile, 0, tile, 2 * W, 2 * W);
            for (; j < cols; j++) {
                biasGrad[biasGradOff + j] = tile[j - from];
                for (int p = 0; p < k; p++) {
                    weightGrad[weightGradOff + p * cols + j] = tile[(p + 1) * 2 * W + j - from];
                }
            }
        }
    }

    @Override
    public void reluHiddenDot(int m, int n, int k, float[] x, int xOff, float[] w1, int w1Off, float[] b1, int b1Off,
                              float[] w2, int w2Off, float b2, float[] out, int outOff) {
        HiddenDot.forward(m, n, k, x, xOff, w1, w1Off, b1, b1Off, w2, w2Off, b2, out, outOff);
    }

    @Override
    public void reluHiddenDotGrads(int m, int n, int k, float[] x, int xOff, float[] w1, int w1Off, float[] b1,
                                   int b1Off, float[] w2, int w2Off, float[] grad, int gradOff, float w1Beta,
                                   float[] w1Grad, int w1GradOff, float b1Beta, float[] b1Grad, int b1GradOff,
                                   float w2Beta, float[] w2Grad, int w2GradOff) {
        if (!HiddenDot.gradsFit(n)) {
            TAIL.reluHiddenDotGrads(m, n, k, x, xOff, w1, w1Off, b1, b1Off, w2, w2Off, grad, gradOff, w1Beta, w1Grad,
                    w1GradOff, b1Beta, b1Grad, b1GradOff, w2Beta, w2Grad, w2GradOff);
            return;
        }
        HiddenDot.grads(m, n, k, x, xOff, w1, w1Off, b1, b1Off, w2, w2Off, grad, gradOff, w1Beta, w1Grad, w1GradOff,
                b1Beta, b1Grad, b1GradOff, w2Beta, w2Grad, w2GradOff);
    }

    /**
     * Two strips of W columns of {@link #denseParamGrads}, every sum in a register: the bias's
     * from its scaled value, the weights' from 0 with {@code fma(beta, old, sum)} at the end,
     * each adding the rows in order as reluBackwardBiasGrad and ThinGemm's direct product do.
     * Each sum is a chain of dependent adds down the rows; two strips side by side give the
     * core two independent sets of chains (one strip alone ran 1.45x slower). Four weight sums
     * always run (a missing feature reads feature 0 and is never stored): a sum kept across
     * the loop only for some k would be a vector chosen by a condition, which C2 may box; so
     * too the mask is always computed, and made to keep every lane without a ReLU. The results
     * go to {@code bOut} and {@code wOut} (rows {@code wStride} apart).
     */
    private static void paramGradStrips(int j, boolean relu, int rows, int cols, int k, float[] y, int yOff,
                                        float[] grad, int gradOff, float[] x, int xOff, float[] biasGrad,
                                        int biasGradOff, float weightBeta, float[] weightGrad, int weightGradOff,
                                        float[] bOut, int bOutOff, float[] wOut, int wOutOff, int wStride) {
        IntVector infinityBits = IntVector.broadcast(S_INTS, INFINITY_BITS);
        IntVector keepAll = IntVector.broadcast(S_INTS, relu ? 0 : -1);
        int x1 = k > 1 ? 1 : 0, x2 = k > 2 ? 2 : 0, x3 = k > 3 ? 3 : 0;
        FloatVector biasA = FloatVector.fromArray(S, biasGrad, biasGradOff + j);
        FloatVector biasB = FloatVector.fromArray(S, biasGrad, biasGradOff + j + W);
        FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S), b1 = FloatVector.zero(S), b2 = FloatVector.zero(S), b3 = FloatVector.zero(S);
        for (int r = 0, at = j, xr = xOff; r < rows; r++, at += cols, xr += k) {
            IntVector ya = FloatVector.fromArray(S, y, yOff + at).reinterpretAsInts();
            IntVector yb = FloatVector.fromArray(S, y, yOff + at + W).reinterpretAsInts();
            IntVector keepA = ya.neg().and(ya.not()).and(infinityBits.sub(ya).not()).lanewise(VectorOperators.ASHR, 31);
            IntVector keepB = yb.neg().and(yb.not()).and(infinityBits.sub(yb).not()).lanewise(VectorOperators.ASHR, 31);
            FloatVector dzA = FloatVector.fromArray(S, grad, gradOff + at).reinterpretAsInts().and(keepA.or(keepAll))
                    .reinterpretAsFloats();
            FloatVector dzB = FloatVector.fromArray(S, grad, gradOff + at + W).reinterpretAsInts()
                    .and(keepB.or(keepAll)).reinterpretAsFloats();
            biasA = biasA.add(dzA);
            biasB = biasB.add(dzB);
            FloatVector f = FloatVector.broadcast(S, x[xr]);
            a0 = f.fma(dzA, a0);
            b0 = f.fma(dzB, b0);
            f = FloatVector.broadcast(S, x[xr + x1]);
            a1 = f.fma(dzA, a1);
            b1 = f.fma(dzB, b1);
            f = FloatVector.broadcast(S, x[xr + x2]);
            a2 = f.fma(dzA, a2);
            b2 = f.fma(dzB, b2);
            f = FloatVector.broadcast(S, x[xr + x3]);
            a3 = f.fma(dzA, a3);
            b3 = f.fma(dzB, b3);
        }
        biasA.intoArray(bOut, bOutOff);
        biasB.intoArray(bOut, bOutOff + W);
        // The direct product's write with alpha 1 (a product by 1 is exact, so left out).
        int old = weightGradOff + j;
        if (weightBeta != 0f) {
            FloatVector beta = FloatVector.broadcast(S, weightBeta);
            a0 = FloatVector.fromArray(S, weightGrad, old).fma(beta, a0);
            b0 = FloatVector.fromArray(S, weightGrad, old + W).fma(beta, b0);
            a1 = FloatVector.fromArray(S, weightGrad, old + x1 * cols).fma(beta, a1);
            b1 = FloatVector.fromArray(S, weightGrad, old + x1 * cols + W).fma(beta, b1);
            a2 = FloatVector.fromArray(S, weightGrad, old + x2 * cols).fma(beta, a2);
            b2 = FloatVector.fromArray(S, weightGrad, old + x2 * cols + W).fma(beta, b2);
            a3 = FloatVector.fromArray(S, weightGrad, old + x3 * cols).fma(beta, a3);
            b3 = FloatVector.fromArray(S, weightGrad, old + x3 * cols + W).fma(beta, b3);
        }
        a0.intoArray(wOut, wOutOff);
        b0.intoArray(wOut, wOutOff + W);
        if (k > 1) {
            a1.intoArray(wOut, wOutOff + wStride);
            b1.intoArray(wOut, wOutOff + wStride + W);
        }
        if (k > 2) {
            a2.intoArray(wOut, wOutOff + 2 * wStride);
            b2.intoArray(wOut, wOutOff + 2 * wStride + W);
        }
        if (k > 3) {
            a3.intoArray(wOut, wOutOff + 3 * wStride);
            b3.intoArray(wOut, wOutOff + 3 * wStride + W);
        }
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] out, int outOff) {
        // Two passes, e^-x into out, then 1 / (1 + e^-x): see VectorMath on why not one.
        int done = VectorMath.exp(n, x, xOff, -1f, false, out, outOff);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < done; i += W) {
            one.div(one.add(FloatVector.fromArray(S, out, outOff + i))).intoArray(out, outOff + i);
        }
        TAIL.sigmoid(n - done, x, xOff + done, out, outOff + done);
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] grad, int gradOff, float beta,
                                float[] out, int outOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector betaV = FloatVector.broadcast(S, beta);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
            FloatVector r = FloatVector.fromArray(S, grad, gradOff + i).mul(yv.mul(one.sub(yv)));
            if (beta != 0f) {
                r = FloatVector.fromArray(S, out, outOff + i).fma(betaV, r);
            }
            r.intoArray(out, outOff + i);
        }
        TAIL.sigmoidBackward(n - i, y, yOff + i, grad, gradOff + i, beta, out, outOff + i);
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] out, int outOff) {
        // Two passes, e^(2|x|) into out, then tanh from x and it: see VectorMath on why not one.
        int done = VectorMath.exp(n, x, xOff, 2f, true, out, outOff);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        FloatVector p0 = FloatVector.broadcast(S, FloatMath.TANH_P0);
        FloatVector p1 = FloatVector.broadcast(S, FloatMath.TANH_P1);
        FloatVector p2 = FloatVector.broadcast(S, FloatMath.TANH_P2);
        FloatVector p3 = FloatVector.broadcast(S, FloatMath.TANH_P3);
        FloatVector p4 = FloatVector.broadcast(S, FloatMath.TANH_P4);
        FloatVector smallLimit = FloatVector.broadcast(S, FloatMath.TANH_SMALL);
        IntVector signBit = IntVector.broadcast(IntVector.SPECIES_PREFERRED, 0x80000000);
        for (int i = 0; i < done; i += W) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            FloatVector ax = xv.abs();
            FloatVector z = ax.mul(ax);
            FloatVector p = p0.fma(z, p1);
            p = p.fma(z, p2);
            p = p.fma(z, p3);
            p = p.fma(z, p4);
            FloatVector small = p.mul(z).fma(ax, ax);
            FloatVector large = one.sub(two.div(FloatVector.fromArray(S, out, outOff + i).add(one)));
            FloatVector magnitude = large.blend(small, ax.compare(VectorOperators.LT, smallLimit));
            // copySign(magnitude, x): the magnitude's bits with x's sign bit.
            magnitude.abs().reinterpretAsInts().or(xv.reinterpretAsInts().and(signBit)).reinterpretAsFloats()
                    .intoArray(out, outOff + i);
        }
        TAIL.tanh(n - done, x, xOff + done, out, outOff + done);
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] grad, int gradOff, float beta,
                             float[] out, int outOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector betaV = FloatVector.broadcast(S, beta);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
            FloatVector r = FloatVector.fromArray(S, grad, gradOff + i).mul(yv.neg().fma(yv, one));
            if (beta != 0f) {
                r = FloatVector.fromArray(S, out, outOff + i).fma(betaV, r);
            }
            r.intoArray(out, outOff + i);
        }
        TAIL.tanhBackward(n - i, y, yOff + i, grad, gradOff + i, beta, out, outOff + i);
    }

    // ---------------------------------------------------------------- losses

    /**
     * A chunk at a time: the terms into scratch, then added in order in double, as the scalar
     * kernel adds them. A chunk's last elements are one more vector moved back to end at the
     * chunk's end: the elements it shares with the vector before get the same bits again.
     */
    @Override
    public double sigmoidCrossEntropySum(int n, float[] z, int zOff, float[] y, int yOff) {
        Scratch scratch = Scratch.get();
        float[] terms = scratch.lossTerms;
        double total = 0;
        for (int from = 0; from < n; from += terms.length) {
            int count = Math.min(terms.length, n - from);
            int done = crossEntropyTerms(count, z, zOff + from, y, yOff + from, terms, 0, scratch.lossLogs);
            if (done < count && count >= W) {
                int last = count - W;
                crossEntropyTerms(W, z, zOff + from + last, y, yOff + from + last, terms, last, scratch.lossLogs);
            } else {
                for (int i = done; i < count; i++) {
                    terms[i] = FloatMath.sigmoidCrossEntropy(z[zOff + from + i], y[yOff + from + i]);
                }
            }
            for (int i = 0; i < count; i++) {
                total += terms[i];
            }
        }
        return total;
    }

    /**
     * The terms of the whole vectors of {@code [0, n)} into {@code terms[tOff..]}: e^-|z| (one
     * polynomial), the logs of 1 + e^-|z| (another), then the terms, each pass over
     * L1-resident scratch (see VectorMath on why one polynomial a loop). Returns the elements done.
     */
    private static int crossEntropyTerms(int n, float[] z, int zOff, float[] y, int yOff, float[] terms, int tOff,
                                         float[] logs) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector zero = FloatVector.zero(S);
        int done = VectorMath.exp(n, z, zOff, -1f, true, terms, tOff);
        for (int i = 0; i < done; i += W) {
            FloatVector.fromArray(S, terms, tOff + i).add(one).intoArray(logs, tOff + i);
        }
        VectorMath.logPositiveNormal(done, logs, tOff, logs, tOff);
        for (int i = 0; i < done; i += W) {
            FloatVector t = FloatVector.fromArray(S, terms, tOff + i);
            FloatVector u = t.add(one);
            // Goldberg's log1p; where u rounded to 1 the quotient is 0/0, and t is the answer.
            FloatVector softplus = FloatVector.fromArray(S, logs, tOff + i).mul(t).div(u.sub(one))
                    .blend(t, u.compare(VectorOperators.EQ, one));
            FloatVector zv = FloatVector.fromArray(S, z, zOff + i);
            FloatVector relu = zv.blend(zero, zv.compare(VectorOperators.LT, zero));
            zv.neg().fma(FloatVector.fromArray(S, y, yOff + i), relu).add(softplus).intoArray(terms, tOff + i);
        }
        return done;
    }

    // ---------------------------------------------------------------- optimizer

    @Override
    public void adamUpdate(int n, float[] param, int pOff, float[] grad, int gOff, float[] m, int mOff,
                           float[] v, int vOff, float beta1, float beta2, float stepSize, float epsilon) {
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        FloatVector b1 = FloatVector.broadcast(S, beta1);
        FloatVector b2 = FloatVector.broadcast(S, beta2);
        FloatVector c1 = FloatVector.broadcast(S, oneMinusBeta1);
        FloatVector c2 = FloatVector.broadcast(S, oneMinusBeta2);
        FloatVector step = FloatVector.broadcast(S, stepSize);
        FloatVector eps = FloatVector.broadcast(S, epsilon);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector g = FloatVector.fromArray(S, grad, gOff + i);
            FloatVector mi = FloatVector.fromArray(S, m, mOff + i).fma(b1, g.mul(c1));
            FloatVector vi = FloatVector.fromArray(S, v, vOff + i).fma(b2, g.mul(g).mul(c2));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            FloatVector p = FloatVector.fromArray(S, param, pOff + i);
            p.sub(mi.mul(step).div(vi.sqrt().add(eps))).intoArray(param, pOff + i);
        }
        TAIL.adamUpdate(n - i, param, pOff + i, grad, gOff + i, m, mOff + i, v, vOff + i,
                beta1, beta2, stepSize, epsilon);
    }

    // ---------------------------------------------------------------- accuracy

    /** Stays scalar: rows are class scores, usually far shorter than a vector. */
    @Override
    public void argmaxRows(int rows, int cols, float[] x, int xOff, int[] out, int outOff) {
        TAIL.argmaxRows(rows, cols, x, xOff, out, outOff);
    }

    @Override
    public int countThresholdMatches(int n, float[] scores, int sOff, float threshold, float[] labels, int lOff) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector limit = FloatVector.broadcast(S, threshold);
        int matches = 0;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector predicted = zero.blend(one,
                    FloatVector.fromArray(S, scores, sOff + i).compare(VectorOperators.GT, limit));
            matches += predicted.compare(VectorOperators.EQ, FloatVector.fromArray(S, labels, lOff + i)).trueCount();
        }
        return matches + TAIL.countThresholdMatches(n - i, scores, sOff + i, threshold, labels, lOff + i);
    }

    // ---------------------------------------------------------------- random fills

    @Override
    public void fillUniform(long seed, long stream, long index, float[] out, int off, int n) {
        if (!VectorRandom.supported()) {
            TAIL.fillUniform(seed, stream, index, out, off, n);
            return;
        }
        VectorRandom.fillUniform(seed, stream, index, out, off, n);
    }

    @Override
    public void addGaussianNoise(long seed, long stream, long index, float[] x, int xOff, float[] out, int outOff,
                                 int n, float stddev) {
        if (!VectorRandom.supported()) {
            TAIL.addGaussianNoise(seed, stream, index, x, xOff, out, outOff, n, stddev);
            return;
        }
        VectorRandom.addGaussianNoise(seed, stream, index, x, xOff, out, outOff, n, stddev);
    }

    @Override
    public void fillGaussian(long seed, long stream, long index, float[] out, int off, int n,
                             float mean, float stddev) {
        if (!VectorRandom.supported()) {
            TAIL.fillGaussian(seed, stream, index, out, off, n, mean, stddev);
            return;
        }
        VectorRandom.fillGaussian(seed, stream, index, out, off, n, mean, stddev);
    }
}
