package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;
import dev.vecgrad.core.Shapes;

/**
 * {@code x + b}, with the vector {@code b} added along the last axis of {@code x} (a bias
 * per unit, or per channel of an NHWC image). Backward: x's gradient is the upstream one;
 * b's is its sum over every other axis.
 */
public final class AddBias implements Op {

    private static final AddBias OP = new AddBias();

    private AddBias() {
    }

    public static Node apply(Node x, Node bias) {
        if (bias.rank() != 1 || x.rank() < 1 || x.dim(-1) != bias.dim(0)) {
            throw new IllegalArgumentException("addBias: a bias of shape " + Shapes.format(bias.shape())
                    + " does not match the last axis of " + Shapes.format(x.shape()));
        }
        Node out = x.tape().outputLike(OP, x, x, bias);
        int cols = bias.dim(0);
        x.tape().kernels().addBias(x.size() / Math.max(cols, 1), cols, x.data(), x.offset(), bias.data(), bias.offset(),
                out.data(), 0);
        return out;
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        Node bias = out.input(1);
        var tape = out.tape();
        if (x.requiresGrad()) {
            Elementwise.passBack(out, x, 1f);
        }
        if (bias.requiresGrad()) {
            int cols = bias.dim(0);
            tape.kernels().columnSums(out.size() / Math.max(cols, 1), cols, out.gradData(), 0, tape.claimGrad(bias),
                    bias.gradData(), 0);
        }
    }
}
