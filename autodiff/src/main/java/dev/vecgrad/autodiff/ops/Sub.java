package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/** {@code a - b}, element-wise, same shapes. Backward: a gets the upstream gradient, b its negation. */
public final class Sub implements Op {

    private static final Sub OP = new Sub();

    private Sub() {
    }

    public static Node apply(Node a, Node b) {
        Elementwise.requireSameShape("sub", a, b);
        Node out = a.tape().outputLike(OP, a, a, b);
        a.tape().kernels().sub(a.size(), a.data(), a.offset(), b.data(), b.offset(), out.data(), 0);
        return out;
    }

    @Override
    public void backward(Node out) {
        Node a = out.input(0);
        Node b = out.input(1);
        if (a.requiresGrad()) {
            Elementwise.passBack(out, a, 1f);
        }
        if (b.requiresGrad()) {
            Elementwise.passBack(out, b, -1f);
        }
    }
}
