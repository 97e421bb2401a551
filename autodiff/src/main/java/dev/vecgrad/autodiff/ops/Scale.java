package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/** {@code x * factor} for a constant factor. Backward: {@code dx = factor * g}. */
public final class Scale implements Op {

    private static final Scale OP = new Scale();

    private Scale() {
    }

    public static Node apply(Node x, float factor) {
        Node out = x.tape().outputLike(OP, x, x);
        out.setScalar(factor);
        x.tape().kernels().scale(x.size(), factor, x.data(), x.offset(), out.data(), 0);
        return out;
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        if (x.requiresGrad()) {
            Elementwise.passBack(out, x, out.scalar());
        }
    }
}
