package dev.vecgrad.core.conv;

import java.util.Arrays;

/** The BLAS {@code beta} of the backward rules that add their values one by one into an output. */
public final class Outputs {

    private Outputs() {
    }

    /**
     * Makes {@code out[off .. off+n)} {@code beta * out} so that values can then be added into
     * it: zeros when beta is 0, without reading the old contents (a recycled buffer's stale NaNs
     * must not leak), unchanged when beta is 1.
     */
    public static void prepareToAdd(float beta, float[] out, int off, int n) {
        if (beta == 0f) {
            Arrays.fill(out, off, off + n, 0f);
        } else if (beta != 1f) {
            for (int i = off; i < off + n; i++) {
                out[i] *= beta;
            }
        }
    }
}
