package dev.vecgrad.core.conv;

import java.util.Arrays;

/** The BLAS {@code beta} of the scattering backward rules, which add their values one by one. */
final class Outputs {

    private Outputs() {
    }

    /**
     * Makes {@code out[0 .. n)} {@code beta * out} so that values can then be added into it: zeros
     * when beta is 0, without reading the old contents (a recycled buffer's stale NaNs must not
     * leak), unchanged when beta is 1.
     */
    static void prepareToAdd(float beta, float[] out, int n) {
        if (beta == 0f) {
            Arrays.fill(out, 0, n, 0f);
        } else if (beta != 1f) {
            for (int i = 0; i < n; i++) {
                out[i] *= beta;
            }
        }
    }
}
