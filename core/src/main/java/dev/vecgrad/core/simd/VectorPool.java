package dev.vecgrad.core.simd;

import dev.vecgrad.core.conv.MaxPool;
import dev.vecgrad.core.conv.Outputs;
import dev.vecgrad.core.conv.Padding;
import dev.vecgrad.core.conv.Window2d;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling on the Vector API, one channel per lane, for the pooling nearly every CNN uses:
 * 2 x 2 windows with "valid" padding (any strides). Each window's four elements are loaded
 * once, and its gradient routing, to the first element in row-major order equal to the
 * maximum as in {@link MaxPool}, is decided in registers from the four comparisons. Other
 * windows, and channels that do not fill a vector, go to {@link MaxPool}. The results are
 * bit-identical to it: a maximum is exact in any order ({@code Math.max}'s rules for NaN and
 * signed zeros are the lanes' rules too). No vector or mask is passed to a method (see
 * {@link VectorConv} for why).
 */
final class VectorPool {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    private VectorPool() {
    }

    /** True for the windows this class runs: 2 x 2, "valid", at least one whole vector of channels. */
    static boolean handles(Window2d w) {
        return w.windowH() == 2 && w.windowW() == 2 && w.padding() == Padding.VALID && w.channels() >= W;
    }

    static void forward(Window2d w, int batch, float[] x, int xOff, float[] out, int outOff) {
        if (!handles(w)) {
            MaxPool.forward(w, batch, x, xOff, out, outOff);
            return;
        }
        int c = w.channels();
        int vectorChannels = c - c % W;
        int down = w.inWidth() * c;
        int o = outOff;
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++, o += c) {
                    int at = xOff + n * w.inSize() + (oy * w.strideH() * w.inWidth() + ox * w.strideW()) * c;
                    int ch = 0;
                    for (; ch < vectorChannels; ch += W) {
                        FloatVector top = FloatVector.fromArray(S, x, at + ch).max(FloatVector.fromArray(S, x, at + c + ch));
                        FloatVector bottom = FloatVector.fromArray(S, x, at + down + ch)
                                .max(FloatVector.fromArray(S, x, at + down + c + ch));
                        top.max(bottom).intoArray(out, o + ch);
                    }
                    for (; ch < c; ch++) {
                        out[o + ch] = Math.max(Math.max(x[at + ch], x[at + c + ch]),
                                Math.max(x[at + down + ch], x[at + down + c + ch]));
                    }
                }
            }
        }
    }

    static void backward(Window2d w, int batch, float[] x, int xOff, float[] out, int outOff, float[] g, int gOff,
                         float beta, float[] dx, int dxOff) {
        if (!handles(w)) {
            MaxPool.backward(w, batch, x, xOff, out, outOff, g, gOff, beta, dx, dxOff);
            return;
        }
        // Windows that tile the input exactly (stride 2, even sides) cover every element of dx
        // once, so with beta 0 each is written, not zero-filled and then added to. A zero is
        // added to the gradient first, as the fill-then-add would (-0 becomes +0).
        boolean overwrite = beta == 0f && w.strideH() == 2 && w.strideW() == 2
                && w.inHeight() % 2 == 0 && w.inWidth() % 2 == 0;
        if (!overwrite) {
            Outputs.prepareToAdd(beta, dx, dxOff, batch * w.inSize());
        }
        int c = w.channels();
        int vectorChannels = c - c % W;
        int down = w.inWidth() * c;
        FloatVector zero = FloatVector.zero(S);
        int o = 0;
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++, o += c) {
                    int pixel = n * w.inSize() + (oy * w.strideH() * w.inWidth() + ox * w.strideW()) * c;
                    int at = xOff + pixel;
                    int to = dxOff + pixel;
                    int ch = 0;
                    for (; ch < vectorChannels; ch += W) {
                        FloatVector max = FloatVector.fromArray(S, out, outOff + o + ch);
                        FloatVector grad = FloatVector.fromArray(S, g, gOff + o + ch);
                        // The first of the four, in row-major order, that equals the maximum.
                        VectorMask<Float> first = FloatVector.fromArray(S, x, at + ch).compare(VectorOperators.EQ, max);
                        VectorMask<Float> taken = first;
                        VectorMask<Float> second = FloatVector.fromArray(S, x, at + c + ch)
                                .compare(VectorOperators.EQ, max).andNot(taken);
                        taken = taken.or(second);
                        VectorMask<Float> third = FloatVector.fromArray(S, x, at + down + ch)
                                .compare(VectorOperators.EQ, max).andNot(taken);
                        taken = taken.or(third);
                        VectorMask<Float> fourth = FloatVector.fromArray(S, x, at + down + c + ch)
                                .compare(VectorOperators.EQ, max).andNot(taken);
                        if (!taken.or(fourth).allTrue()) {
                            throw MaxPool.noMaximum(max.reduceLanes(VectorOperators.MAX));
                        }
                        if (overwrite) {
                            grad = grad.add(zero);
                            zero.blend(grad, first).intoArray(dx, to + ch);
                            zero.blend(grad, second).intoArray(dx, to + c + ch);
                            zero.blend(grad, third).intoArray(dx, to + down + ch);
                            zero.blend(grad, fourth).intoArray(dx, to + down + c + ch);
                        } else {
                            zero.blend(grad, first).add(FloatVector.fromArray(S, dx, to + ch)).intoArray(dx, to + ch);
                            zero.blend(grad, second).add(FloatVector.fromArray(S, dx, to + c + ch)).intoArray(dx, to + c + ch);
                            zero.blend(grad, third).add(FloatVector.fromArray(S, dx, to + down + ch)).intoArray(dx, to + down + ch);
                            zero.blend(grad, fourth).add(FloatVector.fromArray(S, dx, to + down + c + ch))
                                    .intoArray(dx, to + down + c + ch);
                        }
                    }
                    for (; ch < c; ch++) {
                        float max = out[outOff + o + ch];
                        int hit = x[at + ch] == max ? 0 : x[at + c + ch] == max ? c
                                : x[at + down + ch] == max ? down : x[at + down + c + ch] == max ? down + c : -1;
                        if (hit < 0) {
                            throw MaxPool.noMaximum(max);
                        }
                        if (overwrite) {
                            dx[to + ch] = 0f;
                            dx[to + c + ch] = 0f;
                            dx[to + down + ch] = 0f;
                            dx[to + down + c + ch] = 0f;
                        }
                        dx[to + hit + ch] += g[gOff + o + ch];
                    }
                }
            }
        }
    }
}
