package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;
import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.kernels.Kernels;
import java.util.Arrays;

/**
 * Columns {@code [from, to)} of a matrix: {@code (m, n)} to {@code (m, to - from)}. An LSTM
 * uses it to take one time step out of a sequence and one gate out of the four. Backward
 * adds the gradient into those columns of the input's gradient (the others get zero from
 * this op).
 *
 * <p>One instance per column range, made once by the layer that needs it.
 */
public final class SliceColumns implements Op {

    private final int from;
    private final int to;

    public SliceColumns(int from, int to) {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("slice: columns [" + from + ", " + to + ") are not a non-empty range");
        }
        this.from = from;
        this.to = to;
    }

    public Node apply(Node x) {
        if (x.rank() != 2 || x.dim(1) < to) {
            throw new IllegalArgumentException("slice: columns [" + from + ", " + to + ") of a node of shape "
                    + Shapes.format(x.shape()) + " (need a matrix with at least " + to + " columns)");
        }
        int m = x.dim(0), n = x.dim(1), width = to - from;
        Node out = x.tape().outputMatrix(this, m, width, x, null);
        float[] src = x.data();
        float[] dst = out.data();
        for (int r = 0; r < m; r++) {
            System.arraycopy(src, x.offset() + r * n + from, dst, r * width, width);
        }
        return out;
    }

    @Override
    public String name() {
        return "slice[" + from + ":" + to + "]";
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        if (!x.requiresGrad()) {
            return;
        }
        Kernels kernels = out.tape().kernels();
        float beta = out.tape().claimGrad(x);
        float[] dx = x.gradData();
        int m = x.dim(0), n = x.dim(1), width = to - from;
        if (beta == 0f) {
            // The slice covers only some columns; the first contribution writes zeros to the rest.
            Arrays.fill(dx, 0, x.size(), 0f);
            beta = 1f;
        }
        float[] g = out.gradData();
        for (int r = 0; r < m; r++) {
            kernels.axpby(width, 1f, g, r * width, beta, dx, r * n + from);
        }
    }
}
