package dev.vecgrad.core.simd;

import dev.vecgrad.core.conv.Outputs;
import dev.vecgrad.core.conv.Patches;
import dev.vecgrad.core.conv.Window2d;
import dev.vecgrad.core.kernels.ScalarConv;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A direct convolution on the Vector API: the products of {@link ScalarConv} (see there for
 * what they compute) with one output channel per lane and a block of output pixels held in
 * registers, so no patch matrix is ever written. This is the layout of oneDNN's direct AVX-512
 * convolution: a product whose output has only a few dozen channels (32 in the tutorial's CNN)
 * is too thin for a packed GEMM, which spent more time packing the patch matrix than
 * multiplying it.
 *
 * <p>Register blocks: {@link #PIXELS} output pixels of a row by two vectors of filters (16
 * accumulators, about half of AVX-512's 32 registers), so each weight vector loaded is used
 * 8 times and each broadcast input value twice; the input gradient uses half as many pixels
 * (wider blocks measured slower: 12 pixels for the forward pass, 8 for the input gradient).
 * Narrower problems use one vector of filters; a row's last pixels go one at a time; filters
 * or channels that do not fill a vector go to the scalar twin.
 *
 * <p>Two rules keep C2 (JDK 17) from boxing vectors, which costs an object per operation and
 * made the first version of these loops slower than the im2col path it replaced: a register
 * block carries its sums through one flat loop, never through nested ones; and no vector is
 * passed to a method, since C2 boxes one handed to a call it did not inline, and whether it
 * inlines a small helper depended on what the JVM had compiled before
 * ({@code SimdAllocationTest} caught it once in the full suite).
 * Sums leave a block through memory: stored into the output, or parked in a tile.
 *
 * <p>The forward pass and input gradient of a 3 x 3 window of stride 1 whose channels (filters,
 * for the gradient) fill whole vectors and filters (channels) whole GEMM tiles, the tutorial's
 * second convolution, go to {@link VectorWinograd} instead: 16 multiplications per 2 x 2
 * outputs instead of 36, 1.4x and 1.2x these kernels' speed there.
 */
final class VectorConv {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();
    /** Output pixels per register block. */
    static final int PIXELS = 8;
    /** Window rows shorter than this ({@code windowW * channels}) run through the offset table. */
    private static final int SHORT_RUN = 16;
    /** Kernel rows {@code (dy, dx, c)} per register block of the kernel gradient. */
    static final int ROWS = 8;
    /** About this many output pixels' gradients (two vectors each) are reused from L1 by every row block. */
    private static final int CHUNK_PIXELS = 128;

    private VectorConv() {
    }

    // ------------------------------------------------------------------ forward

    static void forward(Window2d w, int filters, int batch, float[] x, int xOff, float[] k, int kOff,
                        float[] bias, int biasOff, boolean relu, float[] out, int outOff) {
        if (filters < W) {
            viaPatches(w, filters, batch, x, xOff, k, kOff, bias, biasOff, relu, out, outOff);
            return;
        }
        if (VectorWinograd.applies(w, w.channels(), filters)) {
            VectorWinograd.forward(w, filters, batch, x, xOff, k, kOff, bias, biasOff, relu, out, outOff);
            return;
        }
        int vectorFilters = filters - filters % W;
        int[] offsets = rowOffsets(w, Scratch.get());
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < w.outHeight(); oy++) {
                int rowOrigin = xOff + n * w.inSize() + oy * w.strideH() * w.inWidth() * w.channels();
                int outRow = outOff + (n * w.outHeight() + oy) * w.outWidth() * filters;
                int f = 0;
                for (; f + 2 * W <= vectorFilters; f += 2 * W) {
                    forwardRow2(w, filters, x, rowOrigin, offsets, k, kOff + f, bias, biasOff + f, relu, out,
                            outRow + f);
                }
                for (; f < vectorFilters; f += W) {
                    forwardRow1(w, filters, x, rowOrigin, offsets, k, kOff + f, bias, biasOff + f, relu, out,
                            outRow + f);
                }
            }
        }
        if (vectorFilters < filters) {
            ScalarConv.forward(w, filters, batch, x, xOff, k, kOff, bias, biasOff, relu, out, outOff,
                    vectorFilters, filters);
        }
    }

    /**
     * Fewer filters than a vector has lanes (a small CNN's 8 at 512 bits): no lane layout fits
     * (every filter would go to the scalar rest), so the patch matrix and a GEMM, whose narrow
     * paths suit an output that thin, as the layer ran before the direct convolution.
     */
    private static void viaPatches(Window2d w, int filters, int batch, float[] x, int xOff, float[] k, int kOff,
                                   float[] bias, int biasOff, boolean relu, float[] out, int outOff) {
        int rows = batch * w.outPositions();
        float[] cols = Scratch.get().convPatches(rows * w.patchSize());
        Patches.gather(w, batch, x, xOff, cols);
        if (bias != null) {
            VectorGemm.linear(relu, rows, filters, w.patchSize(), cols, 0, k, kOff, bias, biasOff, out, outOff);
            return;
        }
        VectorGemm.gemm(false, false, rows, filters, w.patchSize(), 1f, cols, 0, w.patchSize(), k, kOff, filters, 0f,
                out, outOff, filters);
        if (relu) {
            for (int i = outOff; i < outOff + rows * filters; i++) {
                out[i] = Math.max(out[i], 0f);
            }
        }
    }

    /**
     * Where each kernel row {@code r = (dy, dx, c)} reads, relative to an output pixel's first
     * input element. A table, so that the register block runs one flat loop over r: C2 (JDK 17)
     * boxes vectors that are carried through nested loops.
     */
    private static int[] rowOffsets(Window2d w, Scratch scratch) {
        int[] offsets = scratch.convOffsets(w.patchSize());
        int c = w.channels();
        for (int r = 0; r < w.patchSize(); r++) {
            int tap = r / c;
            offsets[r] = ((tap / w.windowW()) * w.inWidth() + tap % w.windowW()) * c + r % c;
        }
        return offsets;
    }

    /**
     * One output row, filters {@code [f, f + 2W)}: blocks of 8 pixels, then single pixels. A
     * block runs one window row at a time, a flat loop over its {@code windowW * channels}
     * elements, contiguous in the input: every index is then linear in the loop counter and C2
     * drops the bounds checks (through the offset table, 8 of 10 loads per step were checked).
     * The sums wait in the output between window rows.
     */
    private static void forwardRow2(Window2d w, int filters, float[] x, int rowOrigin, int[] offsets, float[] k,
                                    int kf, float[] bias, int bf, boolean relu, float[] out, int outRow) {
        int rows = w.patchSize();
        int step = w.strideW() * w.channels();
        int run = w.windowW() * w.channels();
        int down = w.inWidth() * w.channels();
        int ox = 0;
        for (; ox + PIXELS <= w.outWidth(); ox += PIXELS) {
            int origin = rowOrigin + ox * step;
            int o = outRow + ox * filters;
            if (run < SHORT_RUN) {
                forwardBlock8x2Table(x, origin, offsets, rows, step, k, kf, filters, out, o);
            } else {
                for (int dy = 0; dy < w.windowH(); dy++) {
                    forwardBlock8x2(x, origin + dy * down, run, step, k, kf + dy * run * filters, filters, out, o,
                            dy == 0);
                }
            }
            epilogue(out, o, PIXELS, filters, 2, bias, bf, relu);
        }
        for (; ox < w.outWidth(); ox++) {
            FloatVector a = FloatVector.zero(S), b = FloatVector.zero(S);
            int origin = rowOrigin + ox * step;
            for (int r = 0, kr = kf; r < rows; r++, kr += filters) {
                FloatVector v = FloatVector.broadcast(S, x[origin + offsets[r]]);
                a = v.fma(FloatVector.fromArray(S, k, kr), a);
                b = v.fma(FloatVector.fromArray(S, k, kr + W), b);
            }
            int o = outRow + ox * filters;
            a.intoArray(out, o);
            b.intoArray(out, o + W);
            epilogue(out, o, 1, filters, 2, bias, bf, relu);
        }
    }

    /**
     * 8 pixels {@code step} apart by filters {@code [kr, kr + 2W)}: {@code run} contiguous input
     * elements from {@code at} meet {@code run} kernel rows; the sums start at 0 ({@code first})
     * or at what {@code out} holds, and go back to it.
     */
    private static void forwardBlock8x2(float[] x, int at, int run, int step, float[] k, int kr, int filters,
                                        float[] out, int o, boolean first) {
        FloatVector a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7;
        if (first) {
            a0 = FloatVector.zero(S);
            b0 = FloatVector.zero(S);
            a1 = FloatVector.zero(S);
            b1 = FloatVector.zero(S);
            a2 = FloatVector.zero(S);
            b2 = FloatVector.zero(S);
            a3 = FloatVector.zero(S);
            b3 = FloatVector.zero(S);
            a4 = FloatVector.zero(S);
            b4 = FloatVector.zero(S);
            a5 = FloatVector.zero(S);
            b5 = FloatVector.zero(S);
            a6 = FloatVector.zero(S);
            b6 = FloatVector.zero(S);
            a7 = FloatVector.zero(S);
            b7 = FloatVector.zero(S);
        } else {
            a0 = FloatVector.fromArray(S, out, o);
            b0 = FloatVector.fromArray(S, out, o + W);
            a1 = FloatVector.fromArray(S, out, o + filters);
            b1 = FloatVector.fromArray(S, out, o + filters + W);
            a2 = FloatVector.fromArray(S, out, o + 2 * filters);
            b2 = FloatVector.fromArray(S, out, o + 2 * filters + W);
            a3 = FloatVector.fromArray(S, out, o + 3 * filters);
            b3 = FloatVector.fromArray(S, out, o + 3 * filters + W);
            a4 = FloatVector.fromArray(S, out, o + 4 * filters);
            b4 = FloatVector.fromArray(S, out, o + 4 * filters + W);
            a5 = FloatVector.fromArray(S, out, o + 5 * filters);
            b5 = FloatVector.fromArray(S, out, o + 5 * filters + W);
            a6 = FloatVector.fromArray(S, out, o + 6 * filters);
            b6 = FloatVector.fromArray(S, out, o + 6 * filters + W);
            a7 = FloatVector.fromArray(S, out, o + 7 * filters);
            b7 = FloatVector.fromArray(S, out, o + 7 * filters + W);
        }
        for (int e = 0; e < run; e++, kr += filters) {
            int i = at + e;
            FloatVector k0 = FloatVector.fromArray(S, k, kr);
            FloatVector k1 = FloatVector.fromArray(S, k, kr + W);
            FloatVector v = FloatVector.broadcast(S, x[i]);
            a0 = v.fma(k0, a0);
            b0 = v.fma(k1, b0);
            v = FloatVector.broadcast(S, x[i + step]);
            a1 = v.fma(k0, a1);
            b1 = v.fma(k1, b1);
            v = FloatVector.broadcast(S, x[i + 2 * step]);
            a2 = v.fma(k0, a2);
            b2 = v.fma(k1, b2);
            v = FloatVector.broadcast(S, x[i + 3 * step]);
            a3 = v.fma(k0, a3);
            b3 = v.fma(k1, b3);
            v = FloatVector.broadcast(S, x[i + 4 * step]);
            a4 = v.fma(k0, a4);
            b4 = v.fma(k1, b4);
            v = FloatVector.broadcast(S, x[i + 5 * step]);
            a5 = v.fma(k0, a5);
            b5 = v.fma(k1, b5);
            v = FloatVector.broadcast(S, x[i + 6 * step]);
            a6 = v.fma(k0, a6);
            b6 = v.fma(k1, b6);
            v = FloatVector.broadcast(S, x[i + 7 * step]);
            a7 = v.fma(k0, a7);
            b7 = v.fma(k1, b7);
        }
        a0.intoArray(out, o);
        b0.intoArray(out, o + W);
        a1.intoArray(out, o + filters);
        b1.intoArray(out, o + filters + W);
        a2.intoArray(out, o + 2 * filters);
        b2.intoArray(out, o + 2 * filters + W);
        a3.intoArray(out, o + 3 * filters);
        b3.intoArray(out, o + 3 * filters + W);
        a4.intoArray(out, o + 4 * filters);
        b4.intoArray(out, o + 4 * filters + W);
        a5.intoArray(out, o + 5 * filters);
        b5.intoArray(out, o + 5 * filters + W);
        a6.intoArray(out, o + 6 * filters);
        b6.intoArray(out, o + 6 * filters + W);
        a7.intoArray(out, o + 7 * filters);
        b7.intoArray(out, o + 7 * filters + W);
    }

    /**
     * The same block through the offset table, for windows whose rows are short (the first
     * layer's 3 x 1 channel): there, keeping the sums in the output between window rows cost
     * more than the bounds checks.
     */
    private static void forwardBlock8x2Table(float[] x, int origin, int[] offsets, int rows, int step, float[] k,
                                             int kf, int filters, float[] out, int o) {
        FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
        FloatVector a4 = FloatVector.zero(S), a5 = FloatVector.zero(S), a6 = FloatVector.zero(S), a7 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S), b1 = FloatVector.zero(S), b2 = FloatVector.zero(S), b3 = FloatVector.zero(S);
        FloatVector b4 = FloatVector.zero(S), b5 = FloatVector.zero(S), b6 = FloatVector.zero(S), b7 = FloatVector.zero(S);
        for (int r = 0, kr = kf; r < rows; r++, kr += filters) {
            int i = origin + offsets[r];
            FloatVector k0 = FloatVector.fromArray(S, k, kr);
            FloatVector k1 = FloatVector.fromArray(S, k, kr + W);
            FloatVector v = FloatVector.broadcast(S, x[i]);
            a0 = v.fma(k0, a0);
            b0 = v.fma(k1, b0);
            v = FloatVector.broadcast(S, x[i + step]);
            a1 = v.fma(k0, a1);
            b1 = v.fma(k1, b1);
            v = FloatVector.broadcast(S, x[i + 2 * step]);
            a2 = v.fma(k0, a2);
            b2 = v.fma(k1, b2);
            v = FloatVector.broadcast(S, x[i + 3 * step]);
            a3 = v.fma(k0, a3);
            b3 = v.fma(k1, b3);
            v = FloatVector.broadcast(S, x[i + 4 * step]);
            a4 = v.fma(k0, a4);
            b4 = v.fma(k1, b4);
            v = FloatVector.broadcast(S, x[i + 5 * step]);
            a5 = v.fma(k0, a5);
            b5 = v.fma(k1, b5);
            v = FloatVector.broadcast(S, x[i + 6 * step]);
            a6 = v.fma(k0, a6);
            b6 = v.fma(k1, b6);
            v = FloatVector.broadcast(S, x[i + 7 * step]);
            a7 = v.fma(k0, a7);
            b7 = v.fma(k1, b7);
        }
        // Raw sums out, then the epilogue in a method of its own: a block this size inlines
        // up to C2's node limit, and a vector handed to a call that failed to inline is boxed.
        a0.intoArray(out, o);
        b0.intoArray(out, o + W);
        a1.intoArray(out, o += filters);
        b1.intoArray(out, o + W);
        a2.intoArray(out, o += filters);
        b2.intoArray(out, o + W);
        a3.intoArray(out, o += filters);
        b3.intoArray(out, o + W);
        a4.intoArray(out, o += filters);
        b4.intoArray(out, o + W);
        a5.intoArray(out, o += filters);
        b5.intoArray(out, o + W);
        a6.intoArray(out, o += filters);
        b6.intoArray(out, o + W);
        a7.intoArray(out, o += filters);
        b7.intoArray(out, o + W);
    }

    /** One output row, filters {@code [f, f + W)}: blocks of 8 pixels, then single pixels. */
    private static void forwardRow1(Window2d w, int filters, float[] x, int rowOrigin, int[] offsets, float[] k,
                                    int kf, float[] bias, int bf, boolean relu, float[] out, int outRow) {
        int rows = w.patchSize();
        int step = w.strideW() * w.channels();
        int ox = 0;
        for (; ox + PIXELS <= w.outWidth(); ox += PIXELS) {
            FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
            FloatVector a4 = FloatVector.zero(S), a5 = FloatVector.zero(S), a6 = FloatVector.zero(S), a7 = FloatVector.zero(S);
            int origin = rowOrigin + ox * step;
            for (int r = 0, kr = kf; r < rows; r++, kr += filters) {
                int i = origin + offsets[r];
                FloatVector k0 = FloatVector.fromArray(S, k, kr);
                a0 = FloatVector.broadcast(S, x[i]).fma(k0, a0);
                a1 = FloatVector.broadcast(S, x[i + step]).fma(k0, a1);
                a2 = FloatVector.broadcast(S, x[i + 2 * step]).fma(k0, a2);
                a3 = FloatVector.broadcast(S, x[i + 3 * step]).fma(k0, a3);
                a4 = FloatVector.broadcast(S, x[i + 4 * step]).fma(k0, a4);
                a5 = FloatVector.broadcast(S, x[i + 5 * step]).fma(k0, a5);
                a6 = FloatVector.broadcast(S, x[i + 6 * step]).fma(k0, a6);
                a7 = FloatVector.broadcast(S, x[i + 7 * step]).fma(k0, a7);
            }
            int o = outRow + ox * filters;
            a0.intoArray(out, o);
            a1.intoArray(out, o += filters);
            a2.intoArray(out, o += filters);
            a3.intoArray(out, o += filters);
            a4.intoArray(out, o += filters);
            a5.intoArray(out, o += filters);
            a6.intoArray(out, o += filters);
            a7.intoArray(out, o += filters);
            epilogue(out, outRow + ox * filters, PIXELS, filters, 1, bias, bf, relu);
        }
        for (; ox < w.outWidth(); ox++) {
            FloatVector a = FloatVector.zero(S);
            int origin = rowOrigin + ox * step;
            for (int r = 0, kr = kf; r < rows; r++, kr += filters) {
                a = FloatVector.broadcast(S, x[origin + offsets[r]]).fma(FloatVector.fromArray(S, k, kr), a);
            }
            a.intoArray(out, outRow + ox * filters);
            epilogue(out, outRow + ox * filters, 1, filters, 1, bias, bf, relu);
        }
    }

    /** Adds the bias to {@code vectors} vectors of each of {@code pixels} outputs at {@code at}, then the ReLU if asked. */
    private static void epilogue(float[] out, int at, int pixels, int filters, int vectors, float[] bias, int bf,
                                 boolean relu) {
        // max(z, -inf) is z, NaN included: one path with or without the ReLU.
        float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
        for (int v = 0; v < vectors; v++) {
            FloatVector b = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, bf + v * W);
            for (int p = 0, o = at + v * W; p < pixels; p++, o += filters) {
                FloatVector.fromArray(S, out, o).add(b).max(floor).intoArray(out, o);
            }
        }
    }

    // ------------------------------------------------------------------ input gradient

    /**
     * {@code dx = beta * dx +} the input gradient, one input channel per lane: for each output
     * pixel and window position, {@code sum_f g[p, f] * k[dy, dx, :, f]} is added onto the
     * input pixel it came from. That needs the kernel with channels contiguous, so it is first
     * transposed per window position into {@code (windowH, windowW, filters, channels)}.
     */
    static void backwardData(Window2d w, int filters, int batch, float[] g, int gOff, float[] k, int kOff,
                             float beta, float[] dx, int dxOff) {
        if (filters < W) {
            // The patches' gradient, g K^T, then each patch added back onto the pixels it read.
            int rows = batch * w.outPositions();
            float[] cols = Scratch.get().convPatches(rows * w.patchSize());
            VectorGemm.gemm(false, true, rows, w.patchSize(), filters, 1f, g, gOff, filters, k, kOff, filters, 0f,
                    cols, 0, w.patchSize());
            Patches.scatter(w, batch, cols, beta, dx, dxOff);
            return;
        }
        if (VectorWinograd.applies(w, filters, w.channels())) {
            VectorWinograd.backwardData(w, filters, batch, g, gOff, k, kOff, beta, dx, dxOff);
            return;
        }
        Outputs.prepareToAdd(beta, dx, dxOff, batch * w.inSize());
        int c = w.channels();
        int vectorChannels = c - c % W;
        if (vectorChannels > 0) {
            int taps = w.windowH() * w.windowW();
            float[] kt = Scratch.get().convKernel(taps * filters * c);
            for (int t = 0; t < taps; t++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int f = 0; f < filters; f++) {
                        kt[(t * filters + f) * c + ch] = k[kOff + (t * c + ch) * filters + f];
                    }
                }
            }
            for (int n = 0; n < batch; n++) {
                for (int oy = 0; oy < w.outHeight(); oy++) {
                    int rowOrigin = dxOff + n * w.inSize() + oy * w.strideH() * w.inWidth() * c;
                    int gRow = gOff + (n * w.outHeight() + oy) * w.outWidth() * filters;
                    int ch = 0;
                    for (; ch + 2 * W <= vectorChannels; ch += 2 * W) {
                        backwardDataRow2(w, filters, g, gRow, kt, ch, dx, rowOrigin + ch);
                    }
                    for (; ch < vectorChannels; ch += W) {
                        backwardDataRow1(w, filters, g, gRow, kt, ch, dx, rowOrigin + ch);
                    }
                }
            }
        }
        if (vectorChannels < c) {
            ScalarConv.addBackwardData(w, filters, batch, g, gOff, k, kOff, dx, dxOff, vectorChannels, c);
        }
    }

    /** One output row's contribution to channels {@code [ch, ch + 2W)} of the input gradient. */
    private static void backwardDataRow2(Window2d w, int filters, float[] g, int gRow, float[] kt, int ch,
                                         float[] dx, int rowOrigin) {
        int c = w.channels();
        int step = w.strideW() * c;
        int taps = w.windowH() * w.windowW();
        int ox = 0;
        for (; ox + PIXELS / 2 <= w.outWidth(); ox += PIXELS / 2) {
            int gp = gRow + ox * filters;
            for (int t = 0; t < taps; t++) {
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
                FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
                int kr = t * filters * c + ch;
                for (int f = 0; f < filters; f++, kr += c) {
                    FloatVector k0 = FloatVector.fromArray(S, kt, kr);
                    FloatVector k1 = FloatVector.fromArray(S, kt, kr + W);
                    FloatVector v = FloatVector.broadcast(S, g[gp + f]);
                    a0 = v.fma(k0, a0);
                    b0 = v.fma(k1, b0);
                    v = FloatVector.broadcast(S, g[gp + filters + f]);
                    a1 = v.fma(k0, a1);
                    b1 = v.fma(k1, b1);
                    v = FloatVector.broadcast(S, g[gp + 2 * filters + f]);
                    a2 = v.fma(k0, a2);
                    b2 = v.fma(k1, b2);
                    v = FloatVector.broadcast(S, g[gp + 3 * filters + f]);
                    a3 = v.fma(k0, a3);
                    b3 = v.fma(k1, b3);
                }
                int to = rowOrigin + ox * step + ((t / w.windowW()) * w.inWidth() + t % w.windowW()) * c;
                a0.add(FloatVector.fromArray(S, dx, to)).intoArray(dx, to);
                b0.add(FloatVector.fromArray(S, dx, to + W)).intoArray(dx, to + W);
                to += step;
                a1.add(FloatVector.fromArray(S, dx, to)).intoArray(dx, to);
                b1.add(FloatVector.fromArray(S, dx, to + W)).intoArray(dx, to + W);
                to += step;
                a2.add(FloatVector.fromArray(S, dx, to)).intoArray(dx, to);
                b2.add(FloatVector.fromArray(S, dx, to + W)).intoArray(dx, to + W);
                to += step;
                a3.add(FloatVector.fromArray(S, dx, to)).intoArray(dx, to);
                b3.add(FloatVector.fromArray(S, dx, to + W)).intoArray(dx, to + W);
            }
        }
        for (; ox < w.outWidth(); ox++) {
            int gp = gRow + ox * filters;
            for (int t = 0; t < taps; t++) {
                FloatVector a = FloatVector.zero(S), b = FloatVector.zero(S);
                int kr = t * filters * c + ch;
                for (int f = 0; f < filters; f++, kr += c) {
                    FloatVector v = FloatVector.broadcast(S, g[gp + f]);
                    a = v.fma(FloatVector.fromArray(S, kt, kr), a);
                    b = v.fma(FloatVector.fromArray(S, kt, kr + W), b);
                }
                int to = rowOrigin + ox * step + ((t / w.windowW()) * w.inWidth() + t % w.windowW()) * c;
                a.add(FloatVector.fromArray(S, dx, to)).intoArray(dx, to);
                b.add(FloatVector.fromArray(S, dx, to + W)).intoArray(dx, to + W);
            }
        }
    }

    /** One output row's contribution to channels {@code [ch, ch + W)} of the input gradient. */
    private static void backwardDataRow1(Window2d w, int filters, float[] g, int gRow, float[] kt, int ch,
                                         float[] dx, int rowOrigin) {
        int c = w.channels();
        int step = w.strideW() * c;
        int taps = w.windowH() * w.windowW();
        for (int ox = 0; ox < w.outWidth(); ox++) {
            int gp = gRow + ox * filters;
            for (int t = 0; t < taps; t++) {
                FloatVector a = FloatVector.zero(S);
                int kr = t * filters * c + ch;
                for (int f = 0; f < filters; f++, kr += c) {
                    a = FloatVector.broadcast(S, g[gp + f]).fma(FloatVector.fromArray(S, kt, kr), a);
                }
                int to = rowOrigin + ox * step + ((t / w.windowW()) * w.inWidth() + t % w.windowW()) * c;
                a.add(FloatVector.fromArray(S, dx, to)).intoArray(dx, to);
            }
        }
    }

    // ------------------------------------------------------------------ kernel gradient

    /**
     * {@code dk = beta * dk +} the kernel gradient, a reduction over every output pixel: for a
     * block of 8 kernel rows {@code (dy, dx, c)} by two vectors of filters, each pixel's
     * gradient (two vectors) meets 8 broadcast input values. The pixels go in chunks of whole
     * output rows, about {@link #CHUNK_PIXELS} at a time, so that a chunk's gradients stay in L1
     * while every row block passes over them; a table of the chunk's pixel origins keeps the
     * register block's loop flat (see {@link #rowOffsets}).
     */
    static void backwardKernel(Window2d w, int filters, int batch, float[] x, int xOff, float[] g, int gOff,
                               float beta, float[] dk, int dkOff) {
        if (filters < W) {
            int rows = batch * w.outPositions();
            float[] cols = Scratch.get().convPatches(rows * w.patchSize());
            Patches.gather(w, batch, x, xOff, cols);
            VectorGemm.gemm(true, false, w.patchSize(), filters, rows, 1f, cols, 0, w.patchSize(), g, gOff, filters, beta,
                    dk, dkOff, filters);
            return;
        }
        int rows = w.patchSize();
        Outputs.prepareToAdd(beta, dk, dkOff, rows * filters);
        int vectorFilters = filters - filters % W;
        if (vectorFilters > 0) {
            Scratch scratch = Scratch.get();
            int[] offsets = rowOffsets(w, scratch);
            int chunkRows = Math.max(1, Math.min(w.outHeight(), CHUNK_PIXELS / w.outWidth()));
            int[] origins = scratch.convOrigins(chunkRows * w.outWidth());
            int c = w.channels();
            for (int n = 0; n < batch; n++) {
                for (int oy0 = 0; oy0 < w.outHeight(); oy0 += chunkRows) {
                    int oy1 = Math.min(w.outHeight(), oy0 + chunkRows);
                    int pixels = 0;
                    for (int oy = oy0; oy < oy1; oy++) {
                        for (int ox = 0; ox < w.outWidth(); ox++) {
                            origins[pixels++] = xOff + n * w.inSize() + (oy * w.strideH() * w.inWidth() + ox * w.strideW()) * c;
                        }
                    }
                    int gChunk = gOff + (n * w.outHeight() + oy0) * w.outWidth() * filters;
                    int f = 0;
                    for (; f + 2 * W <= vectorFilters; f += 2 * W) {
                        int r = 0;
                        for (; r + ROWS <= rows; r += ROWS) {
                            kernelBlock8x2(filters, x, origins, pixels, offsets, r, g, gChunk + f, dk,
                                    dkOff + r * filters + f, scratch.convTile);
                        }
                        for (; r < rows; r++) {
                            kernelRow(filters, x, origins, pixels, offsets[r], g, gChunk + f, dk, dkOff + r * filters + f);
                            kernelRow(filters, x, origins, pixels, offsets[r], g, gChunk + f + W, dk,
                                    dkOff + r * filters + f + W);
                        }
                    }
                    for (; f < vectorFilters; f += W) {
                        for (int r = 0; r < rows; r++) {
                            kernelRow(filters, x, origins, pixels, offsets[r], g, gChunk + f, dk, dkOff + r * filters + f);
                        }
                    }
                }
            }
        }
        if (vectorFilters < filters) {
            ScalarConv.addBackwardKernel(w, filters, batch, x, xOff, g, gOff, dk, dkOff, vectorFilters, filters);
        }
    }

    /** Kernel rows {@code [r, r + 8)} by two vectors of filters at {@code gp}, over a chunk's pixels. */
    private static void kernelBlock8x2(int filters, float[] x, int[] origins, int pixels, int[] offsets, int r,
                                       float[] g, int gp, float[] dk, int at, float[] tile) {
        int o0 = offsets[r], o1 = offsets[r + 1], o2 = offsets[r + 2], o3 = offsets[r + 3];
        int o4 = offsets[r + 4], o5 = offsets[r + 5], o6 = offsets[r + 6], o7 = offsets[r + 7];
        FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
        FloatVector a4 = FloatVector.zero(S), a5 = FloatVector.zero(S), a6 = FloatVector.zero(S), a7 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S), b1 = FloatVector.zero(S), b2 = FloatVector.zero(S), b3 = FloatVector.zero(S);
        FloatVector b4 = FloatVector.zero(S), b5 = FloatVector.zero(S), b6 = FloatVector.zero(S), b7 = FloatVector.zero(S);
        for (int p = 0; p < pixels; p++, gp += filters) {
            int i = origins[p];
            FloatVector g0 = FloatVector.fromArray(S, g, gp);
            FloatVector g1 = FloatVector.fromArray(S, g, gp + W);
            FloatVector v = FloatVector.broadcast(S, x[i + o0]);
            a0 = v.fma(g0, a0);
            b0 = v.fma(g1, b0);
            v = FloatVector.broadcast(S, x[i + o1]);
            a1 = v.fma(g0, a1);
            b1 = v.fma(g1, b1);
            v = FloatVector.broadcast(S, x[i + o2]);
            a2 = v.fma(g0, a2);
            b2 = v.fma(g1, b2);
            v = FloatVector.broadcast(S, x[i + o3]);
            a3 = v.fma(g0, a3);
            b3 = v.fma(g1, b3);
            v = FloatVector.broadcast(S, x[i + o4]);
            a4 = v.fma(g0, a4);
            b4 = v.fma(g1, b4);
            v = FloatVector.broadcast(S, x[i + o5]);
            a5 = v.fma(g0, a5);
            b5 = v.fma(g1, b5);
            v = FloatVector.broadcast(S, x[i + o6]);
            a6 = v.fma(g0, a6);
            b6 = v.fma(g1, b6);
            v = FloatVector.broadcast(S, x[i + o7]);
            a7 = v.fma(g0, a7);
            b7 = v.fma(g1, b7);
        }
        // Parked in a tile, then added in a method of its own, for the reason given in forwardRow2.
        a0.intoArray(tile, 0);
        b0.intoArray(tile, W);
        a1.intoArray(tile, 2 * W);
        b1.intoArray(tile, 3 * W);
        a2.intoArray(tile, 4 * W);
        b2.intoArray(tile, 5 * W);
        a3.intoArray(tile, 6 * W);
        b3.intoArray(tile, 7 * W);
        a4.intoArray(tile, 8 * W);
        b4.intoArray(tile, 9 * W);
        a5.intoArray(tile, 10 * W);
        b5.intoArray(tile, 11 * W);
        a6.intoArray(tile, 12 * W);
        b6.intoArray(tile, 13 * W);
        a7.intoArray(tile, 14 * W);
        b7.intoArray(tile, 15 * W);
        addTile(tile, dk, at, filters);
    }

    /** {@code dk[row j, 2 vectors] += tile[j]} for the 8 rows of a block. */
    private static void addTile(float[] tile, float[] dk, int at, int filters) {
        for (int j = 0; j < ROWS; j++, at += filters) {
            FloatVector.fromArray(S, tile, 2 * j * W).add(FloatVector.fromArray(S, dk, at)).intoArray(dk, at);
            FloatVector.fromArray(S, tile, (2 * j + 1) * W).add(FloatVector.fromArray(S, dk, at + W)).intoArray(dk, at + W);
        }
    }

    /** One kernel row (reading at {@code offset}) by one vector of filters at {@code gp}, over a chunk's pixels. */
    private static void kernelRow(int filters, float[] x, int[] origins, int pixels, int offset, float[] g, int gp,
                                  float[] dk, int at) {
        FloatVector a = FloatVector.zero(S);
        for (int p = 0; p < pixels; p++, gp += filters) {
            a = FloatVector.broadcast(S, x[origins[p] + offset]).fma(FloatVector.fromArray(S, g, gp), a);
        }
        a.add(FloatVector.fromArray(S, dk, at)).intoArray(dk, at);
    }
}
