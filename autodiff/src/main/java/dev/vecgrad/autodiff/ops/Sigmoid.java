package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/** {@code 1 / (1 + exp(-x))}. Backward from the output y: {@code dx = g * y * (1 - y)}. */
public final class Sigmoid implements Op {

    private static final Sigmoid OP = new Sigmoid();

    private Sigmoid() {
    }

    public static Node apply(Node x) {
        Node out = x.tape().outputLike(OP, x, x);
        x.tape().kernels().sigmoid(x.size(), x.data(), x.offset(), out.data(), 0);
        return out;
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        if (x.requiresGrad()) {
            out.tape().kernels().sigmoidBackward(out.size(), out.data(), 0, out.gradData(), 0, out.tape().claimGrad(x),
                    x.gradData(), 0);
        }
    }
}
