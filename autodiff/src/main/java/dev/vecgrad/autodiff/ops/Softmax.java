package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;
import dev.vecgrad.core.Shapes;

/**
 * Softmax along the last axis: {@code y_j = exp(z_j - max z) / sum_k exp(z_k - max z)}.
 * Backward from the output: {@code dz = y * (g - sum_j g_j y_j)}, row by row. For training
 * a classifier prefer {@link SoftmaxCrossEntropy}, which fuses this with the loss.
 */
public final class Softmax implements Op {

    private static final Softmax OP = new Softmax();

    private Softmax() {
    }

    public static Node apply(Node z) {
        if (z.rank() < 1 || z.dim(-1) == 0) {
            throw new IllegalArgumentException("softmax needs a non-empty last axis, got " + Shapes.format(z.shape()));
        }
        Node out = z.tape().outputLike(OP, z, z);
        int cols = z.dim(-1);
        rowSoftmax(z.data(), z.offset(), z.size() / cols, cols, out.data(), 0);
        return out;
    }

    /** Row-wise softmax of a dense {@code rows x cols} block, in double for the normalizer. */
    public static void rowSoftmax(float[] z, int zOff, int rows, int cols, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int row = zOff + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[row + j]);
            }
            double total = 0;
            for (int j = 0; j < cols; j++) {
                total += Math.exp((double) z[row + j] - max);
            }
            for (int j = 0; j < cols; j++) {
                out[outOff + r * cols + j] = (float) (Math.exp((double) z[row + j] - max) / total);
            }
        }
    }

    @Override
    public void backward(Node out) {
        Node z = out.input(0);
        if (!z.requiresGrad()) {
            return;
        }
        var tape = out.tape();
        int cols = out.dim(-1);
        int rows = out.size() / cols;
        float[] y = out.data();
        float[] g = out.gradData();
        float beta = tape.claimGrad(z);
        float[] dz = z.gradData();
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += (double) g[row + j] * y[row + j];
            }
            for (int j = 0; j < cols; j++) {
                dz[row + j] = Elementwise.accumulate((float) (y[row + j] * (g[row + j] - dot)), beta, dz, row + j);
            }
        }
    }
}
