package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;
import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.Tensor;

/** The same elements under another shape; the output shares the input's array (no copy). Backward: pass-through. */
public final class Reshape implements Op {

    private static final Reshape OP = new Reshape();

    private Reshape() {
    }

    /** {@code x} viewed as {@code shape}; one dimension may be -1 ("whatever fits"). */
    public static Node apply(Node x, int... shape) {
        int[] resolved = Tensor.view(x.data(), x.offset(), x.shape()).reshape(shape).shape();
        return x.tape().outputView(OP, resolved, x);
    }

    /** {@code x} with every axis after the first folded into one: {@code (batch, features)}. */
    public static Node flatten(Node x) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException("flatten needs a batch axis, got shape " + Shapes.format(x.shape()));
        }
        int batch = x.dim(0);
        return x.tape().outputMatrixView(OP, batch, batch == 0 ? 0 : x.size() / batch, x);
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        if (x.requiresGrad()) {
            Elementwise.passBack(out, x, 1f);
        }
    }
}
