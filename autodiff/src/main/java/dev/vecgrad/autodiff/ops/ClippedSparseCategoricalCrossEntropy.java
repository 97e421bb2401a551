package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/**
 * Cross-entropy of probability rows {@code p} against integer class labels, as Keras's
 * {@code sparse_categorical_crossentropy} computes it when not given logits: each row is
 * renormalized to sum to 1, clipped to {@code [eps, 1 - eps]}, and
 * {@code loss = mean_rows( -log q_label )}. Backward through the normalization (zero where
 * the clip is active); the labels get no gradient. From a softmax, prefer
 * {@link SparseSoftmaxCrossEntropy} on its input.
 */
public final class ClippedSparseCategoricalCrossEntropy implements Op {

    private static final ClippedSparseCategoricalCrossEntropy OP = new ClippedSparseCategoricalCrossEntropy();
    private static final double EPSILON = ClippedBinaryCrossEntropy.EPSILON;

    private ClippedSparseCategoricalCrossEntropy() {
    }

    /** @param labels one class index per row of {@code probabilities}, shape {@code (rows)} or {@code (rows, 1)} */
    public static Node apply(Node probabilities, Node labels) {
        SparseLabels.check("sparseCategoricalCrossEntropy", probabilities, labels);
        Node out = probabilities.tape().outputScalar(OP, probabilities, labels);
        int cols = probabilities.dim(-1);
        int rows = probabilities.size() / cols;
        float[] p = probabilities.data();
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int row = probabilities.offset() + r * cols;
            double q = p[row + SparseLabels.of(labels, r)] / ClippedCategoricalCrossEntropy.rowSum(p, row, cols);
            total -= Math.log(ClippedCategoricalCrossEntropy.clip(q));
        }
        out.data()[0] = (float) (total / rows);
        return out;
    }

    @Override
    public void backward(Node out) {
        Node probabilities = out.input(0);
        if (!probabilities.requiresGrad()) {
            return;
        }
        Node labels = out.input(1);
        int cols = probabilities.dim(-1);
        int rows = probabilities.size() / cols;
        double g = out.gradData()[0] / (double) rows;
        float[] p = probabilities.data();
        float beta = out.tape().claimGrad(probabilities);
        float[] dp = probabilities.gradData();
        for (int r = 0; r < rows; r++) {
            int row = probabilities.offset() + r * cols;
            int label = SparseLabels.of(labels, r);
            double sum = ClippedCategoricalCrossEntropy.rowSum(p, row, cols);
            double q = p[row + label] / sum;
            // loss = -log q_label with q = p / sum: d/dp_k = (q_label - delta_k,label) / (q_label sum), 0 when clipped.
            double dq = q < EPSILON || q > 1 - EPSILON ? 0 : -1 / q;
            for (int k = 0; k < cols; k++) {
                double value = dq * ((k == label ? 1 : 0) - q) / sum;
                dp[r * cols + k] = Elementwise.accumulate((float) (value * g), beta, dp, r * cols + k);
            }
        }
    }
}
