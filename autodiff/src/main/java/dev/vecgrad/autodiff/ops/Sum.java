package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/**
 * The sum of all elements, or their mean, as a single value. Backward: every element gets
 * the upstream gradient (divided by the count for the mean).
 */
public final class Sum implements Op {

    private static final Sum SUM = new Sum(false);
    private static final Sum MEAN = new Sum(true);

    private final boolean mean;

    private Sum(boolean mean) {
        this.mean = mean;
    }

    /** The sum of all elements of {@code x}. */
    public static Node apply(Node x) {
        return reduce(SUM, x);
    }

    /** The mean of all elements of {@code x}. */
    public static Node mean(Node x) {
        if (x.size() == 0) {
            throw new IllegalArgumentException("mean of an empty node " + x);
        }
        return reduce(MEAN, x);
    }

    private static Node reduce(Sum op, Node x) {
        Node out = x.tape().outputScalar(op, x, null);
        float s = x.tape().kernels().sum(x.size(), x.data(), x.offset());
        out.data()[0] = op.mean ? s / x.size() : s;
        return out;
    }

    @Override
    public String name() {
        return mean ? "mean" : "sum";
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        if (!x.requiresGrad()) {
            return;
        }
        float g = mean ? out.gradData()[0] / x.size() : out.gradData()[0];
        float beta = out.tape().claimGrad(x);
        float[] dx = x.gradData();
        for (int i = 0; i < x.size(); i++) {
            dx[i] = Elementwise.accumulate(g, beta, dx, i);
        }
    }
}
