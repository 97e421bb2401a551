package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;
import dev.vecgrad.core.Shapes;

/**
 * Matrix product {@code C = op(A) op(B)}, where {@code op} transposes when asked. Transposes
 * are GEMM flags, never copies; the backward rule is two more GEMMs:
 * <pre>
 *   dA = dC op(B)^T        (for a transposed A: dA = op(B) dC^T)
 *   dB = op(A)^T dC        (for a transposed B: dB = dC^T op(A))
 * </pre>
 */
public final class MatMul implements Op {

    private static final MatMul NN = new MatMul(false, false);
    private static final MatMul NT = new MatMul(false, true);
    private static final MatMul TN = new MatMul(true, false);
    private static final MatMul TT = new MatMul(true, true);

    private final boolean transA;
    private final boolean transB;

    private MatMul(boolean transA, boolean transB) {
        this.transA = transA;
        this.transB = transB;
    }

    /** {@code a b} for matrices {@code (m, k)} and {@code (k, n)}. */
    public static Node apply(Node a, Node b) {
        return apply(a, b, false, false);
    }

    /** {@code op(a) op(b)}, where op transposes the stored matrix when its flag is set. */
    public static Node apply(Node a, Node b, boolean transA, boolean transB) {
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("matmul needs matrices, got shapes " + Shapes.format(a.shape())
                    + " and " + Shapes.format(b.shape()));
        }
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.format(a.shape()) + (transA ? "^T" : "")
                    + " and " + Shapes.format(b.shape()) + (transB ? "^T" : "") + " do not chain: " + k + " != " + kb);
        }
        MatMul op = transA ? (transB ? TT : TN) : (transB ? NT : NN);
        Node c = a.tape().outputMatrix(op, m, n, a, b);
        a.tape().kernels().gemm(transA, transB, m, n, k, 1f, a.data(), a.offset(), a.dim(1),
                b.data(), b.offset(), b.dim(1), 0f, c.data(), 0, n);
        return c;
    }

    @Override
    public String name() {
        return "matmul" + (transA ? "T" : "") + (transB ? "T" : "");
    }

    @Override
    public void backward(Node c) {
        Node a = c.input(0);
        Node b = c.input(1);
        var tape = c.tape();
        var kernels = tape.kernels();
        int m = c.dim(0);
        int n = c.dim(1);
        int k = transA ? a.dim(0) : a.dim(1);
        float[] dc = c.gradData();
        if (a.requiresGrad()) {
            float beta = tape.claimGrad(a);
            float[] da = a.gradData();
            if (!transA) {
                kernels.gemm(false, !transB, m, k, n, 1f, dc, 0, n, b.data(), b.offset(), b.dim(1), beta, da, 0, k);
            } else {
                kernels.gemm(transB, true, k, m, n, 1f, b.data(), b.offset(), b.dim(1), dc, 0, n, beta, da, 0, m);
            }
        }
        if (b.requiresGrad()) {
            float beta = tape.claimGrad(b);
            float[] db = b.gradData();
            if (!transB) {
                kernels.gemm(!transA, false, k, n, m, 1f, a.data(), a.offset(), a.dim(1), dc, 0, n, beta, db, 0, n);
            } else {
                kernels.gemm(true, transA, n, k, m, 1f, dc, 0, n, a.data(), a.offset(), a.dim(1), beta, db, 0, k);
            }
        }
    }
}
