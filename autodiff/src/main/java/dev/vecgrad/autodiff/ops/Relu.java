package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/** {@code max(x, 0)}. Backward: the upstream gradient where {@code x > 0}, zero elsewhere (also at 0). */
public final class Relu implements Op {

    private static final Relu OP = new Relu();

    private Relu() {
    }

    public static Node apply(Node x) {
        Node out = x.tape().outputLike(OP, x, x);
        x.tape().kernels().relu(x.size(), x.data(), x.offset(), out.data(), 0);
        return out;
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        if (x.requiresGrad()) {
            // The output is positive exactly where the input is, and it is our own compact buffer.
            out.tape().kernels().reluBackward(out.size(), out.data(), 0, out.gradData(), 0, out.tape().claimGrad(x),
                    x.gradData(), 0);
        }
    }
}
