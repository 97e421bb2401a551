package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/** {@code tanh(x)}. Backward from the output y: {@code dx = g * (1 - y^2)}. */
public final class Tanh implements Op {

    private static final Tanh OP = new Tanh();

    private Tanh() {
    }

    public static Node apply(Node x) {
        Node out = x.tape().outputLike(OP, x, x);
        x.tape().kernels().tanh(x.size(), x.data(), x.offset(), out.data(), 0);
        return out;
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        if (x.requiresGrad()) {
            out.tape().kernels().tanhBackward(out.size(), out.data(), 0, out.gradData(), 0, out.tape().claimGrad(x),
                    x.gradData(), 0);
        }
    }
}
