package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import java.util.Arrays;

/** Integer class labels, one per row, as the sparse cross-entropies take them. */
final class SparseLabels {

    private SparseLabels() {
    }

    /**
     * Checks that {@code labels} holds one whole number in {@code [0, classes)} per row of
     * {@code scores} (shape {@code (rows)} or {@code (rows, 1)}) and carries no gradient.
     */
    static void check(String op, Node scores, Node labels) {
        if (scores.rank() < 1 || scores.size() == 0) {
            throw new IllegalArgumentException(op + " of an empty batch");
        }
        int classes = scores.dim(-1);
        int rows = scores.size() / classes;
        if (labels.size() != rows || labels.rank() > 2 || (labels.rank() == 2 && labels.dim(1) != 1)) {
            throw new IllegalArgumentException(op + ": labels must be one class index per row, shape (" + rows
                    + ") or (" + rows + ", 1), got " + Arrays.toString(labels.shape()));
        }
        if (labels.requiresGrad()) {
            throw new IllegalArgumentException(op + ": integer labels have no gradient; pass them as a constant");
        }
        float[] y = labels.data();
        for (int r = 0; r < rows; r++) {
            float label = y[labels.offset() + r];
            if (!(label >= 0 && label < classes && label == Math.rint(label))) {
                throw new IllegalArgumentException(op + ": label " + label + " of row " + r + " is not a class index in [0, "
                        + classes + ")");
            }
        }
    }

    /** Row {@code r}'s class. */
    static int of(Node labels, int r) {
        return (int) labels.data()[labels.offset() + r];
    }
}
