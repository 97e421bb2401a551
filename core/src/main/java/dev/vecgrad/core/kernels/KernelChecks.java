package dev.vecgrad.core.kernels;

import dev.vecgrad.core.conv.Padding;
import dev.vecgrad.core.conv.Window2d;

/**
 * Argument checks shared by both kernel implementations, so that a wrong size fails with a
 * message naming it rather than with an index exception from deep inside a loop (or, worse,
 * silently reading a neighbour's data).
 */
public final class KernelChecks {

    private KernelChecks() {
    }

    /** A normal distribution's parameters: a finite mean and a finite, non-negative standard deviation. */
    public static void normal(String op, float mean, float stddev) {
        if (!Float.isFinite(mean)) {
            throw new IllegalArgumentException(op + ": mean must be finite, got " + mean);
        }
        if (!(stddev >= 0) || Float.isInfinite(stddev)) {
            throw new IllegalArgumentException(op + ": stddev must be finite and >= 0, got " + stddev);
        }
    }

    /** A pooling's geometry: a window, a batch of at least 0 images, sizes that fit in an array. */
    public static void pool(String op, Window2d w, int batch) {
        if (w == null) {
            throw new NullPointerException(op + ": window");
        }
        if (batch < 0) {
            throw new IllegalArgumentException(op + ": batch must be >= 0, got " + batch);
        }
        long pixels = (long) w.inHeight() * w.inWidth();
        fitsInArray(op, "input", batch * pixels * w.channels());
        fitsInArray(op, "output", batch * ((long) w.outHeight() * w.outWidth()) * w.channels());
    }

    /** A direct convolution's geometry: a "valid" window, at least one filter and one image, sizes that fit in an array. */
    public static void conv(String op, Window2d w, int filters, int batch) {
        if (w == null) {
            throw new NullPointerException(op + ": window");
        }
        if (w.padding() != Padding.VALID) {
            throw new IllegalArgumentException(op + ": the window must have valid padding (pad the input first), got "
                    + w.padding().kerasName());
        }
        if (filters < 1) {
            throw new IllegalArgumentException(op + ": filters must be >= 1, got " + filters);
        }
        if (batch < 1) {
            throw new IllegalArgumentException(op + ": batch must be >= 1, got " + batch);
        }
        fitsInArray(op, "input", batch * ((long) w.inHeight() * w.inWidth()) * w.channels());
        fitsInArray(op, "output", batch * ((long) w.outHeight() * w.outWidth()) * filters);
        fitsInArray(op, "kernel", (long) w.windowH() * w.windowW() * w.channels() * filters);
    }

    /** A run of {@code n} floats must fit in one Java array. */
    private static void fitsInArray(String op, String what, long n) {
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": the " + what + " would hold " + n
                    + " floats, more than an array can");
        }
    }

    /** {@code arr[off .. off+n)} must lie inside {@code arr}. */
    public static void range(String name, float[] arr, int off, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + ": negative length " + n);
        }
        if (off < 0 || off > arr.length - n) {
            throw new IllegalArgumentException(name + ": " + n + " elements at offset " + off
                    + " do not fit in an array of length " + arr.length);
        }
    }

    /** {@code arr[off .. off+n)} must lie inside {@code arr}. */
    public static void range(String name, int[] arr, int off, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + ": negative length " + n);
        }
        if (off < 0 || off > arr.length - n) {
            throw new IllegalArgumentException(name + ": " + n + " elements at offset " + off
                    + " do not fit in an array of length " + arr.length);
        }
    }

    /** A dense {@code rows x cols} matrix at {@code off}. */
    public static void dense(String name, float[] arr, int off, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(name + ": negative shape " + rows + " x " + cols);
        }
        range(name, arr, off, Math.multiplyExact(rows, cols));
    }

    /** A stored {@code rows x cols} matrix with leading dimension {@code ld}. */
    public static void matrix(String name, float[] arr, int off, int rows, int cols, int ld) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(name + ": negative shape " + rows + " x " + cols);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(name + ": leading dimension " + ld
                    + " is smaller than its " + cols + " columns");
        }
        if (rows == 0 || cols == 0) {
            if (off < 0 || off > arr.length) {
                throw new IllegalArgumentException(name + ": offset " + off
                        + " is outside an array of length " + arr.length);
            }
            return;
        }
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > arr.length) {
            throw new IllegalArgumentException(name + ": a " + rows + " x " + cols
                    + " matrix with leading dimension " + ld + " at offset " + off
                    + " does not fit in an array of length " + arr.length);
        }
    }

    /** All the checks of a GEMM call. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        // A stored matrix is op(X) transposed back: k x m for transA, m x k otherwise.
        matrix(transA ? "gemm A (stored k x m, transposed)" : "gemm A (m x k)", a, aOff,
                transA ? k : m, transA ? m : k, lda);
        matrix(transB ? "gemm B (stored n x k, transposed)" : "gemm B (k x n)", b, bOff,
                transB ? n : k, transB ? k : n, ldb);
        matrix("gemm C (m x n)", c, cOff, m, n, ldc);
    }

    /** An input and an output of {@code n} elements each. */
    public static void unary(String op, int n, float[] x, int xOff, float[] out, int outOff) {
        // The argument names are joined only on failure: this runs on every kernel call.
        if (!fits(x, xOff, n)) {
            range(op + " x", x, xOff, n);
        }
        if (!fits(out, outOff, n)) {
            range(op + " out", out, outOff, n);
        }
    }

    /** Two inputs and an output of {@code n} elements each. */
    public static void binary(String op, int n, float[] a, int aOff, float[] b, int bOff,
                              float[] out, int outOff) {
        // The argument names are joined only on failure: this runs on every kernel call.
        if (!fits(a, aOff, n)) {
            range(op + " a", a, aOff, n);
        }
        if (!fits(b, bOff, n)) {
            range(op + " b", b, bOff, n);
        }
        if (!fits(out, outOff, n)) {
            range(op + " out", out, outOff, n);
        }
    }

    /** The four arrays of an Adam update. */
    public static void adam(int n, float[] param, int pOff, float[] grad, int gOff, float[] m, int mOff,
                            float[] v, int vOff) {
        range("adam param", param, pOff, n);
        range("adam grad", grad, gOff, n);
        range("adam m", m, mOff, n);
        range("adam v", v, vOff, n);
    }

    private static boolean fits(float[] arr, int off, int n) {
        return n >= 0 && off >= 0 && off <= arr.length - n;
    }
}
