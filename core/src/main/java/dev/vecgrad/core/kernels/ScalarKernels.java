package dev.vecgrad.core.kernels;

import dev.vecgrad.core.conv.MaxPool;
import dev.vecgrad.core.conv.Window2d;

import dev.vecgrad.core.random.Gaussians;
import dev.vecgrad.core.random.Philox;

/**
 * The plain-Java kernels: straightforward loops, written so that HotSpot's auto-vectorizer
 * can still help where it is able. They run on every JDK without the Vector API and are the
 * reference the SIMD kernels are tested against. They check nothing: {@link Kernels} checked
 * the arguments before calling (see {@link KernelSupport}).
 *
 * <p>Multiply-adds use {@link Math#fma} wherever the SIMD kernels fuse, so the element-wise
 * results are bit-identical between the two (see {@link Kernels}).
 */
public final class ScalarKernels implements KernelSupport {

    /** Noise is drawn in chunks of this buffer and added, so it is never written whole (one per thread). */
    private static final ThreadLocal<float[]> NOISE_CHUNK = ThreadLocal.withInitial(() -> new float[256]);

    /**
     * The four words of a Philox block (one array per thread). A {@code new int[4]} per fill
     * cost nothing only while C2 inlined {@link Philox#block} into the fill, so that escape
     * analysis could drop the array; whether it does depends on what C2 compiled before, and
     * one JDK 17 run in four allocated those 32 bytes on every training step.
     */
    private static final ThreadLocal<int[]> PHILOX_WORDS = ThreadLocal.withInitial(() -> new int[4]);

    /** A dense layer's masked gradient, for denseParamGrads (one per thread); grows, never shrinks. */
    private static final ThreadLocal<float[][]> MASKED = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    /** GEMM blocking: a 128 x 512 block of B (256 KiB) stays in L2 while every row of A passes over it. */
    private static final int GEMM_KB = 128;
    private static final int GEMM_NB = 512;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public String description() {
        return "scalar (plain Java)";
    }

    // ---------------------------------------------------------------- matrix products

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        scaleMatrix(m, n, beta, c, cOff, ldc);
        if (k == 0 || alpha == 0f) {
            return;                                                    // BLAS: A and B are not read
        }
        for (int p0 = 0; p0 < k; p0 += GEMM_KB) {
            int p1 = Math.min(k, p0 + GEMM_KB);
            for (int j0 = 0; j0 < n; j0 += GEMM_NB) {
                int j1 = Math.min(n, j0 + GEMM_NB);
                for (int i = 0; i < m; i++) {
                    int cRow = cOff + i * ldc;
                    for (int p = p0; p < p1; p++) {
                        float aip = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                        if (transB) {
                            for (int j = j0; j < j1; j++) {
                                c[cRow + j] = Math.fma(aip, b[bOff + j * ldb + p], c[cRow + j]);
                            }
                        } else {
                            int bRow = bOff + p * ldb;
                            for (int j = j0; j < j1; j++) {
                                c[cRow + j] = Math.fma(aip, b[bRow + j], c[cRow + j]);
                            }
                        }
                    }
                }
            }
        }
    }

    /** This thread's {@link #MASKED} buffer, at least {@code size} long. */
    private static float[] maskedGradient(int size) {
        float[][] holder = MASKED.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        return holder[0];
    }

    /** C = beta * C, not reading C when beta is 0. */
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

    @Override
    public void linear(boolean relu, int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                       float[] bias, int biasOff, float[] out, int outOff) {
        gemm(false, false, m, n, k, 1f, x, xOff, Math.max(1, k), w, wOff, Math.max(1, n), 0f, out, outOff, Math.max(1, n));
        for (int r = 0; r < m; r++) {
            int row = outOff + r * n;
            for (int j = 0; j < n; j++) {
                float z = out[row + j] + bias[biasOff + j];
                out[row + j] = relu ? Math.max(z, 0f) : z;
            }
        }
    }

    @Override
    public void conv2d(Window2d w, int filters, int batch, float[] x, int xOff, float[] k, int kOff,
                       float[] bias, int biasOff, boolean relu, float[] out, int outOff) {
        ScalarConv.forward(w, filters, batch, x, xOff, k, kOff, bias, biasOff, relu, out, outOff, 0, filters);
    }

    @Override
    public void conv2dBackwardData(Window2d w, int filters, int batch, float[] g, int gOff, float[] k, int kOff,
                                   float beta, float[] dx, int dxOff) {
        ScalarConv.backwardData(w, filters, batch, g, gOff, k, kOff, beta, dx, dxOff);
    }

    @Override
    public void conv2dBackwardKernel(Window2d w, int filters, int batch, float[] x, int xOff, float[] g, int gOff,
                                     float beta, float[] dk, int dkOff) {
        ScalarConv.backwardKernel(w, filters, batch, x, xOff, g, gOff, beta, dk, dkOff);
    }

    @Override
    public void maxPool2d(Window2d w, int batch, float[] x, int xOff, float[] out, int outOff) {
        MaxPool.forward(w, batch, x, xOff, out, outOff);
    }

    @Override
    public void maxPool2dBackward(Window2d w, int batch, float[] x, int xOff, float[] out, int outOff, float[] g,
                                  int gOff, float beta, float[] dx, int dxOff) {
        MaxPool.backward(w, batch, x, xOff, out, outOff, g, gOff, beta, dx, dxOff);
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s = Math.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }

    // ---------------------------------------------------------------- element-wise arithmetic

    @Override
    public void axpby(int n, float alpha, float[] x, int xOff, float beta, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = beta == 0f ? alpha * x[xOff + i] : Math.fma(alpha, x[xOff + i], beta * y[yOff + i]);
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = alpha * x[xOff + i];
        }
    }

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    @Override
    public void sub(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] - b[bOff + i];
        }
    }

    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    @Override
    public void mulAdd(int n, float[] a, int aOff, float[] b, int bOff, float beta, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = beta == 0f ? a[aOff + i] * b[bOff + i]
                    : Math.fma(a[aOff + i], b[bOff + i], beta * out[outOff + i]);
        }
    }

    @Override
    public void threshold(int n, float[] x, int xOff, float threshold, float below, float atOrAbove,
                          float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] >= threshold ? atOrAbove : below;
        }
    }

    @Override
    public void addBias(int rows, int cols, float[] x, int xOff, float[] bias, int biasOff,
                        float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int j = 0; j < cols; j++) {
                out[outOff + row + j] = x[xOff + row + j] + bias[biasOff + j];
            }
        }
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public float sum(int n, float[] x, int xOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, int xOff, float beta, float[] out, int outOff) {
        for (int j = 0; j < cols; j++) {
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
            float s = 0f;
            for (int j = 0; j < cols; j++) {
                s += x[xOff + r * cols + j];
            }
            out[outOff + r] = beta == 0f ? s : Math.fma(beta, out[outOff + r], s);
        }
    }

    // ---------------------------------------------------------------- activations

    @Override
    public void relu(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0f);
        }
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] grad, int gradOff, float beta,
                             float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            float value = x[xOff + i] > 0f ? grad[gradOff + i] : 0f;
            out[outOff + i] = accumulate(value, beta, out, outOff + i);
        }
    }

    /** {@code value + beta * out[at]} in one rounding, not reading {@code out} when beta is 0: a backward kernel's write. */
    private static float accumulate(float value, float beta, float[] out, int at) {
        return beta == 0f ? value : Math.fma(beta, out[at], value);
    }

    @Override
    public void reluBackwardBiasGrad(int rows, int cols, float[] y, int yOff, float[] grad, int gradOff,
                                     float[] out, int outOff, float beta, float[] biasGrad, int biasGradOff) {
        reluBackward(rows * cols, y, yOff, grad, gradOff, 0f, out, outOff);
        columnSums(rows, cols, out, outOff, beta, biasGrad, biasGradOff);
    }

    @Override
    public void reluHiddenDot(int m, int n, int k, float[] x, int xOff, float[] w1, int w1Off, float[] b1, int b1Off,
                              float[] w2, int w2Off, float b2, float[] out, int outOff) {
        for (int i = 0; i < m; i++) {
            float x0 = x[xOff + i * k];
            float x1 = k > 1 ? x[xOff + i * k + 1] : 0f;
            float even = 0f, odd = 0f;
            for (int j = 0; j < n; j++) {
                float z = hiddenZ(x0, x1, w1[w1Off + j], k > 1 ? w1[w1Off + n + j] : 0f, b1[b1Off + j]);
                float h = z < 0f ? 0f : z;
                if ((j & 1) == 0) {                                    // two sums, by the parity of j
                    even = Math.fma(h, w2[w2Off + j], even);
                } else {
                    odd = Math.fma(h, w2[w2Off + j], odd);
                }
            }
            out[outOff + i] = (even + odd) + b2;
        }
    }

    /**
     * A hidden unit's pre-activation in {@link #reluHiddenDot}'s order, for features x0, x1 and
     * their weights u, v; with one feature, x1 and v are 0 (the term adds +-0, as SIMD's does).
     */
    private static float hiddenZ(float x0, float x1, float u, float v, float b) {
        return Math.fma(x1, v, Math.fma(x0, u, b));
    }

    @Override
    public void reluHiddenDotGrads(int m, int n, int k, float[] x, int xOff, float[] w1, int w1Off, float[] b1,
                                   int b1Off, float[] w2, int w2Off, float[] grad, int gradOff, float w1Beta,
                                   float[] w1Grad, int w1GradOff, float b1Beta, float[] b1Grad, int b1GradOff,
                                   float w2Beta, float[] w2Grad, int w2GradOff) {
        for (int j = 0; j < n; j++) {
            float u = w1[w1Off + j], v = k > 1 ? w1[w1Off + n + j] : 0f;
            float b = b1[b1Off + j], out = w2[w2Off + j];
            float biasSum = 0f, firstSum = 0f, secondSum = 0f, outSum = 0f;
            for (int i = 0; i < m; i++) {
                float x0 = x[xOff + i * k];
                float x1 = k > 1 ? x[xOff + i * k + 1] : 0f;
                float g = grad[gradOff + i];
                float z = hiddenZ(x0, x1, u, v, b);
                outSum = Math.fma(z < 0f ? 0f : z, g, outSum);
                float dz = z > 0f ? g * out : 0f;
                biasSum += dz;
                firstSum = Math.fma(x0, dz, firstSum);
                secondSum = Math.fma(x1, dz, secondSum);
            }
            w1Grad[w1GradOff + j] = accumulate(firstSum, w1Beta, w1Grad, w1GradOff + j);
            if (k > 1) {
                w1Grad[w1GradOff + n + j] = accumulate(secondSum, w1Beta, w1Grad, w1GradOff + n + j);
            }
            b1Grad[b1GradOff + j] = accumulate(biasSum, b1Beta, b1Grad, b1GradOff + j);
            w2Grad[w2GradOff + j] = accumulate(outSum, w2Beta, w2Grad, w2GradOff + j);
        }
    }

    @Override
    public void denseParamGrads(boolean relu, int rows, int cols, int k, float[] y, int yOff, float[] grad,
                                int gradOff, float[] x, int xOff, float biasBeta, float[] biasGrad, int biasGradOff,
                                float weightBeta, float[] weightGrad, int weightGradOff) {
        // The kernels it stands for, one after the other: without vectors to keep a column's
        // sums in, a row-by-row pass over the sums measured no faster (BENCHMARKS.md).
        float[] dz = grad;
        int dzOff = gradOff;
        if (relu) {
            dz = maskedGradient(rows * cols);
            dzOff = 0;
            reluBackwardBiasGrad(rows, cols, y, yOff, grad, gradOff, dz, 0, biasBeta, biasGrad, biasGradOff);
        } else {
            columnSums(rows, cols, grad, gradOff, biasBeta, biasGrad, biasGradOff);
        }
        gemm(true, false, k, cols, rows, 1f, x, xOff, k, dz, dzOff, cols, weightBeta, weightGrad, weightGradOff, cols);
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = FloatMath.sigmoid(x[xOff + i]);
        }
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] grad, int gradOff, float beta,
                                float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            float yi = y[yOff + i];
            out[outOff + i] = accumulate(grad[gradOff + i] * (yi * (1f - yi)), beta, out, outOff + i);
        }
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = FloatMath.tanh(x[xOff + i]);
        }
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] grad, int gradOff, float beta,
                             float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            float yi = y[yOff + i];
            out[outOff + i] = accumulate(grad[gradOff + i] * Math.fma(-yi, yi, 1f), beta, out, outOff + i);
        }
    }

    // ---------------------------------------------------------------- losses

    @Override
    public double sigmoidCrossEntropySum(int n, float[] z, int zOff, float[] y, int yOff) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += FloatMath.sigmoidCrossEntropy(z[zOff + i], y[yOff + i]);
        }
        return total;
    }

    // ---------------------------------------------------------------- optimizer

    @Override
    public void adamUpdate(int n, float[] param, int pOff, float[] grad, int gOff, float[] m, int mOff,
                           float[] v, int vOff, float beta1, float beta2, float stepSize, float epsilon) {
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        for (int i = 0; i < n; i++) {
            float g = grad[gOff + i];
            float mi = Math.fma(beta1, m[mOff + i], oneMinusBeta1 * g);
            float vi = Math.fma(beta2, v[vOff + i], oneMinusBeta2 * (g * g));
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            param[pOff + i] -= stepSize * mi / ((float) Math.sqrt(vi) + epsilon);
        }
    }

    // ---------------------------------------------------------------- accuracy

    @Override
    public void argmaxRows(int rows, int cols, float[] x, int xOff, int[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * cols;
            int best = 0;
            for (int j = 1; j < cols; j++) {
                if (x[row + j] > x[row + best]) {
                    best = j;
                }
            }
            out[outOff + r] = best;
        }
    }

    @Override
    public int countThresholdMatches(int n, float[] scores, int sOff, float threshold, float[] labels, int lOff) {
        int matches = 0;
        for (int i = 0; i < n; i++) {
            float predicted = scores[sOff + i] > threshold ? 1f : 0f;
            if (predicted == labels[lOff + i]) {
                matches++;
            }
        }
        return matches;
    }

    // ---------------------------------------------------------------- random fills

    @Override
    public void fillUniform(long seed, long stream, long index, float[] out, int off, int n) {
        int[] words = PHILOX_WORDS.get();
        long end = index + n;
        for (long tile = index / Philox.TILE; tile * Philox.TILE < end; tile++) {
            long base = tile * Philox.TILE;
            for (int b = 0; b < Philox.BLOCKS_PER_TILE; b++) {
                Philox.block(seed, stream, tile * Philox.BLOCKS_PER_TILE + b, words, 0);
                for (int w = 0; w < 4; w++) {
                    put(base + 8 * w + b, Gaussians.uniform(words[w]), index, end, out, off);
                }
            }
        }
    }

    @Override
    public void fillGaussian(long seed, long stream, long index, float[] out, int off, int n,
                             float mean, float stddev) {
        int[] words = PHILOX_WORDS.get();
        long end = index + n;
        for (long tile = index / Philox.TILE; tile * Philox.TILE < end; tile++) {
            long base = tile * Philox.TILE;
            for (int b = 0; b < Philox.BLOCKS_PER_TILE; b++) {
                Philox.block(seed, stream, tile * Philox.BLOCKS_PER_TILE + b, words, 0);
                // Pair b uses tile words b and 16+b (words 0 and 2 of this block);
                // pair 8+b uses tile words 8+b and 24+b (words 1 and 3).
                put(base + b, Math.fma(stddev, Gaussians.cosBranch(words[0], words[2]), mean), index, end, out, off);
                put(base + 16 + b, Math.fma(stddev, Gaussians.sinBranch(words[0], words[2]), mean), index, end, out, off);
                put(base + 8 + b, Math.fma(stddev, Gaussians.cosBranch(words[1], words[3]), mean), index, end, out, off);
                put(base + 24 + b, Math.fma(stddev, Gaussians.sinBranch(words[1], words[3]), mean), index, end, out, off);
            }
        }
    }

    @Override
    public void addGaussianNoise(long seed, long stream, long index, float[] x, int xOff, float[] out, int outOff,
                                 int n, float stddev) {
        float[] chunk = NOISE_CHUNK.get();
        for (int done = 0; done < n; done += chunk.length) {
            int len = Math.min(chunk.length, n - done);
            fillGaussian(seed, stream, index + done, chunk, 0, len, 0f, stddev);
            for (int i = 0; i < len; i++) {
                out[outOff + done + i] = x[xOff + done + i] + chunk[i];
            }
        }
    }

    /** Stores value number {@code i} of the stream if it falls in the requested range. */
    private static void put(long i, float value, long index, long end, float[] out, int off) {
        if (i >= index && i < end) {
            out[off + (int) (i - index)] = value;
        }
    }
}
