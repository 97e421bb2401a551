package dev.vecgrad.core.kernels;

import dev.vecgrad.core.conv.Window2d;
import dev.vecgrad.core.random.Philox;
import java.util.Objects;

/**
 * The numeric kernels vecgrad runs on: every argument checked here, once, then handed to one
 * of two implementations of {@link KernelSupport}.
 *
 * <p>{@link ScalarKernels} is plain Java and runs everywhere; {@code VectorKernels} (package
 * {@code dev.vecgrad.core.simd}) uses the Vector API. {@link KernelProvider#get()} picks one
 * once per JVM. Tests hold the two to each other. The implementations check nothing: a wrong
 * size fails here with a message naming it, rather than with an index exception from deep
 * inside a loop (or, worse, by silently reading a neighbour's data).
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Arrays are addressed BLAS-style: an array, an offset, and for matrices a leading
 *       dimension (the distance between the starts of two rows, row-major).</li>
 *   <li>Element-wise kernels write to {@code out}, which may be the same run as an input
 *       (in place) but must not partly overlap one.</li>
 *   <li>{@code beta} follows BLAS: the output is scaled by {@code beta} before the result
 *       is added, and when {@code beta == 0} the output is not read at all, so stale
 *       NaNs in a recycled buffer never leak into a result. The backward kernels take one
 *       too, so a gradient is written (beta 0) or added to (beta 1) in the same pass.</li>
 *   <li>NaN in, NaN out: no kernel clips or hides a NaN or an infinity.</li>
 * </ul>
 *
 * <h2>What is bit-identical between the two implementations</h2>
 * Every element-wise kernel (including sigmoid and tanh, which use the polynomials of
 * {@link FloatMath} in both), the Adam update, {@link #columnSums}, max pooling, the random
 * fills, {@link #reluHiddenDot} with its gradients and {@link #sigmoidCrossEntropySum} give
 * the same bits in both implementations. Kernels that reduce along a vector ({@link #gemm}, the convolutions,
 * {@link #dot}, {@link #sum}, {@link #rowSums}) add in a different order, so they agree only
 * to rounding; the tests bound that difference.
 */
public final class Kernels {

    private final KernelSupport impl;

    /** Checked kernels over {@code impl}; {@link KernelProvider} makes them. */
    Kernels(KernelSupport impl) {
        this.impl = Objects.requireNonNull(impl, "impl");
    }

    /** {@code "simd"} or {@code "scalar"}. */
    public String name() {
        return impl.name();
    }

    /** One line for logs: the name and, for SIMD, the vector shape in use. */
    public String description() {
        return impl.description();
    }

    @Override
    public String toString() {
        return description();
    }

    // ---------------------------------------------------------------- matrix products

    /**
     * General matrix multiply: {@code C = alpha * op(A) * op(B) + beta * C}, where
     * {@code op(X)} is {@code X} or its transpose.
     *
     * <p>{@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n}, {@code C} is
     * {@code m x n}. A stored matrix with leading dimension {@code ld} has element
     * {@code (r, c)} at {@code off + r * ld + c}; so with {@code transA}, {@code A} is
     * stored as {@code k x m} and {@code lda >= m}.
     *
     * @throws IllegalArgumentException if a size is negative, a leading dimension is too
     *         small, or a matrix does not fit in its array
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        KernelChecks.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        impl.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@code sum_i x[i] * y[i]}. */
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        KernelChecks.range("dot x", x, xOff, n);
        KernelChecks.range("dot y", y, yOff, n);
        return impl.dot(n, x, xOff, y, yOff);
    }

    /**
     * A dense layer's forward pass in one kernel: {@code out = act(x w + bias)} for a dense
     * {@code m x k} matrix {@code x}, a dense {@code k x n} matrix {@code w} and a bias of
     * {@code n}, where {@code act} is ReLU when {@code relu} and the identity otherwise. For the
     * thin products of small networks the bias and the activation are applied while each
     * output is still in a register, instead of in two more passes over the output.
     */
    public void linear(boolean relu, int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                       float[] bias, int biasOff, float[] out, int outOff) {
        KernelChecks.gemm(false, false, m, n, k, x, xOff, Math.max(1, k), w, wOff, Math.max(1, n), out, outOff,
                Math.max(1, n));
        KernelChecks.range("linear bias", bias, biasOff, n);
        impl.linear(relu, m, n, k, x, xOff, w, wOff, bias, biasOff, out, outOff);
    }

    // ---------------------------------------------------------------- convolution

    /**
     * A direct 2-D convolution of {@code batch} NHWC images, without a patch matrix:
     * {@code out = act(conv(x, k) + bias)}, act = ReLU or identity, with "valid" padding (pad
     * the input first for "same", see {@link dev.vecgrad.core.conv.ZeroPadding}) and the
     * window's strides. {@code x} holds {@code batch * w.inSize()} floats, the kernel
     * {@code (windowH, windowW, channels, filters)}, the output
     * {@code (batch, outHeight, outWidth, filters)}; {@code bias} ({@code filters}) may be null.
     *
     * @throws IllegalArgumentException if the window is not "valid", filters or batch is
     *         below 1, or an array is too short
     */
    public void conv2d(Window2d w, int filters, int batch, float[] x, int xOff, float[] k, int kOff,
                       float[] bias, int biasOff, boolean relu, float[] out, int outOff) {
        KernelChecks.conv("conv2d", w, filters, batch);
        KernelChecks.range("conv2d input", x, xOff, batch * w.inSize());
        KernelChecks.range("conv2d kernel", k, kOff, w.patchSize() * filters);
        if (bias != null) {
            KernelChecks.range("conv2d bias", bias, biasOff, filters);
        }
        KernelChecks.range("conv2d output", out, outOff, batch * w.outPositions() * filters);
        impl.conv2d(w, filters, batch, x, xOff, k, kOff, bias, biasOff, relu, out, outOff);
    }

    /**
     * {@link #conv2d}'s input gradient: {@code dx = beta * dx +} the gradient of
     * {@code sum(g * conv(x, k))} with respect to x, for an output gradient g of the output's
     * shape; dx has the input's.
     */
    public void conv2dBackwardData(Window2d w, int filters, int batch, float[] g, int gOff, float[] k, int kOff,
                                   float beta, float[] dx, int dxOff) {
        KernelChecks.conv("conv2d input gradient", w, filters, batch);
        KernelChecks.range("conv2d output gradient", g, gOff, batch * w.outPositions() * filters);
        KernelChecks.range("conv2d kernel", k, kOff, w.patchSize() * filters);
        KernelChecks.range("conv2d input gradient", dx, dxOff, batch * w.inSize());
        impl.conv2dBackwardData(w, filters, batch, g, gOff, k, kOff, beta, dx, dxOff);
    }

    /**
     * {@link #conv2d}'s kernel gradient: {@code dk = beta * dk +} the gradient of
     * {@code sum(g * conv(x, k))} with respect to k, shape {@code (windowH, windowW, channels, filters)}.
     */
    public void conv2dBackwardKernel(Window2d w, int filters, int batch, float[] x, int xOff, float[] g, int gOff,
                                     float beta, float[] dk, int dkOff) {
        KernelChecks.conv("conv2d kernel gradient", w, filters, batch);
        KernelChecks.range("conv2d input", x, xOff, batch * w.inSize());
        KernelChecks.range("conv2d output gradient", g, gOff, batch * w.outPositions() * filters);
        KernelChecks.range("conv2d kernel gradient", dk, dkOff, w.patchSize() * filters);
        impl.conv2dBackwardKernel(w, filters, batch, x, xOff, g, gOff, beta, dk, dkOff);
    }

    /**
     * 2-D max pooling of {@code batch} NHWC images, per channel: {@code out[n, oy, ox, c]} is
     * the maximum of window {@code (oy, ox)} of channel c (padding positions take no part).
     * Both implementations give the same bits.
     */
    public void maxPool2d(Window2d w, int batch, float[] x, int xOff, float[] out, int outOff) {
        KernelChecks.pool("maxPool2d", w, batch);
        KernelChecks.range("maxPool2d input", x, xOff, batch * w.inSize());
        KernelChecks.range("maxPool2d output", out, outOff, batch * w.outPositions() * w.channels());
        impl.maxPool2d(w, batch, x, xOff, out, outOff);
    }

    /**
     * {@link #maxPool2d}'s backward rule: {@code dx = beta * dx +} each {@code g[n, oy, ox, c]} at
     * the first element of its window, in row-major order, equal to the window's maximum
     * {@code out[n, oy, ox, c]} (found again from x, not stored). Both implementations give the
     * same bits.
     *
     * @throws IllegalStateException if no element of a window equals its maximum (a NaN in x)
     */
    public void maxPool2dBackward(Window2d w, int batch, float[] x, int xOff, float[] out, int outOff, float[] g,
                                  int gOff, float beta, float[] dx, int dxOff) {
        KernelChecks.pool("maxPool2d gradient", w, batch);
        int outSize = batch * w.outPositions() * w.channels();
        KernelChecks.range("maxPool2d input", x, xOff, batch * w.inSize());
        KernelChecks.range("maxPool2d output", out, outOff, outSize);
        KernelChecks.range("maxPool2d output gradient", g, gOff, outSize);
        KernelChecks.range("maxPool2d input gradient", dx, dxOff, batch * w.inSize());
        impl.maxPool2dBackward(w, batch, x, xOff, out, outOff, g, gOff, beta, dx, dxOff);
    }

    // ---------------------------------------------------------------- element-wise arithmetic

    /**
     * {@code y[i] = alpha * x[i] + beta * y[i]}, with one rounding ({@code fma(alpha, x[i], beta * y[i])});
     * {@code y} is not read when {@code beta == 0}. With beta 1 it is BLAS's axpy; it is also how a
     * gradient passes through an op unchanged (alpha 1) or scaled.
     */
    public void axpby(int n, float alpha, float[] x, int xOff, float beta, float[] y, int yOff) {
        KernelChecks.range("axpby x", x, xOff, n);
        KernelChecks.range("axpby y", y, yOff, n);
        impl.axpby(n, alpha, x, xOff, beta, y, yOff);
    }

    /** {@code out[i] = alpha * x[i]}. */
    public void scale(int n, float alpha, float[] x, int xOff, float[] out, int outOff) {
        KernelChecks.unary("scale", n, x, xOff, out, outOff);
        impl.scale(n, alpha, x, xOff, out, outOff);
    }

    /** {@code out[i] = a[i] + b[i]}. */
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        KernelChecks.binary("add", n, a, aOff, b, bOff, out, outOff);
        impl.add(n, a, aOff, b, bOff, out, outOff);
    }

    /** {@code out[i] = a[i] - b[i]}. */
    public void sub(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        KernelChecks.binary("sub", n, a, aOff, b, bOff, out, outOff);
        impl.sub(n, a, aOff, b, bOff, out, outOff);
    }

    /** {@code out[i] = a[i] * b[i]}. */
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        KernelChecks.binary("mul", n, a, aOff, b, bOff, out, outOff);
        impl.mul(n, a, aOff, b, bOff, out, outOff);
    }

    /**
     * {@code out[i] = a[i] * b[i] + beta * out[i]}, with one rounding ({@code fma(a[i], b[i], beta * out[i])});
     * {@code out} is not read when {@code beta == 0}. The product rule's backward kernel.
     */
    public void mulAdd(int n, float[] a, int aOff, float[] b, int bOff, float beta, float[] out, int outOff) {
        KernelChecks.binary("mulAdd", n, a, aOff, b, bOff, out, outOff);
        impl.mulAdd(n, a, aOff, b, bOff, beta, out, outOff);
    }

    /**
     * A step function: {@code out[i] = x[i] >= threshold ? atOrAbove : below}. With uniform
     * draws as {@code x} this makes an inverted-dropout mask.
     */
    public void threshold(int n, float[] x, int xOff, float threshold, float below, float atOrAbove,
                          float[] out, int outOff) {
        KernelChecks.unary("threshold", n, x, xOff, out, outOff);
        impl.threshold(n, x, xOff, threshold, below, atOrAbove, out, outOff);
    }

    /**
     * Bias add, broadcasting a row vector over the rows of a matrix:
     * {@code out[r][c] = x[r][c] + bias[c]} for a {@code rows x cols} matrix stored densely.
     */
    public void addBias(int rows, int cols, float[] x, int xOff, float[] bias, int biasOff,
                        float[] out, int outOff) {
        KernelChecks.dense("addBias x", x, xOff, rows, cols);
        KernelChecks.range("addBias bias", bias, biasOff, cols);
        KernelChecks.dense("addBias out", out, outOff, rows, cols);
        impl.addBias(rows, cols, x, xOff, bias, biasOff, out, outOff);
    }

    // ---------------------------------------------------------------- reductions

    /** {@code sum_i x[i]}. */
    public float sum(int n, float[] x, int xOff) {
        KernelChecks.range("sum x", x, xOff, n);
        return impl.sum(n, x, xOff);
    }

    /**
     * Column sums of a dense {@code rows x cols} matrix (the bias gradient):
     * {@code out[c] = beta * out[c] + sum_r x[r][c]}, adding rows in order.
     */
    public void columnSums(int rows, int cols, float[] x, int xOff, float beta, float[] out, int outOff) {
        KernelChecks.dense("columnSums x", x, xOff, rows, cols);
        KernelChecks.range("columnSums out", out, outOff, cols);
        impl.columnSums(rows, cols, x, xOff, beta, out, outOff);
    }

    /** Row sums of a dense {@code rows x cols} matrix: {@code out[r] = beta * out[r] + sum_c x[r][c]}. */
    public void rowSums(int rows, int cols, float[] x, int xOff, float beta, float[] out, int outOff) {
        KernelChecks.dense("rowSums x", x, xOff, rows, cols);
        KernelChecks.range("rowSums out", out, outOff, rows);
        impl.rowSums(rows, cols, x, xOff, beta, out, outOff);
    }

    // ---------------------------------------------------------------- activations

    /** {@code out[i] = max(x[i], 0)}. */
    public void relu(int n, float[] x, int xOff, float[] out, int outOff) {
        KernelChecks.unary("relu", n, x, xOff, out, outOff);
        impl.relu(n, x, xOff, out, outOff);
    }

    /**
     * ReLU's backward rule: {@code out[i] = (x[i] > 0 ? grad[i] : 0) + beta * out[i]}, where
     * {@code x} is the ReLU's input (or its output: the sign test is the same). The derivative
     * at 0 is taken as 0, as in Keras and PyTorch. Like every backward kernel, with beta 0 it
     * writes the gradient and with beta 1 adds to it, in one rounding ({@code fma(beta, out[i], value)}),
     * and does not read {@code out} when beta is 0.
     */
    public void reluBackward(int n, float[] x, int xOff, float[] grad, int gradOff, float beta,
                             float[] out, int outOff) {
        KernelChecks.binary("reluBackward", n, x, xOff, grad, gradOff, out, outOff);
        impl.reluBackward(n, x, xOff, grad, gradOff, beta, out, outOff);
    }

    /**
     * ReLU's backward rule on a dense {@code rows x cols} matrix together with the bias
     * gradient of the layer before it: {@code out[r][c] = y[r][c] > 0 ? grad[r][c] : 0} and
     * {@code biasGrad[c] = beta * biasGrad[c] + sum_r out[r][c]}, in one pass over the rows.
     * {@code out} may be {@code grad} itself.
     */
    public void reluBackwardBiasGrad(int rows, int cols, float[] y, int yOff, float[] grad, int gradOff,
                                     float[] out, int outOff, float beta, float[] biasGrad, int biasGradOff) {
        KernelChecks.dense("reluBackwardBiasGrad y", y, yOff, rows, cols);
        KernelChecks.dense("reluBackwardBiasGrad grad", grad, gradOff, rows, cols);
        KernelChecks.dense("reluBackwardBiasGrad out", out, outOff, rows, cols);
        KernelChecks.range("reluBackwardBiasGrad biasGrad", biasGrad, biasGradOff, cols);
        impl.reluBackwardBiasGrad(rows, cols, y, yOff, grad, gradOff, out, outOff, beta, biasGrad, biasGradOff);
    }

    /** The most input features {@link #denseParamGrads} takes. */
    public static final int PARAM_GRADS_MAX_FEATURES = 4;

    /**
     * Both parameter gradients of a dense layer whose input needs none, in one pass over the
     * output's gradient: with {@code dZ} that gradient, masked by {@code y > 0} under a ReLU
     * ({@code y} the layer's output; unread, and may be null, without one),
     * {@code biasGrad[c] = biasBeta * biasGrad[c] + sum_r dZ[r][c]} and
     * {@code weightGrad = weightBeta * weightGrad + x^T dZ}, for {@code grad} (and {@code y})
     * {@code rows x cols}, {@code x} {@code rows x k} and {@code weightGrad} {@code k x cols},
     * all dense. dZ is never written. The bits are those of the kernels it stands for, on the
     * same kernel set: {@link #reluBackwardBiasGrad} into a dZ buffer (or {@link #columnSums}
     * of grad), then {@code gemm(true, false, k, cols, rows, 1, x, xOff, k, dZ, 0, cols,
     * weightBeta, weightGrad, weightGradOff, cols)}. k is at most
     * {@link #PARAM_GRADS_MAX_FEATURES} (the case study's first layer has 2), so every sum of a
     * column fits in registers.
     */
    public void denseParamGrads(boolean relu, int rows, int cols, int k, float[] y, int yOff, float[] grad,
                                int gradOff, float[] x, int xOff, float biasBeta, float[] biasGrad, int biasGradOff,
                                float weightBeta, float[] weightGrad, int weightGradOff) {
        if (k < 0 || k > PARAM_GRADS_MAX_FEATURES) {
            throw new IllegalArgumentException("denseParamGrads: k = " + k + " input features; it takes 0 to "
                    + PARAM_GRADS_MAX_FEATURES);
        }
        if (relu) {
            Objects.requireNonNull(y, "denseParamGrads y: a ReLU's mask needs the layer's output");
            KernelChecks.dense("denseParamGrads y", y, yOff, rows, cols);
        }
        KernelChecks.dense("denseParamGrads grad", grad, gradOff, rows, cols);
        KernelChecks.dense("denseParamGrads x", x, xOff, rows, k);
        KernelChecks.range("denseParamGrads biasGrad", biasGrad, biasGradOff, cols);
        KernelChecks.dense("denseParamGrads weightGrad", weightGrad, weightGradOff, k, cols);
        impl.denseParamGrads(relu, rows, cols, k, y, yOff, grad, gradOff, x, xOff, biasBeta, biasGrad, biasGradOff,
                weightBeta, weightGrad, weightGradOff);
    }

    /** The most input features {@link #reluHiddenDot} and {@link #reluHiddenDotGrads} take. */
    public static final int HIDDEN_DOT_MAX_FEATURES = 2;

    /**
     * A ReLU hidden layer and a one-unit output layer as one kernel:
     * {@code out[i] = b2 + sum_j relu(b1[j] + sum_f x[i][f] w1[f][j]) w2[j]}, for {@code x}
     * {@code m x k}, {@code w1} {@code k x n}, {@code b1} and {@code w2} of {@code n}, all dense,
     * and {@code out} of {@code m}. The hidden layer is never written. k is 1 or 2
     * ({@link #HIDDEN_DOT_MAX_FEATURES}: the case study's two coordinates).
     *
     * <p>The same bits in both implementations, which add in this order: {@code z =
     * fma(x[i][1], w1[1][j], fma(x[i][0], w1[0][j], b1[j]))} (the second term {@code fma(0, 0,
     * z)} when k is 1), {@code h = z < 0 ? 0 : z} (a NaN stays NaN), the even and the odd j
     * each summed in order by {@code s = fma(h, w2[j], s)} from 0, then {@code (even + odd) + b2}.
     */
    public void reluHiddenDot(int m, int n, int k, float[] x, int xOff, float[] w1, int w1Off, float[] b1, int b1Off,
                              float[] w2, int w2Off, float b2, float[] out, int outOff) {
        hiddenDotShapes(false, m, n, k, x, xOff, w1, w1Off, b1, b1Off, w2, w2Off);
        KernelChecks.range("reluHiddenDot out", out, outOff, m);
        impl.reluHiddenDot(m, n, k, x, xOff, w1, w1Off, b1, b1Off, w2, w2Off, b2, out, outOff);
    }

    /**
     * {@link #reluHiddenDot}'s parameter gradients for {@code grad}, the gradient of its
     * {@code m} outputs; x gets none. With {@code z} and {@code h} recomputed as the forward
     * pass computes them and {@code dz[i][j] = z > 0 ? grad[i] * w2[j] : 0}, every sum over the
     * rows in order from 0:
     * {@code w1Grad[f][j] = w1Beta * w1Grad[f][j] + sum_i x[i][f] dz[i][j]},
     * {@code b1Grad[j] = b1Beta * b1Grad[j] + sum_i dz[i][j]} and
     * {@code w2Grad[j] = w2Beta * w2Grad[j] + sum_i h[i][j] grad[i]} (each beta as in
     * {@link #gemm}, applied as {@code fma(old, beta, sum)}). The output bias's gradient is
     * the sum of grad ({@link #columnSums}). The same bits in both implementations.
     */
    public void reluHiddenDotGrads(int m, int n, int k, float[] x, int xOff, float[] w1, int w1Off, float[] b1,
                                   int b1Off, float[] w2, int w2Off, float[] grad, int gradOff, float w1Beta,
                                   float[] w1Grad, int w1GradOff, float b1Beta, float[] b1Grad, int b1GradOff,
                                   float w2Beta, float[] w2Grad, int w2GradOff) {
        hiddenDotShapes(true, m, n, k, x, xOff, w1, w1Off, b1, b1Off, w2, w2Off);
        KernelChecks.range("reluHiddenDotGrads grad", grad, gradOff, m);
        KernelChecks.dense("reluHiddenDotGrads w1Grad", w1Grad, w1GradOff, k, n);
        KernelChecks.range("reluHiddenDotGrads b1Grad", b1Grad, b1GradOff, n);
        KernelChecks.range("reluHiddenDotGrads w2Grad", w2Grad, w2GradOff, n);
        impl.reluHiddenDotGrads(m, n, k, x, xOff, w1, w1Off, b1, b1Off, w2, w2Off, grad, gradOff, w1Beta, w1Grad,
                w1GradOff, b1Beta, b1Grad, b1GradOff, w2Beta, w2Grad, w2GradOff);
    }

    /** The inputs both hidden-dot kernels read; {@code grads} names the second in messages (constant strings: no allocation). */
    private static void hiddenDotShapes(boolean grads, int m, int n, int k, float[] x, int xOff, float[] w1, int w1Off,
                                        float[] b1, int b1Off, float[] w2, int w2Off) {
        if (k < 1 || k > HIDDEN_DOT_MAX_FEATURES) {
            throw new IllegalArgumentException((grads ? "reluHiddenDotGrads" : "reluHiddenDot") + ": k = " + k
                    + " input features; it takes 1 to " + HIDDEN_DOT_MAX_FEATURES);
        }
        KernelChecks.dense(grads ? "reluHiddenDotGrads x" : "reluHiddenDot x", x, xOff, m, k);
        KernelChecks.dense(grads ? "reluHiddenDotGrads w1" : "reluHiddenDot w1", w1, w1Off, k, n);
        KernelChecks.range(grads ? "reluHiddenDotGrads b1" : "reluHiddenDot b1", b1, b1Off, n);
        KernelChecks.range(grads ? "reluHiddenDotGrads w2" : "reluHiddenDot w2", w2, w2Off, n);
    }

    /** {@code out[i] = 1 / (1 + exp(-x[i]))}. */
    public void sigmoid(int n, float[] x, int xOff, float[] out, int outOff) {
        KernelChecks.unary("sigmoid", n, x, xOff, out, outOff);
        impl.sigmoid(n, x, xOff, out, outOff);
    }

    /**
     * Sigmoid's backward rule from its output {@code y}:
     * {@code out[i] = grad[i] * (y[i] * (1 - y[i])) + beta * out[i]} (beta as in {@link #reluBackward}).
     */
    public void sigmoidBackward(int n, float[] y, int yOff, float[] grad, int gradOff, float beta,
                                float[] out, int outOff) {
        KernelChecks.binary("sigmoidBackward", n, y, yOff, grad, gradOff, out, outOff);
        impl.sigmoidBackward(n, y, yOff, grad, gradOff, beta, out, outOff);
    }

    /** {@code out[i] = tanh(x[i])}. */
    public void tanh(int n, float[] x, int xOff, float[] out, int outOff) {
        KernelChecks.unary("tanh", n, x, xOff, out, outOff);
        impl.tanh(n, x, xOff, out, outOff);
    }

    /**
     * Tanh's backward rule from its output {@code y}:
     * {@code out[i] = grad[i] * (1 - y[i]^2) + beta * out[i]} (beta as in {@link #reluBackward}).
     */
    public void tanhBackward(int n, float[] y, int yOff, float[] grad, int gradOff, float beta,
                             float[] out, int outOff) {
        KernelChecks.binary("tanhBackward", n, y, yOff, grad, gradOff, out, outOff);
        impl.tanhBackward(n, y, yOff, grad, gradOff, beta, out, outOff);
    }

    // ---------------------------------------------------------------- losses

    /**
     * The sum of the binary cross-entropies of {@code sigmoid(z[i])} against labels {@code y[i]}
     * ({@link FloatMath#sigmoidCrossEntropy}): each term in float, added in order in double,
     * the same bits from every kernel set.
     */
    public double sigmoidCrossEntropySum(int n, float[] z, int zOff, float[] y, int yOff) {
        KernelChecks.range("sigmoidCrossEntropySum z", z, zOff, n);
        KernelChecks.range("sigmoidCrossEntropySum y", y, yOff, n);
        return impl.sigmoidCrossEntropySum(n, z, zOff, y, yOff);
    }

    // ---------------------------------------------------------------- optimizer

    /**
     * One Adam step in the form Keras uses, on {@code n} parameters:
     * <pre>
     *   m = beta1 * m + (1 - beta1) * g
     *   v = beta2 * v + (1 - beta2) * g * g
     *   p = p - stepSize * m / (sqrt(v) + epsilon)
     * </pre>
     * where the caller folds the bias corrections into
     * {@code stepSize = lr * sqrt(1 - beta2^t) / (1 - beta1^t)}. Note that epsilon is added
     * to {@code sqrt(v)} without v's bias correction ("epsilon hat"), as Keras does; PyTorch
     * adds it after the correction.
     */
    public void adamUpdate(int n, float[] param, int pOff, float[] grad, int gOff, float[] m, int mOff,
                           float[] v, int vOff, float beta1, float beta2, float stepSize, float epsilon) {
        KernelChecks.adam(n, param, pOff, grad, gOff, m, mOff, v, vOff);
        impl.adamUpdate(n, param, pOff, grad, gOff, m, mOff, v, vOff, beta1, beta2, stepSize, epsilon);
    }

    // ---------------------------------------------------------------- accuracy

    /** For each row of a dense {@code rows x cols} matrix, the index of its largest value (first on ties). */
    public void argmaxRows(int rows, int cols, float[] x, int xOff, int[] out, int outOff) {
        KernelChecks.dense("argmaxRows x", x, xOff, rows, cols);
        KernelChecks.range("argmaxRows out", out, outOff, rows);
        if (cols == 0 && rows > 0) {
            throw new IllegalArgumentException("argmaxRows: rows have no columns");
        }
        impl.argmaxRows(rows, cols, x, xOff, out, outOff);
    }

    /**
     * How many predictions match their labels, Keras's binary accuracy: prediction {@code i}
     * is 1 when {@code scores[i] > threshold} and 0 otherwise, and it matches when it equals
     * {@code labels[i]} (labels are 0 or 1).
     */
    public int countThresholdMatches(int n, float[] scores, int sOff, float threshold, float[] labels, int lOff) {
        KernelChecks.range("countThresholdMatches scores", scores, sOff, n);
        KernelChecks.range("countThresholdMatches labels", labels, lOff, n);
        return impl.countThresholdMatches(n, scores, sOff, threshold, labels, lOff);
    }

    // ---------------------------------------------------------------- random fills

    /**
     * Fills {@code out[off .. off+n)} with uniform floats in {@code [0, 1)} on a 2^-24 grid:
     * values {@code index .. index+n-1} of the counter-based stream {@code (seed, stream)}.
     * Value {@code i} depends only on {@code (seed, stream, i)}: not on how a range is split
     * into calls, on the vector width or on the thread. See {@link Philox}.
     */
    public void fillUniform(long seed, long stream, long index, float[] out, int off, int n) {
        Philox.checkFill(index, out, off, n);
        impl.fillUniform(seed, stream, index, out, off, n);
    }

    /**
     * Fills {@code out[off .. off+n)} with normal draws {@code mean + stddev * z}: values
     * {@code index .. index+n-1} of the stream {@code (seed, stream)}, with the same
     * independence guarantees as {@link #fillUniform}. See
     * {@link dev.vecgrad.core.random.Gaussians} for how {@code z} is made.
     */
    public void fillGaussian(long seed, long stream, long index, float[] out, int off, int n,
                             float mean, float stddev) {
        KernelChecks.normal("fillGaussian", mean, stddev);
        Philox.checkFill(index, out, off, n);
        impl.fillGaussian(seed, stream, index, out, off, n, mean, stddev);
    }

    /**
     * Additive Gaussian noise: {@code out[i] = x[i] + stddev * z_i}, where {@code z_i} are
     * values {@code index ..} of the stream as {@link #fillGaussian} draws them (so the result
     * is bit-identical to filling and adding). The noise is never written to memory whole.
     */
    public void addGaussianNoise(long seed, long stream, long index, float[] x, int xOff, float[] out, int outOff,
                                 int n, float stddev) {
        KernelChecks.normal("addGaussianNoise", 0f, stddev);
        KernelChecks.range("addGaussianNoise x", x, xOff, n);
        Philox.checkFill(index, out, outOff, n);
        impl.addGaussianNoise(seed, stream, index, x, xOff, out, outOff, n, stddev);
    }
}
