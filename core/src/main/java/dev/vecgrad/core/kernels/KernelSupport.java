package dev.vecgrad.core.kernels;

import dev.vecgrad.core.conv.Window2d;

/**
 * The kernels without their argument checks: what {@link ScalarKernels} and the Vector API's
 * {@code VectorKernels} implement, and what {@link Kernels} calls after checking.
 *
 * <p>Every method has the meaning, and the argument order, of the {@link Kernels} method of the
 * same name; the contract differs in one point: an implementation may assume its arguments
 * are valid (sizes non-negative, every run inside its array, stddev finite and non-negative),
 * because {@link Kernels} checked them. That keeps the checks in one place, out of the loops,
 * and lets a SIMD kernel hand its last few elements to the scalar twin without checking
 * again (as Lucene's {@code VectorUtil} fronts its {@code VectorUtilSupport}).
 *
 * <p>Not for use outside the kernels: call {@link KernelProvider#get()} for checked kernels.
 */
public interface KernelSupport {

    String name();

    String description();

    // ---------------------------------------------------------------- matrix products

    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float alpha, float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    float dot(int n, float[] x, int xOff, float[] y, int yOff);

    void linear(boolean relu, int m, int n, int k, float[] x, int xOff, float[] w, int wOff,
                float[] bias, int biasOff, float[] out, int outOff);

    // ---------------------------------------------------------------- convolution

    void conv2d(Window2d w, int filters, int batch, float[] x, int xOff, float[] k, int kOff,
                float[] bias, int biasOff, boolean relu, float[] out, int outOff);

    void conv2dBackwardData(Window2d w, int filters, int batch, float[] g, int gOff, float[] k, int kOff,
                            float beta, float[] dx, int dxOff);

    void conv2dBackwardKernel(Window2d w, int filters, int batch, float[] x, int xOff, float[] g, int gOff,
                              float beta, float[] dk, int dkOff);

    void maxPool2d(Window2d w, int batch, float[] x, int xOff, float[] out, int outOff);

    void maxPool2dBackward(Window2d w, int batch, float[] x, int xOff, float[] out, int outOff, float[] g, int gOff,
                           float beta, float[] dx, int dxOff);

    // ---------------------------------------------------------------- element-wise arithmetic

    void axpby(int n, float alpha, float[] x, int xOff, float beta, float[] y, int yOff);

    void scale(int n, float alpha, float[] x, int xOff, float[] out, int outOff);

    void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    void sub(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    void mulAdd(int n, float[] a, int aOff, float[] b, int bOff, float beta, float[] out, int outOff);

    void threshold(int n, float[] x, int xOff, float threshold, float below, float atOrAbove,
                   float[] out, int outOff);

    void addBias(int rows, int cols, float[] x, int xOff, float[] bias, int biasOff,
                 float[] out, int outOff);

    // ---------------------------------------------------------------- reductions

    float sum(int n, float[] x, int xOff);

    void columnSums(int rows, int cols, float[] x, int xOff, float beta, float[] out, int outOff);

    void rowSums(int rows, int cols, float[] x, int xOff, float beta, float[] out, int outOff);

    // ---------------------------------------------------------------- activations

    void relu(int n, float[] x, int xOff, float[] out, int outOff);

    void reluBackward(int n, float[] x, int xOff, float[] grad, int gradOff, float beta, float[] out, int outOff);

    void reluBackwardBiasGrad(int rows, int cols, float[] y, int yOff, float[] grad, int gradOff,
                              float[] out, int outOff, float beta, float[] biasGrad, int biasGradOff);

    void denseParamGrads(boolean relu, int rows, int cols, int k, float[] y, int yOff, float[] grad, int gradOff,
                         float[] x, int xOff, float biasBeta, float[] biasGrad, int biasGradOff,
                         float weightBeta, float[] weightGrad, int weightGradOff);

    void reluHiddenDot(int m, int n, int k, float[] x, int xOff, float[] w1, int w1Off, float[] b1, int b1Off,
                       float[] w2, int w2Off, float b2, float[] out, int outOff);

    void reluHiddenDotGrads(int m, int n, int k, float[] x, int xOff, float[] w1, int w1Off, float[] b1, int b1Off,
                            float[] w2, int w2Off, float[] grad, int gradOff, float w1Beta, float[] w1Grad,
                            int w1GradOff, float b1Beta, float[] b1Grad, int b1GradOff, float w2Beta, float[] w2Grad,
                            int w2GradOff);

    void sigmoid(int n, float[] x, int xOff, float[] out, int outOff);

    void sigmoidBackward(int n, float[] y, int yOff, float[] grad, int gradOff, float beta, float[] out, int outOff);

    void tanh(int n, float[] x, int xOff, float[] out, int outOff);

    void tanhBackward(int n, float[] y, int yOff, float[] grad, int gradOff, float beta, float[] out, int outOff);

    // ---------------------------------------------------------------- losses

    double sigmoidCrossEntropySum(int n, float[] z, int zOff, float[] y, int yOff);

    // ---------------------------------------------------------------- optimizer

    void adamUpdate(int n, float[] param, int pOff, float[] grad, int gOff, float[] m, int mOff,
                    float[] v, int vOff, float beta1, float beta2, float stepSize, float epsilon);

    // ---------------------------------------------------------------- accuracy

    void argmaxRows(int rows, int cols, float[] x, int xOff, int[] out, int outOff);

    int countThresholdMatches(int n, float[] scores, int sOff, float threshold, float[] labels, int lOff);

    // ---------------------------------------------------------------- random fills

    void fillUniform(long seed, long stream, long index, float[] out, int off, int n);

    void fillGaussian(long seed, long stream, long index, float[] out, int off, int n,
                      float mean, float stddev);

    void addGaussianNoise(long seed, long stream, long index, float[] x, int xOff, float[] out, int outOff, int n,
                          float stddev);
}
