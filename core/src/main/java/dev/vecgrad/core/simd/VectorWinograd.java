package dev.vecgrad.core.simd;

import static dev.vecgrad.core.simd.PackedGemm.MR;
import static dev.vecgrad.core.simd.PackedGemm.NR;

import dev.vecgrad.core.conv.Window2d;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3 x 3 convolutions of stride 1 by Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray,
 * 2016): a 2 x 2 block of outputs from a 4 x 4 block of inputs takes 16 multiplications per
 * (channel, filter) pair where the direct convolution takes 36,
 * {@code Y = A^T [(G g G^T) . (B^T d B)] A}, with
 * <pre>
 *   B^T = | 1  0 -1  0 |     G = | 1    0    0  |     A^T = | 1  1  1  0 |
 *         | 0  1  1  0 |         | 1/2  1/2  1/2 |           | 0  1 -1 -1 |
 *         | 0 -1  1  0 |         | 1/2 -1/2  1/2 |
 *         | 0  1  0 -1 |         | 0    0    1  |
 * </pre>
 * The kernel is transformed once per call into {@code U[xi]} (16 channels x filters matrices,
 * stored as GEMM's packed B panels). Then, {@link #BLOCK} tiles at a time, so that everything a
 * block touches stays in L1: their input blocks are transformed into {@code V[xi]} (tiles x
 * channels), the 16 products {@code M[xi] = V[xi] U[xi]} run through GEMM's register tile, and
 * each tile's 16 products are transformed back into its 2 x 2 outputs. Channels and filters are
 * in the vector lanes (NHWC), so the transforms are adds and subtracts of whole vectors.
 *
 * <p>The same routine computes the input gradient, a "full" convolution of the output gradient
 * (zero-padded by 2) with the kernel turned 180 degrees and its channels and filters swapped.
 * Inputs outside the image read as 0 (a tile over the edge is copied into a block with zeros
 * around it first); outputs past the edge are not written. A NaN or infinity in an input block
 * reaches all four outputs of its tile, where the direct convolution reaches only the windows
 * that hold it. The kernel gradient stays direct: its filter is the whole output gradient.
 *
 * <p>Error: every transform entry is 0, +-1 or +-1/2; {@code ConvKernelProperties} derives the
 * bound and holds the result to it.
 */
final class VectorWinograd {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();
    private static final int XI = 16;
    /** Tiles per block: four register tiles of 6, and its V and M (24 KiB each at 32 channels) in L1. */
    private static final int BLOCK = 24;

    private VectorWinograd() {
    }

    /** Whether a product of these channels and filters takes this path (a 3 x 3 window of stride 1). */
    static boolean applies(Window2d w, int channels, int filters) {
        return w.windowH() == 3 && w.windowW() == 3 && w.strideH() == 1 && w.strideW() == 1
                && channels % W == 0 && filters % NR == 0;
    }

    /** {@code out = act(conv(x, k) + bias)}, as {@link VectorConv#forward}. */
    static void forward(Window2d w, int filters, int batch, float[] x, int xOff, float[] k, int kOff,
                        float[] bias, int biasOff, boolean relu, float[] out, int outOff) {
        Scratch scratch = Scratch.get();
        int channels = w.channels();
        float[] u = scratch.winogradKernel(XI * channels * filters);
        transformKernel(k, kOff, channels, filters, u);
        float[] b = bias != null ? bias : scratch.winogradZeros(filters);
        run(w.inHeight(), w.inWidth(), 0, channels, filters, w.outHeight(), w.outWidth(), batch, x, xOff, u, b,
                bias != null ? biasOff : 0, relu ? 0f : Float.NEGATIVE_INFINITY, 0f, out, outOff);
    }

    /** {@code dx = beta * dx + } the input gradient for output gradient g, as {@link VectorConv#backwardData}. */
    static void backwardData(Window2d w, int filters, int batch, float[] g, int gOff, float[] k, int kOff,
                             float beta, float[] dx, int dxOff) {
        Scratch scratch = Scratch.get();
        int channels = w.channels();
        // The kernel turned 180 degrees, its filters as channels and its channels as filters.
        float[] turned = scratch.convKernel(9 * filters * channels);
        for (int tap = 0; tap < 9; tap++) {
            for (int c = 0; c < channels; c++) {
                for (int f = 0; f < filters; f++) {
                    turned[((8 - tap) * filters + f) * channels + c] = k[kOff + (tap * channels + c) * filters + f];
                }
            }
        }
        float[] u = scratch.winogradKernel(XI * filters * channels);
        transformKernel(turned, 0, filters, channels, u);
        run(w.outHeight(), w.outWidth(), 2, filters, channels, w.inHeight(), w.inWidth(), batch, g, gOff, u,
                scratch.winogradZeros(channels), 0, Float.NEGATIVE_INFINITY, beta, dx, dxOff);
    }

    /**
     * {@code out = max(beta * out + conv + bias, floor)} for a 3 x 3 window of stride 1 over
     * inputs of {@code inH x inW} zero-padded by {@code pad}, giving {@code outH x outW}.
     */
    private static void run(int inH, int inW, int pad, int channels, int filters, int outH, int outW, int batch,
                            float[] x, int xOff, float[] u, float[] bias, int biasOff, float floor, float beta,
                            float[] out, int outOff) {
        Scratch scratch = Scratch.get();
        float[] v = scratch.winogradInput(XI * BLOCK * channels);
        float[] m = scratch.winogradProducts(XI * BLOCK * filters);
        float[] block = scratch.winogradBlock(16 * channels);
        float[] rows = scratch.winogradRows;
        float[] acc = scratch.gemmTile;
        int tilesH = (outH + 1) / 2;
        int tilesW = (outW + 1) / 2;
        int inSize = inH * inW * channels;
        int outSize = outH * outW * filters;
        int perImage = tilesH * tilesW;
        for (int n = 0; n < batch; n++) {
            int image = xOff + n * inSize;
            int outImage = outOff + n * outSize;
            // Blocks of BLOCK tiles in row order, across tile rows: 13 tiles a row (a 26-wide
            // output) would leave a register tile of 6 nearly empty at every row's end.
            for (int t0 = 0; t0 < perImage; t0 += BLOCK) {
                int tiles = Math.min(BLOCK, perImage - t0);
                for (int t = 0; t < tiles; t++) {
                    int ty = (t0 + t) / tilesW, tx = (t0 + t) % tilesW;
                    int y0 = 2 * ty - pad, x0 = 2 * tx - pad;
                    if (y0 >= 0 && x0 >= 0 && y0 + 4 <= inH && x0 + 4 <= inW) {
                        transformInput(x, image + (y0 * inW + x0) * channels, inW * channels, channels, t, tiles,
                                rows, v);
                    } else {
                        copyBlock(x, image, inH, inW, channels, y0, x0, block);
                        transformInput(block, 0, 4 * channels, channels, t, tiles, rows, v);
                    }
                }
                multiply(tiles, channels, filters, v, u, acc, m);
                for (int t = 0; t < tiles; t++) {
                    int ty = (t0 + t) / tilesW, tx = (t0 + t) % tilesW;
                    transformOutput(outH, outW, filters, m, t, tiles, bias, biasOff, floor, beta, out, outImage,
                            2 * ty, 2 * tx, rows);
                }
            }
        }
    }

    /**
     * {@code M[xi] = V[xi] U[xi]} for one block of tiles: GEMM's register tile over MR tiles by
     * one NR-wide panel of filters at a time, reading V where it is ({@code U} is already in
     * panels); each tile's sums are copied into M.
     */
    private static void multiply(int tiles, int channels, int filters, float[] v, float[] u, float[] acc, float[] m) {
        for (int xi = 0; xi < XI; xi++) {
            for (int t0 = 0; t0 < tiles; t0 += MR) {
                int mr = Math.min(MR, tiles - t0);
                for (int f = 0; f < filters; f += NR) {
                    PackedGemm.tileInPlace(channels, v, (xi * tiles + t0) * channels, channels, 1, mr, u,
                            xi * channels * filters + f * channels, acc);
                    for (int i = 0; i < mr; i++) {
                        System.arraycopy(acc, i * NR, m, (xi * tiles + t0 + i) * filters + f, NR);
                    }
                }
            }
        }
    }

    /**
     * {@code U[xi] = (G g G^T)[xi]} for every channel c and filter f, k being (3, 3, channels,
     * filters); stored as GEMM's packed B panels: panel p (filters p NR to p NR + NR - 1) holds,
     * for each channel, its NR values.
     */
    private static void transformKernel(float[] k, int kOff, int channels, int filters, float[] u) {
        int plane = channels * filters;
        FloatVector half = FloatVector.broadcast(S, 0.5f);
        for (int c = 0; c < channels; c++) {
            for (int f = 0; f < filters; f += W) {
                int from = kOff + c * filters + f;
                int to = (f - f % NR) * channels + c * NR + f % NR;
                // G g, column by column (rows 0..3 parked in U's slots 4 i + column).
                for (int col = 0; col < 3; col++) {
                    FloatVector g0 = FloatVector.fromArray(S, k, from + col * plane);
                    FloatVector g1 = FloatVector.fromArray(S, k, from + (3 + col) * plane);
                    FloatVector g2 = FloatVector.fromArray(S, k, from + (6 + col) * plane);
                    FloatVector sum = g0.add(g2);
                    g0.intoArray(u, col * plane + to);
                    sum.add(g1).mul(half).intoArray(u, (4 + col) * plane + to);
                    sum.sub(g1).mul(half).intoArray(u, (8 + col) * plane + to);
                    g2.intoArray(u, (12 + col) * plane + to);
                }
                // (G g) G^T, row by row, in place.
                for (int i = 0; i < 4; i++) {
                    FloatVector t0 = FloatVector.fromArray(S, u, (4 * i) * plane + to);
                    FloatVector t1 = FloatVector.fromArray(S, u, (4 * i + 1) * plane + to);
                    FloatVector t2 = FloatVector.fromArray(S, u, (4 * i + 2) * plane + to);
                    FloatVector sum = t0.add(t2);
                    t0.intoArray(u, (4 * i) * plane + to);
                    sum.add(t1).mul(half).intoArray(u, (4 * i + 1) * plane + to);
                    sum.sub(t1).mul(half).intoArray(u, (4 * i + 2) * plane + to);
                    t2.intoArray(u, (4 * i + 3) * plane + to);
                }
            }
        }
    }

    /** The 4 x 4 pixels at (y0, x0) of one image into {@code block}, 0 outside the image. */
    private static void copyBlock(float[] x, int image, int inH, int inW, int channels, int y0, int x0, float[] block) {
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                int to = (4 * i + j) * channels;
                int y = y0 + i, xx = x0 + j;
                if (y >= 0 && y < inH && xx >= 0 && xx < inW) {
                    System.arraycopy(x, image + (y * inW + xx) * channels, block, to, channels);
                } else {
                    Arrays.fill(block, to, to + channels, 0f);
                }
            }
        }
    }

    /**
     * {@code V[xi][tile][c] = (B^T d B)[xi]} for the 4 x 4 block whose first pixel is at
     * {@code src[at]}, rows {@code rowStride} apart, pixels {@code channels} apart.
     * {@code rows} parks {@code B^T d} (4 x 4 vectors).
     */
    private static void transformInput(float[] src, int at, int rowStride, int channels, int tile, int tiles,
                                       float[] rows, float[] v) {
        int plane = tiles * channels;
        for (int c = 0; c < channels; c += W) {
            // B^T d, column by column: r0 = d0 - d2, r1 = d1 + d2, r2 = d2 - d1, r3 = d1 - d3.
            for (int j = 0; j < 4; j++) {
                int p = at + j * channels + c;
                FloatVector d0 = FloatVector.fromArray(S, src, p);
                FloatVector d1 = FloatVector.fromArray(S, src, p + rowStride);
                FloatVector d2 = FloatVector.fromArray(S, src, p + 2 * rowStride);
                FloatVector d3 = FloatVector.fromArray(S, src, p + 3 * rowStride);
                d0.sub(d2).intoArray(rows, j * W);
                d1.add(d2).intoArray(rows, (4 + j) * W);
                d2.sub(d1).intoArray(rows, (8 + j) * W);
                d1.sub(d3).intoArray(rows, (12 + j) * W);
            }
            // (B^T d) B, row by row, into V.
            int base = tile * channels + c;
            for (int i = 0; i < 4; i++) {
                FloatVector r0 = FloatVector.fromArray(S, rows, (4 * i) * W);
                FloatVector r1 = FloatVector.fromArray(S, rows, (4 * i + 1) * W);
                FloatVector r2 = FloatVector.fromArray(S, rows, (4 * i + 2) * W);
                FloatVector r3 = FloatVector.fromArray(S, rows, (4 * i + 3) * W);
                r0.sub(r2).intoArray(v, (4 * i) * plane + base);
                r1.add(r2).intoArray(v, (4 * i + 1) * plane + base);
                r2.sub(r1).intoArray(v, (4 * i + 2) * plane + base);
                r1.sub(r3).intoArray(v, (4 * i + 3) * plane + base);
            }
        }
    }

    /**
     * One tile's 2 x 2 outputs {@code max(beta * out + A^T M A + bias, floor)}, written where
     * they fall inside the output; {@code rows} parks {@code A^T M} (2 x 4 vectors). With beta
     * 0 the output is not read.
     */
    private static void transformOutput(int outH, int outW, int filters, float[] m, int tile, int tiles,
                                        float[] bias, int biasOff, float floor, float beta, float[] out, int image,
                                        int y0, int x0, float[] rows) {
        int plane = tiles * filters;
        FloatVector low = FloatVector.broadcast(S, floor);
        FloatVector betaV = FloatVector.broadcast(S, beta);
        int height = Math.min(2, outH - y0);
        boolean second = x0 + 1 < outW;
        for (int f = 0; f < filters; f += W) {
            int at = tile * filters + f;
            // A^T M, column by column: s0 = m0 + m1 + m2, s1 = m1 - m2 - m3.
            for (int j = 0; j < 4; j++) {
                FloatVector m0 = FloatVector.fromArray(S, m, j * plane + at);
                FloatVector m1 = FloatVector.fromArray(S, m, (4 + j) * plane + at);
                FloatVector m2 = FloatVector.fromArray(S, m, (8 + j) * plane + at);
                FloatVector m3 = FloatVector.fromArray(S, m, (12 + j) * plane + at);
                m0.add(m1).add(m2).intoArray(rows, j * W);
                m1.sub(m2).sub(m3).intoArray(rows, (4 + j) * W);
            }
            FloatVector b = FloatVector.fromArray(S, bias, biasOff + f);
            for (int i = 0; i < height; i++) {
                FloatVector s0 = FloatVector.fromArray(S, rows, (4 * i) * W);
                FloatVector s1 = FloatVector.fromArray(S, rows, (4 * i + 1) * W);
                FloatVector s2 = FloatVector.fromArray(S, rows, (4 * i + 2) * W);
                FloatVector s3 = FloatVector.fromArray(S, rows, (4 * i + 3) * W);
                int row = image + ((y0 + i) * outW + x0) * filters + f;
                // Each branch ends in its store: no vector is chosen by a condition.
                if (beta == 0f) {
                    s0.add(s1).add(s2).add(b).max(low).intoArray(out, row);
                } else {
                    FloatVector.fromArray(S, out, row).fma(betaV, s0.add(s1).add(s2).add(b)).max(low)
                            .intoArray(out, row);
                }
                if (second) {
                    if (beta == 0f) {
                        s1.sub(s2).sub(s3).add(b).max(low).intoArray(out, row + filters);
                    } else {
                        FloatVector.fromArray(S, out, row + filters).fma(betaV, s1.sub(s2).sub(s3).add(b)).max(low)
                                .intoArray(out, row + filters);
                    }
                }
            }
        }
    }
}
