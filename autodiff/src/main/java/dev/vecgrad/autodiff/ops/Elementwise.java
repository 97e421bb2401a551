package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.core.Shapes;

/** Helpers the element-wise ops share. */
final class Elementwise {

    private Elementwise() {
    }

    static void requireSameShape(String op, Node a, Node b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException(op + ": shapes " + Shapes.format(a.shape()) + " and "
                    + Shapes.format(b.shape()) + " differ");
        }
    }

    /** {@code x.grad += g * factor} (or {@code =} on the first contribution), element-wise. */
    static void addProduct(Node x, float[] g, float[] factor, int factorOff) {
        var tape = x.tape();
        if (tape.gradBeta(x) == 0f) {
            tape.kernels().mul(x.size(), g, 0, factor, factorOff, tape.gradBuffer(x), 0);
        } else {
            tape.kernels().mulAdd(x.size(), g, 0, factor, factorOff, tape.gradBuffer(x), 0);
        }
    }
}
