package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/**
 * Categorical cross-entropy of {@code softmax(z)} against label rows {@code y} (one-hot or
 * any distribution), from the logits, averaged over rows:
 * <pre>
 *   loss = mean_rows( sum_j y_j (logsumexp(z) - z_j) )
 * </pre>
 * with the log-sum-exp shifted by the row maximum, so large logits neither overflow nor
 * lose the loss. Backward: {@code dz = (softmax(z) * sum_j y_j - y) / rows}. The softmax is
 * saved from the forward pass.
 */
public final class SoftmaxCrossEntropy implements Op {

    private static final SoftmaxCrossEntropy OP = new SoftmaxCrossEntropy();

    private SoftmaxCrossEntropy() {
    }

    public static Node apply(Node logits, Node labels) {
        Elementwise.requireSameShape("softmaxCrossEntropy", logits, labels);
        if (logits.rank() < 1 || logits.size() == 0) {
            throw new IllegalArgumentException("softmaxCrossEntropy of an empty batch");
        }
        Node out = logits.tape().outputScalar(OP, logits, labels);
        int cols = logits.dim(-1);
        int rows = logits.size() / cols;
        float[] z = logits.data();
        float[] y = labels.data();
        int zo = logits.offset();
        int yo = labels.offset();
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            double logSumExp = logSumExp(z, zo + row, cols);
            for (int j = 0; j < cols; j++) {
                double yj = y[yo + row + j];
                if (yj != 0) {
                    total += yj * (logSumExp - z[zo + row + j]);
                }
            }
        }
        out.data()[0] = (float) (total / rows);
        saveSoftmax(out, logits, rows, cols);
        return out;
    }

    /** Keeps the logits' row softmax for backward in the node's saved buffer (its size is 1: a logits-sized one). */
    static void saveSoftmax(Node out, Node logits, int rows, int cols) {
        if (out.requiresGrad()) {
            float[] softmax = out.tape().buffer(logits.size());
            Softmax.rowSoftmax(logits.data(), logits.offset(), rows, cols, softmax, 0);
            out.setSaved(softmax);
        }
    }

    /** log(sum_j exp(z_j)) over one row, shifted by the row's maximum. */
    static double logSumExp(float[] z, int off, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, z[off + j]);
        }
        double sumExp = 0;
        for (int j = 0; j < cols; j++) {
            sumExp += Math.exp(z[off + j] - max);
        }
        return max + Math.log(sumExp);
    }

    @Override
    public void backward(Node out) {
        Node logits = out.input(0);
        Node labels = out.input(1);
        var tape = out.tape();
        int cols = logits.dim(-1);
        int rows = logits.size() / cols;
        double g = out.gradData()[0] / (double) rows;
        float[] p = out.saved();
        float[] y = labels.data();
        int yo = labels.offset();
        if (logits.requiresGrad()) {
            float beta = tape.claimGrad(logits);
            float[] dz = logits.gradData();
            for (int r = 0; r < rows; r++) {
                double mass = 0;
                for (int j = 0; j < cols; j++) {
                    mass += y[yo + r * cols + j];
                }
                for (int j = 0; j < cols; j++) {
                    int i = r * cols + j;
                    dz[i] = Elementwise.accumulate((float) ((p[i] * mass - y[yo + i]) * g), beta, dz, i);
                }
            }
        }
        if (labels.requiresGrad()) {
            // d loss / d y_j = logsumexp(z) - z_j, from the logits (log of a saved softmax could be -inf).
            float[] z = logits.data();
            int zo = logits.offset();
            float beta = tape.claimGrad(labels);
            float[] dy = labels.gradData();
            for (int r = 0; r < rows; r++) {
                double logSumExp = logSumExp(z, zo + r * cols, cols);
                for (int j = 0; j < cols; j++) {
                    float value = (float) ((logSumExp - z[zo + r * cols + j]) * g);
                    dy[r * cols + j] = Elementwise.accumulate(value, beta, dy, r * cols + j);
                }
            }
        }
    }
}
