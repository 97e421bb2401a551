package dev.vecgrad.core.kernels;

/**
 * The numeric kernels vecgrad runs on: one interface, two implementations.
 *
 * <p>{@link ScalarKernels} is plain Java and runs everywhere; {@code VectorKernels} (package
 * {@code dev.vecgrad.core.simd}) uses the Vector API. {@link KernelProvider#get()} picks one
 * once per JVM. Tests hold the two to each other.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Arrays are addressed BLAS-style: an array, an offset, and for matrices a leading
 *       dimension (the distance between the starts of two rows, row-major).</li>
 *   <li>Element-wise kernels write to {@code out}, which may be the same run as an input
 *       (in place) but must not partly overlap one.</li>
 *   <li>{@code beta} follows BLAS: the output is scaled by {@code beta} before the result
 *       is added, and when {@code beta == 0} the output is not read at all, so stale
 *       NaNs in a recycled buffer never leak into a result.</li>
 *   <li>NaN in, NaN out: no kernel clips or hides a NaN or an infinity.</li>
 * </ul>
 *
 * <h2>What is bit-identical between the two implementations</h2>
 * Every element-wise kernel (including sigmoid and tanh, which use the polynomials of
 * {@link FloatMath} in both), the Adam update, {@link #columnSums} and both random fills
 * give the same bits in both implementations. Kernels that reduce along a vector
 * ({@link #gemm}, {@link #dot}, {@link #sum}, {@link #rowSums}) add in a different order,
 * so they agree only to rounding; the tests bound that difference.
 */
public interface Kernels {

    /** {@code "simd"} or {@code "scalar"}. */
    String name();

    /** One line for logs: the name and, for SIMD, the vector shape in use. */
    String description();

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
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float alpha, float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /** {@code sum_i x[i] * y[i]}. */
    float dot(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * A dense layer's forward pass in one kernel: {@code out = act(x w + bias)} for a dense
     * {@code m x k} matrix {@code x}, a dense {@code k x n} matrix {@code w} and a bias of
     * {@code n}, where {@code act} is ReLU when {@code relu} and the identity otherwise. For the
     * thin products of small networks the bias and the activation are applied while each
     * output is still in a register, instead of in two more passes over the output.
     */
    void linear(boolean relu, int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                float[] bias, int biasOff, float[] out, int outOff);

    // ---------------------------------------------------------------- element-wise arithmetic

    /** {@code y[i] += alpha * x[i]} (one rounding: a fused multiply-add). */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code out[i] = alpha * x[i]}. */
    void scale(int n, float alpha, float[] x, int xOff, float[] out, int outOff);

    /** {@code out[i] = a[i] + b[i]}. */
    void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /** {@code out[i] = a[i] - b[i]}. */
    void sub(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /** {@code out[i] = a[i] * b[i]}. */
    void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /** {@code out[i] = fma(a[i], b[i], out[i])}: a product added into {@code out} with one rounding. */
    void mulAdd(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /**
     * A step function: {@code out[i] = x[i] >= threshold ? atOrAbove : below}. With uniform
     * draws as {@code x} this makes an inverted-dropout mask.
     */
    void threshold(int n, float[] x, int xOff, float threshold, float below, float atOrAbove,
                   float[] out, int outOff);

    /**
     * Bias add, broadcasting a row vector over the rows of a matrix:
     * {@code out[r][c] = x[r][c] + bias[c]} for a {@code rows x cols} matrix stored densely.
     */
    void addBias(int rows, int cols, float[] x, int xOff, float[] bias, int biasOff,
                 float[] out, int outOff);

    // ---------------------------------------------------------------- reductions

    /** {@code sum_i x[i]}. */
    float sum(int n, float[] x, int xOff);

    /**
     * Column sums of a dense {@code rows x cols} matrix (the bias gradient):
     * {@code out[c] = beta * out[c] + sum_r x[r][c]}, adding rows in order.
     */
    void columnSums(int rows, int cols, float[] x, int xOff, float beta, float[] out, int outOff);

    /** Row sums of a dense {@code rows x cols} matrix: {@code out[r] = beta * out[r] + sum_c x[r][c]}. */
    void rowSums(int rows, int cols, float[] x, int xOff, float beta, float[] out, int outOff);

    // ---------------------------------------------------------------- activations

    /** {@code out[i] = max(x[i], 0)}. */
    void relu(int n, float[] x, int xOff, float[] out, int outOff);

    /**
     * ReLU's backward rule: {@code out[i] = x[i] > 0 ? grad[i] : 0}, where {@code x} is
     * the ReLU's input (or its output: the sign test is the same). The derivative at 0 is
     * taken as 0, as in Keras and PyTorch.
     */
    void reluBackward(int n, float[] x, int xOff, float[] grad, int gradOff, float[] out, int outOff);

    /**
     * ReLU's backward rule on a dense {@code rows x cols} matrix together with the bias
     * gradient of the layer before it: {@code out[r][c] = y[r][c] > 0 ? grad[r][c] : 0} and
     * {@code biasGrad[c] = beta * biasGrad[c] + sum_r out[r][c]}, in one pass over the rows.
     * {@code out} may be {@code grad} itself.
     */
    void reluBackwardBiasGrad(int rows, int cols, float[] y, int yOff, float[] grad, int gradOff,
                              float[] out, int outOff, float beta, float[] biasGrad, int biasGradOff);

    /** {@code out[i] = 1 / (1 + exp(-x[i]))}. */
    void sigmoid(int n, float[] x, int xOff, float[] out, int outOff);

    /** Sigmoid's backward rule from its output {@code y}: {@code out[i] = grad[i] * y[i] * (1 - y[i])}. */
    void sigmoidBackward(int n, float[] y, int yOff, float[] grad, int gradOff, float[] out, int outOff);

    /** {@code out[i] = tanh(x[i])}. */
    void tanh(int n, float[] x, int xOff, float[] out, int outOff);

    /** Tanh's backward rule from its output {@code y}: {@code out[i] = grad[i] * (1 - y[i]^2)}. */
    void tanhBackward(int n, float[] y, int yOff, float[] grad, int gradOff, float[] out, int outOff);

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
    void adamUpdate(int n, float[] param, int pOff, float[] grad, int gOff, float[] m, int mOff,
                    float[] v, int vOff, float beta1, float beta2, float stepSize, float epsilon);

    // ---------------------------------------------------------------- accuracy

    /** For each row of a dense {@code rows x cols} matrix, the index of its largest value (first on ties). */
    void argmaxRows(int rows, int cols, float[] x, int xOff, int[] out, int outOff);

    /**
     * How many predictions match their labels, Keras's binary accuracy: prediction {@code i}
     * is 1 when {@code scores[i] > threshold} and 0 otherwise, and it matches when it equals
     * {@code labels[i]} (labels are 0 or 1).
     */
    int countThresholdMatches(int n, float[] scores, int sOff, float threshold, float[] labels, int lOff);

    // ---------------------------------------------------------------- random fills

    /**
     * Fills {@code out[off .. off+n)} with uniform floats in {@code [0, 1)} on a 2^-24 grid:
     * values {@code index .. index+n-1} of the counter-based stream {@code (seed, stream)}.
     * Value {@code i} depends only on {@code (seed, stream, i)}: not on how a range is split
     * into calls, on the vector width or on the thread. See {@link dev.vecgrad.core.random.Philox}.
     */
    void fillUniform(long seed, long stream, long index, float[] out, int off, int n);

    /**
     * Fills {@code out[off .. off+n)} with normal draws {@code mean + stddev * z}: values
     * {@code index .. index+n-1} of the stream {@code (seed, stream)}, with the same
     * independence guarantees as {@link #fillUniform}. See
     * {@link dev.vecgrad.core.random.Gaussians} for how {@code z} is made.
     */
    void fillGaussian(long seed, long stream, long index, float[] out, int off, int n,
                      float mean, float stddev);

    /**
     * Additive Gaussian noise: {@code out[i] = x[i] + stddev * z_i}, where {@code z_i} are
     * values {@code index ..} of the stream as {@link #fillGaussian} draws them (so the result
     * is bit-identical to filling and adding). The noise is never written to memory whole.
     */
    void addGaussianNoise(long seed, long stream, long index, float[] x, int xOff, float[] out, int outOff, int n,
                          float stddev);
}
