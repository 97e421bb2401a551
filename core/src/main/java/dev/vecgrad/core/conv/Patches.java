package dev.vecgrad.core.conv;

import java.util.Arrays;

/**
 * im2col and its adjoint: a convolution becomes one GEMM once every window position's patch
 * is laid out as a row, {@code (batch * outHeight * outWidth, windowH * windowW * channels)},
 * in the order {@code (dy, dx, channel)}: the order of a Keras kernel of shape
 * {@code (windowH, windowW, channels, filters)} read as a {@code (patchSize, filters)} matrix.
 *
 * <p>Plain loops shared by both kernel providers: they move data and do no arithmetic. A
 * window row that lies inside the image is one contiguous run of {@code windowW * channels}
 * floats, copied by a plain loop: such runs are short (3 floats for a 3-wide window on one
 * channel), where {@code System.arraycopy}'s fixed cost per call dominated (the CNN step was
 * 11-12% slower copying pixel by pixel with it).
 */
public final class Patches {

    private Patches() {
    }

    /** Writes the patches of {@code batch} NHWC images at {@code x[xOff ..]} into {@code cols} (padding as zeros). */
    public static void gather(Window2d w, int batch, float[] x, int xOff, float[] cols) {
        int c = w.channels();
        int row = 0;
        for (int n = 0; n < batch; n++) {
            int image = xOff + n * w.inSize();
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++, row++) {
                    int to = row * w.patchSize();
                    int ix0 = ox * w.strideW() - w.padLeft();
                    boolean columnsInside = ix0 >= 0 && ix0 + w.windowW() <= w.inWidth();
                    int run = w.windowW() * c;
                    for (int dy = 0; dy < w.windowH(); dy++) {
                        int iy = oy * w.strideH() - w.padTop() + dy;
                        if (columnsInside && iy >= 0 && iy < w.inHeight()) {
                            // The window's row lies inside the image: one run of windowW * channels floats.
                            int from = image + (iy * w.inWidth() + ix0) * c;
                            for (int e = 0; e < run; e++) {
                                cols[to + e] = x[from + e];
                            }
                            to += run;
                            continue;
                        }
                        for (int dx = 0; dx < w.windowW(); dx++, to += c) {
                            int ix = ix0 + dx;
                            if (iy < 0 || iy >= w.inHeight() || ix < 0 || ix >= w.inWidth()) {
                                Arrays.fill(cols, to, to + c, 0f);
                            } else {
                                System.arraycopy(x, image + (iy * w.inWidth() + ix) * c, cols, to, c);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #gather}: {@code dx = beta * dx + } every patch element of
     * {@code cols} added back onto the input position it came from, in {@code dx[0 ..]}
     * (padding positions are dropped). An input element under several overlapping windows
     * receives the sum of their entries. As in BLAS, {@code dx} is not read when beta is 0.
     */
    public static void scatter(Window2d w, int batch, float[] cols, float beta, float[] dx) {
        scatter(w, batch, cols, beta, dx, 0);
    }

    /** {@link #scatter(Window2d, int, float[], float, float[])} into {@code dx[dxOff ..]}. */
    public static void scatter(Window2d w, int batch, float[] cols, float beta, float[] dx, int dxOff) {
        Outputs.prepareToAdd(beta, dx, dxOff, batch * w.inSize());
        int c = w.channels();
        int row = 0;
        for (int n = 0; n < batch; n++) {
            int image = dxOff + n * w.inSize();
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++, row++) {
                    int from = row * w.patchSize();
                    int ix0 = ox * w.strideW() - w.padLeft();
                    boolean columnsInside = ix0 >= 0 && ix0 + w.windowW() <= w.inWidth();
                    int run = w.windowW() * c;
                    for (int dy = 0; dy < w.windowH(); dy++) {
                        int iy = oy * w.strideH() - w.padTop() + dy;
                        if (columnsInside && iy >= 0 && iy < w.inHeight()) {
                            // As in gather: one run of windowW * channels floats, a loop C2 vectorizes
                            // better than windowW loops of channels each (3 x 32 here).
                            int to = image + (iy * w.inWidth() + ix0) * c;
                            for (int e = 0; e < run; e++) {
                                dx[to + e] += cols[from + e];
                            }
                            from += run;
                            continue;
                        }
                        for (int dx0 = 0; dx0 < w.windowW(); dx0++, from += c) {
                            int ix = ix0 + dx0;
                            if (iy >= 0 && iy < w.inHeight() && ix >= 0 && ix < w.inWidth()) {
                                int to = image + (iy * w.inWidth() + ix) * c;
                                for (int ch = 0; ch < c; ch++) {
                                    dx[to + ch] += cols[from + ch];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
