package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;
import dev.vecgrad.core.Shapes;

/**
 * A dense layer's affine map and, optionally, its ReLU as one op:
 * {@code out = act(x W + b)}, with {@code x (m, k)}, {@code W (k, n)}, {@code b (n)} and
 * act = ReLU or identity. It computes what {@code Relu(AddBias(MatMul(x, W), b))} computes
 * with one kernel forward and one fused mask-and-sum backward, instead of three ops with
 * three passes over the {@code (m, n)} output each way.
 *
 * <p>Backward, with {@code dZ = dOut} masked by {@code out > 0} under a ReLU:
 * <pre>
 *   db = sum over rows of dZ     (in the same kernel pass as the mask)
 *   dW = x^T dZ
 *   dx = dZ W^T
 * </pre>
 */
public final class Linear implements Op {

    private static final Linear PLAIN = new Linear(false);
    private static final Linear RELU = new Linear(true);

    private final boolean relu;

    private Linear(boolean relu) {
        this.relu = relu;
    }

    /** {@code x W + b}, or {@code max(x W + b, 0)} when {@code relu}. */
    public static Node apply(Node x, Node w, Node b, boolean relu) {
        if (x.rank() != 2 || w.rank() != 2 || b.rank() != 1 || x.dim(1) != w.dim(0) || b.dim(0) != w.dim(1)) {
            throw new IllegalArgumentException("linear: x " + Shapes.format(x.shape()) + ", W " + Shapes.format(w.shape())
                    + " and b " + Shapes.format(b.shape()) + " do not fit: need (m, k), (k, n) and (n)");
        }
        int m = x.dim(0), k = x.dim(1), n = w.dim(1);
        var tape = x.tape();
        Node out = tape.outputMatrix(relu ? RELU : PLAIN, m, n, x, w, b);
        tape.kernels().linear(relu, m, n, k, x.data(), x.offset(), w.data(), w.offset(), b.data(), b.offset(),
                out.data(), 0);
        return out;
    }

    @Override
    public String name() {
        return relu ? "linear+relu" : "linear";
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        Node w = out.input(1);
        Node b = out.input(2);
        var tape = out.tape();
        var kernels = tape.kernels();
        int m = out.dim(0), n = out.dim(1), k = x.dim(1);
        float[] dz = out.gradData();
        if (relu) {
            // out > 0 exactly where x W + b > 0, so the output holds the ReLU's mask.
            float[] masked = tape.buffer(m * n);
            if (b.requiresGrad()) {
                kernels.reluBackwardBiasGrad(m, n, out.data(), 0, dz, 0, masked, 0, tape.claimGrad(b),
                        b.gradData(), 0);
            } else {
                kernels.reluBackward(m * n, out.data(), 0, dz, 0, 0f, masked, 0);
            }
            dz = masked;
        } else if (b.requiresGrad()) {
            kernels.columnSums(m, n, dz, 0, tape.claimGrad(b), b.gradData(), 0);
        }
        if (w.requiresGrad()) {
            kernels.gemm(true, false, k, n, m, 1f, x.data(), x.offset(), k, dz, 0, n, tape.claimGrad(w),
                    w.gradData(), 0, n);
        }
        if (x.requiresGrad()) {
            kernels.gemm(false, true, m, k, n, 1f, dz, 0, n, w.data(), w.offset(), n, tape.claimGrad(x),
                    x.gradData(), 0, k);
        }
    }
}
