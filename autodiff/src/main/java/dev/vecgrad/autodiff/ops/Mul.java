package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/** {@code a * b}, element-wise, same shapes. Backward: {@code da = g * b}, {@code db = g * a}. */
public final class Mul implements Op {

    private static final Mul OP = new Mul();

    private Mul() {
    }

    public static Node apply(Node a, Node b) {
        Elementwise.requireSameShape("mul", a, b);
        Node out = a.tape().outputLike(OP, a, a, b);
        a.tape().kernels().mul(a.size(), a.data(), a.offset(), b.data(), b.offset(), out.data(), 0);
        return out;
    }

    @Override
    public void backward(Node out) {
        Node a = out.input(0);
        Node b = out.input(1);
        if (a.requiresGrad()) {
            Elementwise.addProduct(a, out.gradData(), b.data(), b.offset());
        }
        if (b.requiresGrad()) {
            Elementwise.addProduct(b, out.gradData(), a.data(), a.offset());
        }
    }
}
