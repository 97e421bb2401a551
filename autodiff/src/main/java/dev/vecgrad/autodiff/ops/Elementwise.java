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

    /**
     * The upstream gradient of {@code out}, times {@code factor}, written to x's gradient (an
     * add, a reshape, a scale); with factor 1, handed on without a copy where the tape can
     * ({@link dev.vecgrad.autodiff.Tape#passGrad}).
     */
    static void passBack(Node out, Node x, float factor) {
        var tape = out.tape();
        if (factor == 1f) {
            tape.passGrad(out, x);
            return;
        }
        tape.kernels().axpby(out.size(), factor, out.gradData(), 0, tape.claimGrad(x), x.gradData(), 0);
    }

    /** The product rule's contribution {@code g * factor}, element-wise, written to x's gradient. */
    static void addProduct(Node x, float[] g, float[] factor, int factorOff) {
        var tape = x.tape();
        tape.kernels().mulAdd(x.size(), g, 0, factor, factorOff, tape.claimGrad(x), x.gradData(), 0);
    }

    /**
     * A gradient contribution computed in an op's own loop, written as the kernels write theirs:
     * {@code value + beta * out[at]} in one rounding, not reading {@code out} when beta is 0.
     */
    static float accumulate(float value, float beta, float[] out, int at) {
        return beta == 0f ? value : Math.fma(beta, out[at], value);
    }
}
