package dev.vecgrad.layers.initializers;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.Kernels;

/**
 * Keras's {@code orthogonal} initializer (Saxe et al., 2014), the default for an LSTM's
 * recurrent kernel: the weights, read as a matrix of {@code rows = size / lastDim} by
 * {@code cols = lastDim}, have orthonormal rows (if {@code rows <= cols}) or orthonormal
 * columns, times {@code gain}.
 *
 * <p>As Keras does: draw a standard normal matrix of shape {@code (max, min)} of the two,
 * take the Q of its QR decomposition with the signs that make R's diagonal positive, and
 * transpose it when there are fewer rows than columns. The QR here is Gram-Schmidt in double,
 * run twice per column ("twice is enough", Giraud et al.) so the columns stay orthonormal to
 * double rounding; with a positive diagonal, Q is the same matrix a Householder QR gives.
 */
public final class Orthogonal implements Initializer {

    private final double gain;

    public Orthogonal() {
        this(1.0);
    }

    public Orthogonal(double gain) {
        if (!Double.isFinite(gain)) {
            throw new IllegalArgumentException("orthogonal gain must be finite, got " + gain);
        }
        this.gain = gain;
    }

    @Override
    public void initialize(Tensor weights, int fanIn, int fanOut, Kernels kernels, long seed, long stream) {
        if (weights.rank() < 2) {
            throw new IllegalArgumentException("orthogonal initialization needs a matrix, got shape "
                    + dev.vecgrad.core.Shapes.format(weights.shape()));
        }
        int cols = weights.dim(weights.rank() - 1);
        int rows = weights.size() / cols;
        int tall = Math.max(rows, cols);
        int narrow = Math.min(rows, cols);
        float[] draw = new float[tall * narrow];
        kernels.fillGaussian(seed, stream, 0, draw, 0, draw.length, 0f, 1f);
        double[][] q = new double[narrow][tall];      // q[j] is column j of the tall matrix
        for (int i = 0; i < tall; i++) {
            for (int j = 0; j < narrow; j++) {
                q[j][i] = draw[i * narrow + j];
            }
        }
        for (int j = 0; j < narrow; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    double dot = dot(q[p], q[j]);
                    for (int i = 0; i < tall; i++) {
                        q[j][i] -= dot * q[p][i];
                    }
                }
            }
            double norm = Math.sqrt(dot(q[j], q[j]));
            if (!(norm > 0)) {
                throw new IllegalStateException("orthogonal: a degenerate random draw (seed " + seed + ")");
            }
            for (int i = 0; i < tall; i++) {
                q[j][i] /= norm;
            }
        }
        float[] w = weights.data();
        int off = weights.offset();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                // rows >= cols: Q itself (tall x narrow); otherwise its transpose.
                double v = rows >= cols ? q[c][r] : q[r][c];
                w[off + r * cols + c] = (float) (gain * v);
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Override
    public String toString() {
        return "orthogonal";
    }
}
