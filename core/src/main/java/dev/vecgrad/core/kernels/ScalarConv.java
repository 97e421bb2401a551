package dev.vecgrad.core.kernels;

import dev.vecgrad.core.conv.Outputs;
import dev.vecgrad.core.conv.Window2d;

/**
 * A direct 2-D convolution and its two backward products in plain loops: the scalar twin
 * of {@code dev.vecgrad.core.simd.VectorConv}, and its tail for the filters or channels
 * that do not fill a vector.
 *
 * <p>The convolution is "valid" over NHWC images: a padded convolution pads its input
 * first ({@code dev.vecgrad.core.conv.ZeroPadding}). With {@code r = (dy, dx, c)} running
 * over a window's {@code K = windowH * windowW * channels} elements in the order of a Keras
 * kernel {@code (windowH, windowW, channels, filters)}, and {@code origin(p)} the first input
 * element that output pixel {@code p} reads:
 * <pre>
 *   out[p, f] = act(b[f] + sum_r x[origin(p) + offset(r)] * k[r, f])
 *   dx[origin(p) + offset(r)] += sum_f g[p, f] * k[r, f]      (for every p and r)
 *   dk[r, f] = sum_p x[origin(p) + offset(r)] * g[p, f]
 * </pre>
 * which is im2col followed by a GEMM, without ever writing the patch matrix. The loops keep
 * the filters innermost, contiguous in both the kernel and the output, so C2 vectorizes them.
 */
public final class ScalarConv {

    private ScalarConv() {
    }

    /** {@code out[n, oy, ox, f] = act(b[f] + sum_r ...)} for filters {@code [fFrom, fTo)}; bias may be null. */
    public static void forward(Window2d w, int filters, int batch, float[] x, int xOff, float[] k, int kOff,
                               float[] bias, int biasOff, boolean relu, float[] out, int outOff, int fFrom, int fTo) {
        int c = w.channels();
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++) {
                    int origin = xOff + n * w.inSize() + (oy * w.strideH() * w.inWidth() + ox * w.strideW()) * c;
                    int o = outOff + ((n * w.outHeight() + oy) * w.outWidth() + ox) * filters;
                    for (int f = fFrom; f < fTo; f++) {
                        out[o + f] = 0f;
                    }
                    int r = kOff;
                    for (int dy = 0; dy < w.windowH(); dy++) {
                        for (int dx = 0; dx < w.windowW(); dx++) {
                            int from = origin + (dy * w.inWidth() + dx) * c;
                            for (int ch = 0; ch < c; ch++, r += filters) {
                                float v = x[from + ch];
                                for (int f = fFrom; f < fTo; f++) {
                                    out[o + f] = Math.fma(v, k[r + f], out[o + f]);
                                }
                            }
                        }
                    }
                    for (int f = fFrom; f < fTo; f++) {
                        float z = bias == null ? out[o + f] : out[o + f] + bias[biasOff + f];
                        out[o + f] = relu ? Math.max(z, 0f) : z;
                    }
                }
            }
        }
    }

    /** {@code dx = beta * dx + } the convolution's input gradient; dx has the input's shape. */
    public static void backwardData(Window2d w, int filters, int batch, float[] g, int gOff, float[] k, int kOff,
                                    float beta, float[] dx, int dxOff) {
        Outputs.prepareToAdd(beta, dx, dxOff, batch * w.inSize());
        addBackwardData(w, filters, batch, g, gOff, k, kOff, dx, dxOff, 0, w.channels());
    }

    /** Adds the input gradient into {@code dx} for channels {@code [cFrom, cTo)}. */
    public static void addBackwardData(Window2d w, int filters, int batch, float[] g, int gOff, float[] k,
                                       int kOff, float[] dx, int dxOff, int cFrom, int cTo) {
        int c = w.channels();
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++) {
                    int origin = dxOff + n * w.inSize() + (oy * w.strideH() * w.inWidth() + ox * w.strideW()) * c;
                    int gp = gOff + ((n * w.outHeight() + oy) * w.outWidth() + ox) * filters;
                    for (int dy = 0; dy < w.windowH(); dy++) {
                        for (int dx0 = 0; dx0 < w.windowW(); dx0++) {
                            int to = origin + (dy * w.inWidth() + dx0) * c;
                            int r = kOff + ((dy * w.windowW() + dx0) * c) * filters;
                            for (int ch = cFrom; ch < cTo; ch++) {
                                int kr = r + ch * filters;
                                float s = 0f;
                                for (int f = 0; f < filters; f++) {
                                    s = Math.fma(g[gp + f], k[kr + f], s);
                                }
                                dx[to + ch] += s;
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code dk = beta * dk + } the convolution's kernel gradient, shape {@code (windowH, windowW, channels, filters)}. */
    public static void backwardKernel(Window2d w, int filters, int batch, float[] x, int xOff, float[] g, int gOff,
                                      float beta, float[] dk, int dkOff) {
        Outputs.prepareToAdd(beta, dk, dkOff, w.patchSize() * filters);
        addBackwardKernel(w, filters, batch, x, xOff, g, gOff, dk, dkOff, 0, filters);
    }

    /** Adds the kernel gradient into {@code dk} for filters {@code [fFrom, fTo)}. */
    public static void addBackwardKernel(Window2d w, int filters, int batch, float[] x, int xOff, float[] g,
                                         int gOff, float[] dk, int dkOff, int fFrom, int fTo) {
        int c = w.channels();
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++) {
                    int origin = xOff + n * w.inSize() + (oy * w.strideH() * w.inWidth() + ox * w.strideW()) * c;
                    int gp = gOff + ((n * w.outHeight() + oy) * w.outWidth() + ox) * filters;
                    int r = dkOff;
                    for (int dy = 0; dy < w.windowH(); dy++) {
                        for (int dx = 0; dx < w.windowW(); dx++) {
                            int from = origin + (dy * w.inWidth() + dx) * c;
                            for (int ch = 0; ch < c; ch++, r += filters) {
                                float v = x[from + ch];
                                for (int f = fFrom; f < fTo; f++) {
                                    dk[r + f] = Math.fma(v, g[gp + f], dk[r + f]);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
