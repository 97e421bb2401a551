package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/**
 * Cross-entropy of {@code softmax(z)} against integer class labels, from the logits, averaged
 * over rows: Keras's {@code sparse_categorical_crossentropy} with the softmax fused in.
 * <pre>
 *   loss = mean_rows( logsumexp(z) - z_label )
 * </pre>
 * the same as {@link SoftmaxCrossEntropy} with one-hot rows, without building them.
 * Backward: {@code dz = (softmax(z) - onehot(label)) / rows}; the labels get no gradient.
 */
public final class SparseSoftmaxCrossEntropy implements Op {

    private static final SparseSoftmaxCrossEntropy OP = new SparseSoftmaxCrossEntropy();

    private SparseSoftmaxCrossEntropy() {
    }

    /** @param labels one class index per row of {@code logits}, shape {@code (rows)} or {@code (rows, 1)} */
    public static Node apply(Node logits, Node labels) {
        SparseLabels.check("sparseSoftmaxCrossEntropy", logits, labels);
        Node out = logits.tape().outputScalar(OP, logits, labels);
        int cols = logits.dim(-1);
        int rows = logits.size() / cols;
        float[] z = logits.data();
        int zo = logits.offset();
        double total = 0;
        for (int r = 0; r < rows; r++) {
            total += SoftmaxCrossEntropy.logSumExp(z, zo + r * cols, cols) - z[zo + r * cols + SparseLabels.of(labels, r)];
        }
        out.data()[0] = (float) (total / rows);
        SoftmaxCrossEntropy.saveSoftmax(out, logits, rows, cols);
        return out;
    }

    @Override
    public void backward(Node out) {
        Node logits = out.input(0);
        if (!logits.requiresGrad()) {
            return;
        }
        Node labels = out.input(1);
        int cols = logits.dim(-1);
        int rows = logits.size() / cols;
        double g = out.gradData()[0] / (double) rows;
        float[] p = out.saved();
        float beta = out.tape().claimGrad(logits);
        float[] dz = logits.gradData();
        for (int r = 0; r < rows; r++) {
            int label = SparseLabels.of(labels, r);
            for (int j = 0; j < cols; j++) {
                int i = r * cols + j;
                dz[i] = Elementwise.accumulate((float) ((p[i] - (j == label ? 1 : 0)) * g), beta, dz, i);
            }
        }
    }
}
