package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;
import dev.vecgrad.core.Shapes;
import dev.vecgrad.core.kernels.Kernels;

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
 *
 * <p>On a team of threads the forward pass and dx are split by rows of the batch and dW by
 * rows of W (features); every element's sum stays whole, so the bits do not depend on the
 * thread count. A layer on at most {@link Kernels#PARAM_GRADS_MAX_FEATURES} features whose
 * input needs no gradient takes db and dW in one kernel pass on the calling thread (the same
 * bits; a few features are little work to split).
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
        if (tape.team().size() == 1) {
            forward(relu, x, w, b, out, 0, m);
        } else {
            BatchParts.runProductRows(tape, m, (from, to) -> forward(relu, x, w, b, out, from, to));
        }
        return out;
    }

    /** Rows {@code [from, to)} of the output. */
    private static void forward(boolean relu, Node x, Node w, Node b, Node out, int from, int to) {
        int k = x.dim(1), n = w.dim(1);
        x.tape().kernels().linear(relu, to - from, n, k, x.data(), x.offset() + from * k, w.data(), w.offset(),
                b.data(), b.offset(), out.data(), from * n);
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
        if (b.requiresGrad() && w.requiresGrad() && !x.requiresGrad() && k <= Kernels.PARAM_GRADS_MAX_FEATURES) {
            // A first layer on a few features (the case study's two): both parameter
            // gradients in one pass, dZ never written. The same bits as the path below.
            float biasBeta = tape.claimGrad(b);
            float weightBeta = tape.claimGrad(w);
            kernels.denseParamGrads(relu, m, n, k, out.data(), 0, out.gradData(), 0, x.data(), x.offset(), biasBeta,
                    b.gradData(), 0, weightBeta, w.gradData(), 0);
            return;
        }
        float[] dz = relu ? maskedGradient(out, b) : out.gradData();
        if (!relu && b.requiresGrad()) {
            kernels.columnSums(m, n, dz, 0, tape.claimGrad(b), b.gradData(), 0);
        }
        if (w.requiresGrad()) {
            float beta = tape.claimGrad(w);
            if (tape.team().size() == 1) {
                weightGradient(x, dz, n, beta, w, 0, k);
            } else {
                BatchParts.runProductRows(tape, k, (from, to) -> weightGradient(x, dz, n, beta, w, from, to));
            }
        }
        if (x.requiresGrad()) {
            float beta = tape.claimGrad(x);
            if (tape.team().size() == 1) {
                inputGradient(dz, w, n, beta, x, 0, m);
            } else {
                BatchParts.runProductRows(tape, m, (from, to) -> inputGradient(dz, w, n, beta, x, from, to));
            }
        }
    }

    /**
     * dZ: the output's gradient where the output is positive, 0 elsewhere (out > 0 exactly
     * where x W + b > 0, so the output holds the ReLU's mask), with the bias gradient summed
     * in the same pass.
     */
    private static float[] maskedGradient(Node out, Node b) {
        var tape = out.tape();
        int m = out.dim(0), n = out.dim(1);
        float[] masked = tape.buffer(m * n);
        if (b.requiresGrad()) {
            tape.kernels().reluBackwardBiasGrad(m, n, out.data(), 0, out.gradData(), 0, masked, 0, tape.claimGrad(b),
                    b.gradData(), 0);
        } else {
            tape.kernels().reluBackward(m * n, out.data(), 0, out.gradData(), 0, 0f, masked, 0);
        }
        return masked;
    }

    /** Rows {@code [from, to)} of {@code dW = x^T dZ}: each row's sum over the batch whole, so any cut gives the same bits. */
    private static void weightGradient(Node x, float[] dz, int n, float beta, Node w, int from, int to) {
        int m = x.dim(0), k = x.dim(1);
        x.tape().kernels().gemm(true, false, to - from, n, m, 1f, x.data(), x.offset() + from, k, dz, 0, n, beta,
                w.gradData(), from * n, n);
    }

    /** Rows {@code [from, to)} of {@code dx = dZ W^T}. */
    private static void inputGradient(float[] dz, Node w, int n, float beta, Node x, int from, int to) {
        int k = x.dim(1);
        x.tape().kernels().gemm(false, true, to - from, k, n, 1f, dz, from * n, n, w.data(), w.offset(), n, beta,
                x.gradData(), from * k, k);
    }
}
