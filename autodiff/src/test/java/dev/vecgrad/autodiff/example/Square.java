package dev.vecgrad.autodiff.example;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/** The custom op of autodiff/README.md, compiled and checked so the README stays true. */
public final class Square implements Op {

    private static final Square OP = new Square();

    public static Node apply(Node x) {
        Node out = x.tape().outputLike(OP, x, x);
        x.tape().kernels().mul(x.size(), x.data(), x.offset(), x.data(), x.offset(), out.data(), 0);
        return out;
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        if (!x.requiresGrad()) {
            return;
        }
        float beta = out.tape().claimGrad(x);
        float[] dx = x.gradData();
        for (int i = 0; i < x.size(); i++) {
            float value = 2 * x.data()[x.offset() + i] * out.gradData()[i];
            dx[i] = beta == 0f ? value : value + beta * dx[i];
        }
    }
}
