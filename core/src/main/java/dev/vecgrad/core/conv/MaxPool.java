package dev.vecgrad.core.conv;

import java.util.Arrays;

/**
 * 2-D max pooling over NHWC images, per channel, and its gradient. Padding positions
 * ({@link Padding#SAME}) take no part: a window's maximum is over the input elements it
 * covers, which is what Keras computes.
 *
 * <p>The gradient goes to the first element of the window, in row-major order, that equals
 * the maximum (ties are measure-zero in training; TensorFlow also picks one element). The
 * backward pass finds it again from the input and the output instead of storing indices.
 */
public final class MaxPool {

    private MaxPool() {
    }

    /** {@code out[n, oy, ox, c]} = the maximum of the window at {@code (oy, ox)} in channel c. */
    public static void forward(Window2d w, int batch, float[] x, int xOff, float[] out, int outOff) {
        int c = w.channels();
        int o = outOff;
        for (int n = 0; n < batch; n++) {
            int image = xOff + n * w.inSize();
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++, o += c) {
                    Arrays.fill(out, o, o + c, Float.NEGATIVE_INFINITY);
                    for (int dy = 0; dy < w.windowH(); dy++) {
                        int iy = oy * w.strideH() - w.padTop() + dy;
                        if (iy < 0 || iy >= w.inHeight()) {
                            continue;
                        }
                        for (int dx = 0; dx < w.windowW(); dx++) {
                            int ix = ox * w.strideW() - w.padLeft() + dx;
                            if (ix < 0 || ix >= w.inWidth()) {
                                continue;
                            }
                            int from = image + (iy * w.inWidth() + ix) * c;
                            for (int ch = 0; ch < c; ch++) {
                                out[o + ch] = Math.max(out[o + ch], x[from + ch]);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Max-pooling's backward rule: {@code dx = beta * dx +} each {@code g[n, oy, ox, c]} at the
     * element its window's maximum came from. As in BLAS, {@code dx} is not read when beta is 0.
     */
    public static void backward(Window2d w, int batch, float[] x, int xOff, float[] out, int outOff,
                                float[] g, int gOff, float beta, float[] dx, int dxOff) {
        Outputs.prepareToAdd(beta, dx, dxOff, batch * w.inSize());
        int c = w.channels();
        int o = 0;
        for (int n = 0; n < batch; n++) {
            int image = n * w.inSize();
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++, o += c) {
                    for (int ch = 0; ch < c; ch++) {
                        int at = argmax(w, x, xOff + image, oy, ox, ch, out[outOff + o + ch]);
                        dx[dxOff + image + at] += g[gOff + o + ch];
                    }
                }
            }
        }
    }

    /** The offset within the image of the first element of window (oy, ox), channel ch, equal to {@code max}. */
    private static int argmax(Window2d w, float[] x, int image, int oy, int ox, int ch, float max) {
        int c = w.channels();
        for (int dy = 0; dy < w.windowH(); dy++) {
            int iy = oy * w.strideH() - w.padTop() + dy;
            if (iy < 0 || iy >= w.inHeight()) {
                continue;
            }
            for (int dx = 0; dx < w.windowW(); dx++) {
                int ix = ox * w.strideW() - w.padLeft() + dx;
                if (ix >= 0 && ix < w.inWidth()) {
                    int at = (iy * w.inWidth() + ix) * c + ch;
                    if (x[image + at] == max) {
                        return at;
                    }
                }
            }
        }
        throw noMaximum(max);
    }

    /** The error when no element of a window equals its maximum: a NaN, or an input changed since forward. */
    public static IllegalStateException noMaximum(float max) {
        return new IllegalStateException("max-pool: no element of the window equals its maximum " + max
                + " (a NaN in the input, or was the input changed between forward and backward?)");
    }
}
