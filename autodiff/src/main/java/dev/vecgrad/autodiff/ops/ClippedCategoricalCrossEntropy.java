package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/**
 * Categorical cross-entropy of probability rows {@code p} against label rows {@code y}, as
 * Keras computes it when not given logits: each row is renormalized to sum to 1, clipped to
 * {@code [eps, 1 - eps]}, and {@code loss = mean_rows( -sum_j y_j log q_j )}. Backward through
 * the normalization (zero where the clip is active). From a softmax, prefer
 * {@link SoftmaxCrossEntropy} on its input.
 */
public final class ClippedCategoricalCrossEntropy implements Op {

    private static final ClippedCategoricalCrossEntropy OP = new ClippedCategoricalCrossEntropy();
    private static final double EPSILON = ClippedBinaryCrossEntropy.EPSILON;

    private ClippedCategoricalCrossEntropy() {
    }

    public static Node apply(Node probabilities, Node labels) {
        Elementwise.requireSameShape("categoricalCrossEntropy", probabilities, labels);
        if (probabilities.rank() < 1 || probabilities.size() == 0) {
            throw new IllegalArgumentException("categoricalCrossEntropy of an empty batch");
        }
        Node out = probabilities.tape().outputScalar(OP, probabilities, labels);
        int cols = probabilities.dim(-1);
        int rows = probabilities.size() / cols;
        float[] p = probabilities.data();
        float[] y = labels.data();
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int row = probabilities.offset() + r * cols;
            double sum = rowSum(p, row, cols);
            for (int j = 0; j < cols; j++) {
                double yj = y[labels.offset() + r * cols + j];
                if (yj != 0) {
                    total -= yj * Math.log(clip(p[row + j] / sum));
                }
            }
        }
        out.data()[0] = (float) (total / rows);
        return out;
    }

    static double rowSum(float[] p, int off, int cols) {
        double s = 0;
        for (int j = 0; j < cols; j++) {
            s += p[off + j];
        }
        return s;
    }

    static double clip(double q) {
        return Math.min(Math.max(q, EPSILON), 1 - EPSILON);
    }

    @Override
    public void backward(Node out) {
        Node probabilities = out.input(0);
        Node labels = out.input(1);
        var tape = out.tape();
        int cols = probabilities.dim(-1);
        int rows = probabilities.size() / cols;
        double g = out.gradData()[0] / (double) rows;
        float[] p = probabilities.data();
        float[] y = labels.data();
        if (probabilities.requiresGrad()) {
            float beta = tape.claimGrad(probabilities);
            float[] dp = probabilities.gradData();
            for (int r = 0; r < rows; r++) {
                int row = probabilities.offset() + r * cols;
                double sum = rowSum(p, row, cols);
                // dL/dq_j = -y_j / q_j where q is not clipped; dq_j/dp_k = (delta_jk - q_j) / sum.
                double weighted = 0;
                for (int j = 0; j < cols; j++) {
                    weighted += dLossDq(p[row + j] / sum, y[labels.offset() + r * cols + j]) * (p[row + j] / sum);
                }
                for (int k = 0; k < cols; k++) {
                    double dq = dLossDq(p[row + k] / sum, y[labels.offset() + r * cols + k]);
                    dp[r * cols + k] = Elementwise.accumulate((float) ((dq - weighted) / sum * g), beta, dp, r * cols + k);
                }
            }
        }
        if (labels.requiresGrad()) {
            float beta = tape.claimGrad(labels);
            float[] dy = labels.gradData();
            for (int r = 0; r < rows; r++) {
                int row = probabilities.offset() + r * cols;
                double sum = rowSum(p, row, cols);
                for (int j = 0; j < cols; j++) {
                    float value = (float) (-Math.log(clip(p[row + j] / sum)) * g);
                    dy[r * cols + j] = Elementwise.accumulate(value, beta, dy, r * cols + j);
                }
            }
        }
    }

    private static double dLossDq(double q, double y) {
        return q < EPSILON || q > 1 - EPSILON ? 0 : -y / q;
    }
}
