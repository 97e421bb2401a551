package dev.vecgrad.core.conv;

import java.util.Arrays;

/**
 * Zero borders around NHWC images, and the adjoint that crops a gradient back: a "same"
 * convolution is a "valid" one over the padded input ({@link Window2d#overPaddedInput()}),
 * so the convolution kernels never test a pixel against the image's edges.
 */
public final class ZeroPadding {

    private ZeroPadding() {
    }

    /** Copies {@code batch} images of {@code w}'s input shape into the padded shape of {@code w.overPaddedInput()}. */
    public static void pad(Window2d w, int batch, float[] x, int xOff, float[] padded) {
        Window2d p = w.overPaddedInput();
        int c = w.channels();
        int run = w.inWidth() * c;
        int left = w.padLeft() * c;
        int right = (p.inWidth() - w.inWidth()) * c - left;
        int to = 0;
        for (int n = 0; n < batch; n++) {
            for (int py = 0; py < p.inHeight(); py++) {
                int iy = py - w.padTop();
                if (iy < 0 || iy >= w.inHeight()) {
                    Arrays.fill(padded, to, to + p.inWidth() * c, 0f);
                    to += p.inWidth() * c;
                    continue;
                }
                Arrays.fill(padded, to, to + left, 0f);
                System.arraycopy(x, xOff + n * w.inSize() + iy * run, padded, to + left, run);
                Arrays.fill(padded, to + left + run, to + left + run + right, 0f);
                to += p.inWidth() * c;
            }
        }
    }

    /** The adjoint of {@link #pad}: {@code dx = beta * dx +} the interior of the padded gradient. */
    public static void crop(Window2d w, int batch, float[] paddedGrad, float beta, float[] dx, int dxOff) {
        Window2d p = w.overPaddedInput();
        int c = w.channels();
        int run = w.inWidth() * c;
        for (int n = 0; n < batch; n++) {
            for (int iy = 0; iy < w.inHeight(); iy++) {
                int from = (n * p.inHeight() + iy + w.padTop()) * p.inWidth() * c + w.padLeft() * c;
                int to = dxOff + n * w.inSize() + iy * run;
                for (int e = 0; e < run; e++) {
                    dx[to + e] = beta == 0f ? paddedGrad[from + e] : Math.fma(beta, dx[to + e], paddedGrad[from + e]);
                }
            }
        }
    }
}
