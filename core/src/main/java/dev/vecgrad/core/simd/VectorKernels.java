package dev.vecgrad.core.simd;

import dev.vecgrad.core.kernels.KernelChecks;
import dev.vecgrad.core.kernels.Kernels;
import dev.vecgrad.core.kernels.ScalarKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels. This package is the only one that imports
 * {@code jdk.incubator.vector}; {@link dev.vecgrad.core.kernels.KernelProvider} loads this
 * class by name, and only when the module is present.
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
public final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();
    private static final ScalarKernels TAIL = new ScalarKernels();
    /** For {@link #sumLanes}: shuffles that swap lanes {@code i} and {@code i ^ step}, for step = W/2, W/4, ..., 1. */
    private static final VectorShuffle<Float>[] PAIR_SWAPS = pairSwaps();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] pairSwaps() {
        int levels = Integer.numberOfTrailingZeros(W);
        VectorShuffle<Float>[] swaps = new VectorShuffle[levels];
        for (int level = 0; level < levels; level++) {
            int step = W >> (level + 1);
            swaps[level] = VectorShuffle.fromOp(S, i -> i ^ step);
        }
        return swaps;
    }

    /**
     * The sum of a vector's lanes as a fixed tree: halves, then quarters, and so on. A fixed
     * order keeps results identical whether the code runs interpreted or compiled, and the
     * tree's depth (log2 W additions) is shorter than {@code reduceLanes}'s lane-by-lane chain.
     */
    static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> swap : PAIR_SWAPS) {
            v = v.add(v.rearrange(swap));
        }
        return v.lane(0);
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
        KernelChecks.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        VectorGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.range("dot x", x, xOff, n);
        KernelChecks.range("dot y", y, yOff, n);
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
        float s = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            s = Math.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }

    // ---------------------------------------------------------------- element-wise arithmetic

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.range("axpy x", x, xOff, n);
        KernelChecks.range("axpy y", y, yOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            VectorMath.mulAdd(FloatVector.fromArray(S, x, xOff + i), alpha, FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        TAIL.axpy(n - i, alpha, x, xOff + i, y, yOff + i);
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff, float[] out, int outOff) {
        KernelChecks.range("scale x", x, xOff, n);
        KernelChecks.range("scale out", out, outOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector.fromArray(S, x, xOff + i).mul(alpha).intoArray(out, outOff + i);
        }
        TAIL.scale(n - i, alpha, x, xOff + i, out, outOff + i);
    }

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        KernelChecks.binary("add", n, a, aOff, b, bOff, out, outOff);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        TAIL.add(n - i, a, aOff + i, b, bOff + i, out, outOff + i);
    }

    @Override
    public void sub(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        KernelChecks.binary("sub", n, a, aOff, b, bOff, out, outOff);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector.fromArray(S, a, aOff + i).sub(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        TAIL.sub(n - i, a, aOff + i, b, bOff + i, out, outOff + i);
    }

    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        KernelChecks.binary("mul", n, a, aOff, b, bOff, out, outOff);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        TAIL.mul(n - i, a, aOff + i, b, bOff + i, out, outOff + i);
    }

    @Override
    public void addBias(int rows, int cols, float[] x, int xOff, float[] bias, int biasOff,
                        float[] out, int outOff) {
        KernelChecks.dense("addBias x", x, xOff, rows, cols);
        KernelChecks.range("addBias bias", bias, biasOff, cols);
        KernelChecks.dense("addBias out", out, outOff, rows, cols);
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

    @Override
    public float sum(int n, float[] x, int xOff) {
        KernelChecks.range("sum x", x, xOff, n);
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
        float s = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, int xOff, float beta, float[] out, int outOff) {
        KernelChecks.dense("columnSums x", x, xOff, rows, cols);
        KernelChecks.range("columnSums out", out, outOff, cols);
        int j = 0;
        for (int bound = S.loopBound(cols); j < bound; j += W) {
            FloatVector s = beta == 0f ? FloatVector.zero(S) : FloatVector.fromArray(S, out, outOff + j).mul(beta);
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
        KernelChecks.dense("rowSums x", x, xOff, rows, cols);
        KernelChecks.range("rowSums out", out, outOff, rows);
        for (int r = 0; r < rows; r++) {
            float s = sumOf(cols, x, xOff + r * cols);
            out[outOff + r] = beta == 0f ? s : Math.fma(beta, out[outOff + r], s);
        }
    }

    // ---------------------------------------------------------------- activations

    @Override
    public void relu(int n, float[] x, int xOff, float[] out, int outOff) {
        KernelChecks.range("relu x", x, xOff, n);
        KernelChecks.range("relu out", out, outOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector.fromArray(S, x, xOff + i).max(0f).intoArray(out, outOff + i);
        }
        TAIL.relu(n - i, x, xOff + i, out, outOff + i);
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] grad, int gradOff, float[] out, int outOff) {
        KernelChecks.binary("reluBackward", n, x, xOff, grad, gradOff, out, outOff);
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            zero.blend(FloatVector.fromArray(S, grad, gradOff + i), xv.compare(VectorOperators.GT, 0f))
                    .intoArray(out, outOff + i);
        }
        TAIL.reluBackward(n - i, x, xOff + i, grad, gradOff + i, out, outOff + i);
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] out, int outOff) {
        KernelChecks.range("sigmoid x", x, xOff, n);
        KernelChecks.range("sigmoid out", out, outOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            VectorMath.sigmoid(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
        }
        TAIL.sigmoid(n - i, x, xOff + i, out, outOff + i);
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] grad, int gradOff, float[] out, int outOff) {
        KernelChecks.binary("sigmoidBackward", n, y, yOff, grad, gradOff, out, outOff);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
            FloatVector.fromArray(S, grad, gradOff + i).mul(yv.mul(yv.neg().add(1f))).intoArray(out, outOff + i);
        }
        TAIL.sigmoidBackward(n - i, y, yOff + i, grad, gradOff + i, out, outOff + i);
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] out, int outOff) {
        KernelChecks.range("tanh x", x, xOff, n);
        KernelChecks.range("tanh out", out, outOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            VectorMath.tanh(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
        }
        TAIL.tanh(n - i, x, xOff + i, out, outOff + i);
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] grad, int gradOff, float[] out, int outOff) {
        KernelChecks.binary("tanhBackward", n, y, yOff, grad, gradOff, out, outOff);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
            FloatVector.fromArray(S, grad, gradOff + i).mul(VectorMath.mulAdd(yv.neg(), yv, 1f)).intoArray(out, outOff + i);
        }
        TAIL.tanhBackward(n - i, y, yOff + i, grad, gradOff + i, out, outOff + i);
    }

    // ---------------------------------------------------------------- optimizer

    @Override
    public void adamUpdate(int n, float[] param, int pOff, float[] grad, int gOff, float[] m, int mOff,
                           float[] v, int vOff, float beta1, float beta2, float stepSize, float epsilon) {
        KernelChecks.adam(n, param, pOff, grad, gOff, m, mOff, v, vOff);
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector g = FloatVector.fromArray(S, grad, gOff + i);
            FloatVector mi = VectorMath.mulAdd(FloatVector.fromArray(S, m, mOff + i), beta1, g.mul(oneMinusBeta1));
            FloatVector vi = VectorMath.mulAdd(FloatVector.fromArray(S, v, vOff + i), beta2, g.mul(g).mul(oneMinusBeta2));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            FloatVector p = FloatVector.fromArray(S, param, pOff + i);
            p.sub(mi.mul(stepSize).div(vi.sqrt().add(epsilon))).intoArray(param, pOff + i);
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
        KernelChecks.range("countThresholdMatches scores", scores, sOff, n);
        KernelChecks.range("countThresholdMatches labels", labels, lOff, n);
        FloatVector zero = FloatVector.zero(S);
        int matches = 0;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += W) {
            FloatVector predicted = zero.blend(1f,
                    FloatVector.fromArray(S, scores, sOff + i).compare(VectorOperators.GT, threshold));
            matches += predicted.compare(VectorOperators.EQ, FloatVector.fromArray(S, labels, lOff + i)).trueCount();
        }
        return matches + TAIL.countThresholdMatches(n - i, scores, sOff + i, threshold, labels, lOff + i);
    }

    // ---------------------------------------------------------------- random fills

    @Override
    public void fillUniform(long seed, long stream, long index, float[] out, int off, int n) {
        VectorRandom.fillUniform(seed, stream, index, out, off, n);
    }

    @Override
    public void fillGaussian(long seed, long stream, long index, float[] out, int off, int n,
                             float mean, float stddev) {
        VectorRandom.fillGaussian(seed, stream, index, out, off, n, mean, stddev);
    }
}
