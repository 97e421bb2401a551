package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;
import dev.vecgrad.core.Shapes;

/**
 * Matrices with the same number of rows side by side: {@code (m, n1), (m, n2), ...} to
 * {@code (m, n1 + n2 + ...)}. An LSTM with {@code returnSequences} uses it to collect its
 * outputs over time. Backward hands each input its own columns of the gradient.
 */
public final class ConcatColumns implements Op {

    private static final ConcatColumns OP = new ConcatColumns();

    private ConcatColumns() {
    }

    public static Node apply(Node... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: nothing to concatenate");
        }
        int m = parts[0].rank() == 2 ? parts[0].dim(0) : -1;
        int width = 0;
        for (Node p : parts) {
            if (p.rank() != 2 || p.dim(0) != m) {
                throw new IllegalArgumentException("concat: input of shape " + Shapes.format(p.shape())
                        + " is not a matrix with the first input's " + m + " rows");
            }
            width += p.dim(1);
        }
        Node out = parts[0].tape().output(OP, new int[] {m, width}, parts);
        float[] dst = out.data();
        int col = 0;
        for (Node p : parts) {
            int n = p.dim(1);
            for (int r = 0; r < m; r++) {
                System.arraycopy(p.data(), p.offset() + r * n, dst, r * width + col, n);
            }
            col += n;
        }
        return out;
    }

    @Override
    public void backward(Node out) {
        var tape = out.tape();
        int m = out.dim(0), width = out.dim(1);
        float[] g = out.gradData();
        int col = 0;
        for (int i = 0; i < out.inputCount(); i++) {
            Node p = out.input(i);
            int n = p.dim(1);
            if (p.requiresGrad()) {
                float beta = tape.claimGrad(p);
                for (int r = 0; r < m; r++) {
                    tape.kernels().axpby(n, 1f, g, r * width + col, beta, p.gradData(), r * n);
                }
            }
            col += n;
        }
    }
}
