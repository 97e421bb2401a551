package dev.vecgrad.core.kernels;

import static dev.vecgrad.core.kernels.GemmProperties.gamma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vecgrad.core.conv.Padding;
import dev.vecgrad.core.conv.Window2d;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The direct convolution's three products, both implementations, against double-precision
 * loops, and against each other.
 *
 * <p>Sizes are chosen to reach every path of the SIMD kernels at 256 and 512 bits: rows of
 * 8-pixel blocks with single pixels left over, filter and channel counts of two vectors, one
 * vector and a scalar remainder (15, 17, 33, 47, 49, 65), strides up to 3.
 *
 * <p>Tolerance, derived as in {@link GemmProperties}: an output is a sum of K products (exact
 * inside an FMA) plus a bias, so it is within {@code gamma(K + 2) * (sum |products| + |bias|)}
 * of the exact value in any order. An input-gradient element gathers at most
 * {@code taps * filters} products in at most {@code taps} partial sums plus {@code beta * dx}:
 * {@code gamma(taps * (filters + 1) + 2)}. A kernel-gradient element sums one product per
 * output pixel plus {@code beta * dk}: {@code gamma(pixels + 2)}. Each implementation must be
 * within its bound, so the two are within twice of each other, which is checked too. A 3 x 3
 * forward pass or input gradient of stride 1 may run by Winograd's F(2x2, 3x3) in the SIMD set: it is held to
 * that algorithm's own bound ({@link #winogradBound}) or the direct one, whichever is larger,
 * and the two sets to the sum of their bounds. Every
 * element outside the arrays' runs is NaN, and every run sits at an offset: a read outside
 * poisons a result, a write outside is caught.
 */
class ConvKernelProperties {

    static final Kernels SCALAR = KernelProvider.scalar();
    static final Kernels SIMD = KernelProvider.simd();
    static final int PAD = 3;

    @Provide
    Arbitrary<Window2d> windows() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 22),
                        Arbitraries.of(1, 2, 3, 5, 15, 16, 17, 31, 32, 33), Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(1, 3), Arbitraries.of(1, 1, 2, 3), Arbitraries.of(1, 1, 2, 3))
                .as((h, w, c, kh, kw, sh, sw) -> kh > h || kw > w ? Window2d.of(h, w, c, 1, 1, sh, sw, Padding.VALID)
                        : Window2d.of(h, w, c, kh, kw, sh, sw, Padding.VALID));
    }

    @Provide
    Arbitrary<Integer> filters() {
        return Arbitraries.of(1, 2, 3, 8, 15, 16, 17, 31, 32, 33, 47, 48, 49, 65);
    }

    @Provide
    Arbitrary<Float> betas() {
        return Arbitraries.of(0f, 1f, 0.5f);
    }

    @Property(tries = 150)
    void forwardMatchesTheDoubleReference(@ForAll("windows") Window2d w, @ForAll("filters") int filters,
                                          @ForAll @IntRange(min = 1, max = 3) int batch, @ForAll boolean bias,
                                          @ForAll boolean relu, @ForAll long seed) {
        checkForward(new Problem(w, filters, batch, new SplittableRandom(seed)), bias, relu);
    }

    @Property(tries = 150)
    void inputGradientMatchesTheDoubleReference(@ForAll("windows") Window2d w, @ForAll("filters") int filters,
                                                @ForAll @IntRange(min = 1, max = 3) int batch,
                                                @ForAll("betas") float beta, @ForAll long seed) {
        checkInputGradient(new Problem(w, filters, batch, new SplittableRandom(seed)), beta);
    }

    @Property(tries = 150)
    void kernelGradientMatchesTheDoubleReference(@ForAll("windows") Window2d w, @ForAll("filters") int filters,
                                                 @ForAll @IntRange(min = 1, max = 3) int batch,
                                                 @ForAll("betas") float beta, @ForAll long seed) {
        checkKernelGradient(new Problem(w, filters, batch, new SplittableRandom(seed)), beta);
    }

    /**
     * 3 x 3 windows of stride 1, which the SIMD set runs by Winograd's F(2x2, 3x3) when channels
     * fill whole vectors and filters whole register tiles: odd and even sides (a last tile half
     * outside the image).
     */
    @Property(tries = 50)
    void threeByThreeForwardMatchesTheDoubleReference(@ForAll @IntRange(min = 3, max = 14) int height,
                                                      @ForAll @IntRange(min = 3, max = 14) int width,
                                                      @ForAll("vectorCounts") int channels,
                                                      @ForAll("vectorCounts") int filters,
                                                      @ForAll @IntRange(min = 1, max = 2) int batch, @ForAll boolean bias,
                                                      @ForAll boolean relu, @ForAll long seed) {
        Window2d w = Window2d.of(height, width, channels, 3, 3, 1, 1, Padding.VALID);
        checkForward(new Problem(w, filters, batch, new SplittableRandom(seed)), bias, relu);
    }

    /** The input gradient of the same shapes, which the SIMD set runs by Winograd too, with beta 0, 1 and 1/2. */
    @Property(tries = 50)
    void threeByThreeInputGradientMatchesTheDoubleReference(@ForAll @IntRange(min = 3, max = 14) int height,
                                                            @ForAll @IntRange(min = 3, max = 14) int width,
                                                            @ForAll("vectorCounts") int channels,
                                                            @ForAll("vectorCounts") int filters,
                                                            @ForAll @IntRange(min = 1, max = 2) int batch,
                                                            @ForAll("betas") float beta, @ForAll long seed) {
        Window2d w = Window2d.of(height, width, channels, 3, 3, 1, 1, Padding.VALID);
        checkInputGradient(new Problem(w, filters, batch, new SplittableRandom(seed)), beta);
    }

    @Provide
    Arbitrary<Integer> vectorCounts() {
        // 32 and 64 fill whole register tiles (two vectors) at 512 bits, 16 and 32 at 256; 24 and
        // 40 fill whole vectors at 256 bits only, so they reach the direct kernels too.
        return Arbitraries.of(16, 24, 32, 40, 64);
    }

    /** The tutorial's CNN: 28 x 28 x 1 images, then 26 x 26 x 32, 3 x 3 kernels, 32 filters, a batch of 32. */
    @Example
    void tutorialShapes() {
        SplittableRandom r = new SplittableRandom(5);
        for (Window2d w : new Window2d[] {Window2d.of(28, 28, 1, 3, 3, 1, 1, Padding.VALID),
                Window2d.of(26, 26, 32, 3, 3, 1, 1, Padding.VALID)}) {
            Problem p = new Problem(w, 32, 32, r);
            checkForward(p, true, true);
            checkInputGradient(p, 0f);
            checkKernelGradient(p, 1f);
        }
    }

    @Example
    void betaZeroNeverReadsTheOutput() {
        SplittableRandom r = new SplittableRandom(6);
        // 33 channels and filters: the direct kernels; 32: Winograd's input gradient in the SIMD set.
        for (int size : new int[] {33, 32}) {
            Window2d w = Window2d.of(9, 11, size, 3, 3, 1, 1, Padding.VALID);
            for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
                Problem p = new Problem(w, size, 2, r);
                float[] dx = new float[2 * w.inSize()];
                float[] dk = new float[w.patchSize() * size];
                Arrays.fill(dx, Float.NaN);
                Arrays.fill(dk, Float.NaN);
                kernels.conv2dBackwardData(w, size, 2, p.g, PAD, p.k, PAD, 0f, dx, 0);
                kernels.conv2dBackwardKernel(w, size, 2, p.x, PAD, p.g, PAD, 0f, dk, 0);
                for (float v : dx) {
                    assertTrue(Float.isFinite(v), kernels.name() + " " + size + ": beta = 0 let a NaN of dx through");
                }
                for (float v : dk) {
                    assertTrue(Float.isFinite(v), kernels.name() + " " + size + ": beta = 0 let a NaN of dk through");
                }
            }
        }
    }

    @Example
    void badArgumentsAreNamed() {
        Window2d same = Window2d.of(5, 5, 1, 3, 3, 1, 1, Padding.SAME);
        Window2d valid = Window2d.of(5, 5, 1, 3, 3, 1, 1, Padding.VALID);
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            var padded = assertThrows(IllegalArgumentException.class, () -> kernels.conv2d(same, 2, 1, new float[25], 0,
                    new float[18], 0, null, 0, false, new float[50], 0));
            assertTrue(padded.getMessage().contains("valid padding"), padded.getMessage());
            var input = assertThrows(IllegalArgumentException.class, () -> kernels.conv2d(valid, 2, 2, new float[25], 0,
                    new float[18], 0, null, 0, false, new float[36], 0));
            assertTrue(input.getMessage().contains("conv2d input"), input.getMessage());
            var bias = assertThrows(IllegalArgumentException.class, () -> kernels.conv2d(valid, 2, 1, new float[25], 0,
                    new float[18], 0, new float[1], 0, false, new float[18], 0));
            assertTrue(bias.getMessage().contains("conv2d bias"), bias.getMessage());
            var dk = assertThrows(IllegalArgumentException.class, () -> kernels.conv2dBackwardKernel(valid, 2, 1,
                    new float[25], 0, new float[18], 0, 0f, new float[17], 0));
            assertTrue(dk.getMessage().contains("conv2d kernel gradient"), dk.getMessage());
            var filters = assertThrows(IllegalArgumentException.class, () -> kernels.conv2dBackwardData(valid, 0, 1,
                    new float[18], 0, new float[18], 0, 0f, new float[25], 0));
            assertTrue(filters.getMessage().contains("filters must be >= 1"), filters.getMessage());
            var huge = assertThrows(IllegalArgumentException.class, () -> kernels.conv2d(
                    Window2d.of(1000, 1000, 64, 3, 3, 1, 1, Padding.VALID), 64, 64, new float[1], 0, new float[1], 0,
                    null, 0, false, new float[1], 0));
            assertEquals("conv2d: the input would hold 4096000000 floats, more than an array can", huge.getMessage());
        }
    }

    @Example
    void nanInTheInputPropagatesToItsWindowsOnly() {
        Window2d w = Window2d.of(6, 20, 1, 3, 3, 1, 1, Padding.VALID);
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            float[] x = new float[w.inSize()];
            x[0] = Float.NaN;
            float[] k = new float[9 * 32];
            float[] out = new float[w.outPositions() * 32];
            kernels.conv2d(w, 32, 1, x, 0, k, 0, null, 0, false, out, 0);
            assertTrue(Float.isNaN(out[0]), kernels.name());
            assertTrue(Float.isFinite(out[32]), kernels.name() + ": the second window does not cover pixel 0");
        }
    }

    // ---------------------------------------------------------------- the three checks

    static void checkForward(Problem p, boolean withBias, boolean relu) {
        Window2d w = p.w;
        int f = p.filters;
        double[] exact = new double[p.outSize()];
        double[] bound = new double[p.outSize()];
        for (int n = 0; n < p.batch; n++) {
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++) {
                    int o = ((n * w.outHeight() + oy) * w.outWidth() + ox) * f;
                    for (int j = 0; j < f; j++) {
                        double sum = withBias ? p.bias[PAD + j] : 0, magnitude = Math.abs(sum);
                        for (int r = 0; r < w.patchSize(); r++) {
                            double prod = (double) p.x[PAD + p.inputIndex(n, oy, ox, r)] * p.k[PAD + r * f + j];
                            sum += prod;
                            magnitude += Math.abs(prod);
                        }
                        exact[o + j] = relu ? Math.max(sum, 0) : sum;
                        bound[o + j] = gamma(w.patchSize() + 2) * magnitude;
                    }
                }
            }
        }
        float[] scalar = runForward(SCALAR, p, withBias, relu);
        float[] simd = runForward(SIMD, p, withBias, relu);
        double[] simdBound = bound;
        if (w.windowH() == 3 && w.windowW() == 3 && w.strideH() == 1 && w.strideW() == 1) {
            // The SIMD set may run this shape by Winograd's F(2x2, 3x3): it must be within that
            // algorithm's bound, or the direct one's, whichever is larger.
            simdBound = winogradBound(p, withBias);
            for (int i = 0; i < simdBound.length; i++) {
                simdBound[i] = Math.max(simdBound[i], bound[i]);
            }
        }
        compare("conv2d", exact, bound, simdBound, scalar, simd);
    }

    /**
     * The error bound of F(2x2, 3x3) (see {@code VectorWinograd}), derived stage by stage as
     * for a GEMM: the kernel transform {@code G g G^T} adds two roundings per stage, the input
     * transform {@code B^T d B} one per stage, the channel sum of the 16 products C - 1 more
     * (one rounding per FMA), the output transform {@code A^T M A} two per stage, the bias one;
     * each relative to the sum of the absolute values it combines. Together, an output is within
     * {@code gamma(C + 12) (S + |bias|)} of the exact value, where
     * {@code S = sum_c |A^T| (|G| |g_c| |G^T| . |B^T| |d_c| |B|) |A|}, the same expression with
     * every entry and value made absolute (transform entries are 0, +-1/2, +-1, exact in float).
     */
    static double[] winogradBound(Problem p, boolean withBias) {
        Window2d w = p.w;
        int c = w.channels();
        int f = p.filters;
        double[] extra = new double[p.outSize()];
        for (int i = 0; i < extra.length; i++) {
            extra[i] = withBias ? Math.abs(p.bias[PAD + i % f]) : 0;
        }
        return winogradBound(w.inHeight(), w.inWidth(), 0, c, f, w.outHeight(), w.outWidth(), p.batch, p.x,
                (tap, ch, j) -> Math.abs(p.k[PAD + (tap * c + ch) * f + j]), extra, 12);
    }

    /** The magnitudes of one kernel: tap (3 ky + kx), channel, filter. */
    interface KernelMagnitude {
        double at(int tap, int channel, int filter);
    }

    /**
     * The bound above for any 3 x 3 stride-1 product on inputs of {@code inH x inW} zero-padded
     * by {@code pad} (the input gradient is one: the output gradient padded by 2, the kernel
     * turned), {@code extra[o]} being what is added to output o besides the convolution (the
     * bias, or beta times the old value) and {@code roundings} the roundings beside the
     * channel sum's.
     */
    static double[] winogradBound(int inH, int inW, int pad, int c, int f, int outH, int outW, int batch, float[] x,
                                  KernelMagnitude kernel, double[] extra, int roundings) {
        double[][] absG = {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, 0.5, 0.5}, {0, 0, 1}};
        double[][] absBt = {{1, 0, 1, 0}, {0, 1, 1, 0}, {0, 1, 1, 0}, {0, 1, 0, 1}};
        double[][] absAt = {{1, 1, 1, 0}, {0, 1, 1, 1}};
        double[][][][] u = new double[c][f][][];               // |G| |g| |G^T| per channel and filter
        for (int ch = 0; ch < c; ch++) {
            for (int j = 0; j < f; j++) {
                double[][] g = new double[3][3];
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        g[a][b] = kernel.at(a * 3 + b, ch, j);
                    }
                }
                u[ch][j] = times(times(absG, g), transpose(absG));
            }
        }
        double[] bound = new double[batch * outH * outW * f];
        for (int n = 0; n < batch; n++) {
            for (int y0 = 0; y0 < outH; y0 += 2) {
                for (int x0 = 0; x0 < outW; x0 += 2) {
                    double[][][] v = new double[c][][];        // |B^T| |d| |B| per channel of this tile
                    for (int ch = 0; ch < c; ch++) {
                        double[][] d = new double[4][4];
                        for (int a = 0; a < 4; a++) {
                            for (int b = 0; b < 4; b++) {
                                int iy = y0 + a - pad, ix = x0 + b - pad;
                                d[a][b] = iy >= 0 && iy < inH && ix >= 0 && ix < inW
                                        ? Math.abs(x[PAD + ((n * inH + iy) * inW + ix) * c + ch]) : 0;
                            }
                        }
                        v[ch] = times(times(absBt, d), transpose(absBt));
                    }
                    for (int j = 0; j < f; j++) {
                        double[][] m = new double[4][4];
                        for (int ch = 0; ch < c; ch++) {
                            for (int a = 0; a < 4; a++) {
                                for (int b = 0; b < 4; b++) {
                                    m[a][b] += u[ch][j][a][b] * v[ch][a][b];
                                }
                            }
                        }
                        double[][] s = times(times(absAt, m), transpose(absAt));
                        for (int a = 0; a < 2 && y0 + a < outH; a++) {
                            for (int e = 0; e < 2 && x0 + e < outW; e++) {
                                int o = ((n * outH + y0 + a) * outW + x0 + e) * f + j;
                                bound[o] = gamma(c + roundings) * (s[a][e] + extra[o]);
                            }
                        }
                    }
                }
            }
        }
        return bound;
    }

    private static double[][] times(double[][] a, double[][] b) {
        double[][] r = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int k = 0; k < b.length; k++) {
                    r[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return r;
    }

    private static double[][] transpose(double[][] a) {
        double[][] r = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                r[j][i] = a[i][j];
            }
        }
        return r;
    }

    static void checkInputGradient(Problem p, float beta) {
        Window2d w = p.w;
        int f = p.filters;
        double[] exact = new double[p.inSize()];
        double[] magnitude = new double[p.inSize()];
        for (int i = 0; i < p.inSize(); i++) {
            if (beta != 0f) {
                exact[i] = beta * (double) p.dx[PAD + i];
                magnitude[i] = Math.abs(exact[i]);
            }
        }
        for (int n = 0; n < p.batch; n++) {
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++) {
                    int gp = ((n * w.outHeight() + oy) * w.outWidth() + ox) * f;
                    for (int r = 0; r < w.patchSize(); r++) {
                        int at = p.inputIndex(n, oy, ox, r);
                        for (int j = 0; j < f; j++) {
                            double prod = (double) p.g[PAD + gp + j] * p.k[PAD + r * f + j];
                            exact[at] += prod;
                            magnitude[at] += Math.abs(prod);
                        }
                    }
                }
            }
        }
        int taps = w.windowH() * w.windowW();
        double[] bound = new double[p.inSize()];
        for (int i = 0; i < bound.length; i++) {
            bound[i] = gamma(taps * (f + 1) + 2) * magnitude[i];
        }
        float[] scalar = runInputGradient(SCALAR, p, beta);
        float[] simd = runInputGradient(SIMD, p, beta);
        double[] simdBound = bound;
        if (w.windowH() == 3 && w.windowW() == 3 && w.strideH() == 1 && w.strideW() == 1) {
            // Winograd's input gradient: the output gradient padded by 2, convolved with the kernel
            // turned 180 degrees (filters as channels); beta * dx is added by one more FMA.
            int c = w.channels();
            double[] old = new double[p.inSize()];
            for (int i = 0; i < old.length; i++) {
                old[i] = Math.abs(beta * (double) p.dx[PAD + i]);
            }
            simdBound = winogradBound(w.outHeight(), w.outWidth(), 2, f, c, w.inHeight(), w.inWidth(), p.batch, p.g,
                    (tap, ch, j) -> Math.abs(p.k[PAD + ((8 - tap) * c + j) * f + ch]), old, 13);
            for (int i = 0; i < simdBound.length; i++) {
                simdBound[i] = Math.max(simdBound[i], bound[i]);
            }
        }
        compare("conv2d input gradient", exact, bound, simdBound, scalar, simd);
    }

    static void checkKernelGradient(Problem p, float beta) {
        Window2d w = p.w;
        int f = p.filters;
        int size = w.patchSize() * f;
        double[] exact = new double[size];
        double[] magnitude = new double[size];
        for (int i = 0; i < size; i++) {
            if (beta != 0f) {
                exact[i] = beta * (double) p.dk[PAD + i];
                magnitude[i] = Math.abs(exact[i]);
            }
        }
        for (int n = 0; n < p.batch; n++) {
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++) {
                    int gp = ((n * w.outHeight() + oy) * w.outWidth() + ox) * f;
                    for (int r = 0; r < w.patchSize(); r++) {
                        double v = p.x[PAD + p.inputIndex(n, oy, ox, r)];
                        for (int j = 0; j < f; j++) {
                            double prod = v * p.g[PAD + gp + j];
                            exact[r * f + j] += prod;
                            magnitude[r * f + j] += Math.abs(prod);
                        }
                    }
                }
            }
        }
        double[] bound = new double[size];
        for (int i = 0; i < size; i++) {
            bound[i] = gamma(p.batch * w.outPositions() + 2) * magnitude[i];
        }
        float[] scalar = runKernelGradient(SCALAR, p, beta);
        float[] simd = runKernelGradient(SIMD, p, beta);
        compare("conv2d kernel gradient", exact, bound, scalar, simd);
    }

    private static float[] runForward(Kernels kernels, Problem p, boolean withBias, boolean relu) {
        float[] out = nanArray(p.outSize());
        kernels.conv2d(p.w, p.filters, p.batch, p.x, PAD, p.k, PAD, withBias ? p.bias : null, withBias ? PAD : 0,
                relu, out, PAD);
        return checkedRun(kernels, out, p.outSize());
    }

    private static float[] runInputGradient(Kernels kernels, Problem p, float beta) {
        float[] dx = p.dx.clone();
        kernels.conv2dBackwardData(p.w, p.filters, p.batch, p.g, PAD, p.k, PAD, beta, dx, PAD);
        return checkedRun(kernels, dx, p.inSize());
    }

    private static float[] runKernelGradient(Kernels kernels, Problem p, float beta) {
        float[] dk = p.dk.clone();
        kernels.conv2dBackwardKernel(p.w, p.filters, p.batch, p.x, PAD, p.g, PAD, beta, dk, PAD);
        return checkedRun(kernels, dk, p.w.patchSize() * p.filters);
    }

    /** The run at PAD, after checking that nothing around it was written. */
    private static float[] checkedRun(Kernels kernels, float[] array, int n) {
        for (int i = 0; i < array.length; i++) {
            if ((i < PAD || i >= PAD + n) && !Float.isNaN(array[i])) {
                fail(kernels.name() + ": wrote element " + i + " outside its run [" + PAD + ", " + (PAD + n) + ")");
            }
        }
        return Arrays.copyOfRange(array, PAD, PAD + n);
    }

    private static void compare(String what, double[] exact, double[] bound, float[] scalar, float[] simd) {
        compare(what, exact, bound, bound, scalar, simd);
    }

    /** Each implementation within its own bound, so the two within the sum of both. */
    private static void compare(String what, double[] exact, double[] scalarBound, double[] simdBound, float[] scalar,
                                float[] simd) {
        for (int i = 0; i < exact.length; i++) {
            double s = Math.abs(scalar[i] - exact[i]);
            double v = Math.abs(simd[i] - exact[i]);
            if (!(s <= scalarBound[i])) {
                fail(what + ", scalar, element " + i + ": " + scalar[i] + " vs exact " + exact[i] + ", bound "
                        + scalarBound[i]);
            }
            if (!(v <= simdBound[i])) {
                fail(what + ", simd, element " + i + ": " + simd[i] + " vs exact " + exact[i] + ", bound " + simdBound[i]);
            }
            assertTrue(Math.abs(simd[i] - scalar[i]) <= scalarBound[i] + simdBound[i],
                    what + ": simd and scalar apart at " + i);
        }
        assertEquals(exact.length, simd.length);
    }

    static float[] nanArray(int n) {
        float[] a = new float[n + 2 * PAD];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    /** One random problem: every run at offset PAD in a NaN-filled array, values in [-1, 1). */
    static final class Problem {
        final Window2d w;
        final int filters;
        final int batch;
        final float[] x, k, bias, g, dx, dk;

        Problem(Window2d w, int filters, int batch, SplittableRandom r) {
            this.w = w;
            this.filters = filters;
            this.batch = batch;
            x = values(r, inSize());
            k = values(r, w.patchSize() * filters);
            bias = values(r, filters);
            g = values(r, outSize());
            dx = values(r, inSize());
            dk = values(r, w.patchSize() * filters);
        }

        int inSize() {
            return batch * w.inSize();
        }

        int outSize() {
            return batch * w.outPositions() * filters;
        }

        /** The input element that kernel row r = (dy, dx, c) meets at output pixel (n, oy, ox). */
        int inputIndex(int n, int oy, int ox, int r) {
            int c = w.channels();
            int tap = r / c;
            int iy = oy * w.strideH() + tap / w.windowW();
            int ix = ox * w.strideW() + tap % w.windowW();
            return n * w.inSize() + (iy * w.inWidth() + ix) * c + r % c;
        }

        private static float[] values(SplittableRandom r, int n) {
            float[] a = nanArray(n);
            for (int i = 0; i < n; i++) {
                a[PAD + i] = (float) (r.nextDouble() * 2 - 1);
            }
            return a;
        }
    }
}
