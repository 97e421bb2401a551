package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/** {@code a + b}, element-wise, same shapes. Backward: both inputs get the upstream gradient. */
public final class Add implements Op {

    private static final Add OP = new Add();

    private Add() {
    }

    public static Node apply(Node a, Node b) {
        Elementwise.requireSameShape("add", a, b);
        Node out = a.tape().outputLike(OP, a, a, b);
        a.tape().kernels().add(a.size(), a.data(), a.offset(), b.data(), b.offset(), out.data(), 0);
        return out;
    }

    @Override
    public void backward(Node out) {
        for (int i = 0; i < 2; i++) {
            Node x = out.input(i);
            if (x.requiresGrad()) {
                Elementwise.passBack(out, x, 1f);
            }
        }
    }
}
