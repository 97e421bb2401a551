package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;
import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.kernels.Kernels;

/**
 * A ReLU hidden layer on one or two features and a one-unit output layer as one op:
 * {@code out = relu(x W1 + b1) W2 + b2}, with {@code x (m, k)}, {@code W1 (k, n)},
 * {@code b1 (n)}, {@code W2 (n, 1)}, {@code b2 (1)} and {@code out (m, 1)}. It computes what
 * {@code Linear(Linear(x, W1, b1, relu), W2, b2)} computes, to rounding, without writing the
 * {@code (m, n)} hidden layer or reading it back: the case study's network, where those
 * passes were most of the work ({@link Kernels#reluHiddenDot}).
 *
 * <p>Backward, with {@code z = x W1 + b1}, {@code h = relu(z)}, {@code g = dOut} and
 * {@code dZ = (z > 0) * (g W2^T)}:
 * <pre>
 *   dW2 = h^T g      db2 = sum of g
 *   dW1 = x^T dZ     db1 = sum over rows of dZ
 * </pre>
 * z and h are recomputed from x, as the forward pass computed them. x gets no gradient, so
 * the op is for a first layer on the data (or after noise on the data), as in the case study.
 *
 * <p>On a team of threads the forward pass is split by rows (each row's value does not
 * depend on the cut); the gradients run on the calling thread, each sum over the rows whole.
 */
public final class ReluHiddenDot implements Op {

    private static final ReluHiddenDot INSTANCE = new ReluHiddenDot();

    private ReluHiddenDot() {
    }

    /**
     * Whether {@link #apply} takes x: a matrix of 1 to {@link Kernels#HIDDEN_DOT_MAX_FEATURES}
     * columns that needs no gradient.
     */
    public static boolean takes(Node x) {
        return x.rank() == 2 && x.dim(1) >= 1 && x.dim(1) <= Kernels.HIDDEN_DOT_MAX_FEATURES && !x.requiresGrad();
    }

    /** {@code relu(x W1 + b1) W2 + b2}, for an x this op {@link #takes}. */
    public static Node apply(Node x, Node w1, Node b1, Node w2, Node b2) {
        if (x.rank() != 2 || w1.rank() != 2 || b1.rank() != 1 || w2.rank() != 2 || b2.rank() != 1
                || x.dim(1) != w1.dim(0) || b1.dim(0) != w1.dim(1) || w2.dim(0) != w1.dim(1) || w2.dim(1) != 1
                || b2.dim(0) != 1) {
            throw new IllegalArgumentException("relu hidden dot: x " + Shapes.format(x.shape()) + ", W1 "
                    + Shapes.format(w1.shape()) + ", b1 " + Shapes.format(b1.shape()) + ", W2 "
                    + Shapes.format(w2.shape()) + " and b2 " + Shapes.format(b2.shape())
                    + " do not fit: need (m, k), (k, n), (n), (n, 1) and (1)");
        }
        if (!takes(x)) {
            throw new IllegalArgumentException("relu hidden dot: x " + Shapes.format(x.shape())
                    + (x.requiresGrad() ? " needs a gradient, which this op does not give"
                            : " must have 1 to " + Kernels.HIDDEN_DOT_MAX_FEATURES + " features")
                    + "; use two Linear ops");
        }
        if (w1.requiresGrad() != b1.requiresGrad() || b1.requiresGrad() != w2.requiresGrad()
                || w2.requiresGrad() != b2.requiresGrad()) {
            throw new IllegalArgumentException("relu hidden dot: W1, b1, W2 and b2 must all need gradients or none");
        }
        int m = x.dim(0);
        var tape = x.tape();
        Node out = tape.outputMatrix(INSTANCE, m, 1, x, w1, b1, w2, b2);
        if (tape.team().size() == 1) {
            forward(x, w1, b1, w2, b2, out, 0, m);
        } else {
            BatchParts.runProductRows(tape, m, (from, to) -> forward(x, w1, b1, w2, b2, out, from, to));
        }
        return out;
    }

    /** Rows {@code [from, to)} of the output. */
    private static void forward(Node x, Node w1, Node b1, Node w2, Node b2, Node out, int from, int to) {
        int k = x.dim(1), n = w1.dim(1);
        x.tape().kernels().reluHiddenDot(to - from, n, k, x.data(), x.offset() + from * k, w1.data(), w1.offset(),
                b1.data(), b1.offset(), w2.data(), w2.offset(), b2.data()[b2.offset()], out.data(), from);
    }

    @Override
    public String name() {
        return "relu-hidden-dot";
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0), w1 = out.input(1), b1 = out.input(2), w2 = out.input(3), b2 = out.input(4);
        if (!w1.requiresGrad()) {
            return;
        }
        var tape = out.tape();
        var kernels = tape.kernels();
        int m = x.dim(0), k = x.dim(1), n = w1.dim(1);
        float w1Beta = tape.claimGrad(w1);
        float b1Beta = tape.claimGrad(b1);
        float w2Beta = tape.claimGrad(w2);
        kernels.reluHiddenDotGrads(m, n, k, x.data(), x.offset(), w1.data(), w1.offset(), b1.data(), b1.offset(),
                w2.data(), w2.offset(), out.gradData(), 0, w1Beta, w1.gradData(), 0, b1Beta, b1.gradData(), 0,
                w2Beta, w2.gradData(), 0);
        kernels.columnSums(m, 1, out.gradData(), 0, tape.claimGrad(b2), b2.gradData(), 0);
    }
}
