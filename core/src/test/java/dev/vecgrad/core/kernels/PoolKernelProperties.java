package dev.vecgrad.core.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Max pooling, both implementations: against a plain reference, and bit for bit against each
 * other. The inputs are drawn from a handful of values, zeros among them, so that windows
 * often hold several equal maxima (after a ReLU, all-zero windows are common): the gradient
 * must go to the first of them in row-major order, and only to it. Channel counts around the
 * vector widths (15, 16, 17, 33) reach the SIMD path's vectors and its scalar rest.
 */
class PoolKernelProperties {

    static final Kernels SCALAR = KernelProvider.scalar();
    static final Kernels SIMD = KernelProvider.simd();

    @Provide
    Arbitrary<Window2d> windows() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 9), Arbitraries.integers().between(1, 9),
                        Arbitraries.of(1, 3, 8, 15, 16, 17, 32, 33), Arbitraries.of(1, 2, 2, 2, 3),
                        Arbitraries.of(1, 2, 2, 2, 3), Arbitraries.of(1, 2, 2, 3), Arbitraries.of(1, 2, 2, 3),
                        Arbitraries.of(Padding.VALID, Padding.VALID, Padding.SAME))
                .as((h, w, c, kh, kw, sh, sw, p) -> p == Padding.VALID && (kh > h || kw > w)
                        ? Window2d.of(h, w, c, 1, 1, sh, sw, p) : Window2d.of(h, w, c, kh, kw, sh, sw, p));
    }

    @Property(tries = 300)
    void bothImplementationsMatchTheReferenceBitForBit(@ForAll("windows") Window2d w,
                                                       @ForAll @IntRange(min = 1, max = 3) int batch,
                                                       @ForAll("betas") float beta, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = ties(r, batch * w.inSize());
        int outSize = batch * w.outPositions() * w.channels();
        float[] g = new float[outSize];
        for (int i = 0; i < outSize; i++) {
            g[i] = (float) (r.nextDouble() * 2 - 1);
        }
        float[] dx0 = ties(r, batch * w.inSize());
        float[] expectedOut = new float[outSize];
        float[] expectedDx = dx0.clone();
        reference(w, batch, x, g, beta, expectedOut, expectedDx);
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            float[] out = new float[outSize + 2];
            Arrays.fill(out, Float.NaN);
            kernels.maxPool2d(w, batch, x, 0, out, 1);
            assertArrayEquals(expectedOut, Arrays.copyOfRange(out, 1, 1 + outSize), kernels.name() + " forward");
            assertTrue(Float.isNaN(out[0]) && Float.isNaN(out[outSize + 1]), kernels.name() + " wrote outside");
            float[] dx = new float[dx0.length + 1];
            System.arraycopy(dx0, 0, dx, 1, dx0.length);
            if (beta == 0f) {
                Arrays.fill(dx, 1, dx.length, Float.NaN);
            }
            kernels.maxPool2dBackward(w, batch, x, 0, expectedOut, 0, g, 0, beta, dx, 1);
            assertArrayEquals(expectedDx, Arrays.copyOfRange(dx, 1, dx.length), kernels.name() + " backward");
        }
    }

    @Provide
    Arbitrary<Float> betas() {
        return Arbitraries.of(0f, 1f, 0.5f);
    }

    /** The tutorial's pooling: 24 x 24 x 32 to 12 x 12 x 32, after a ReLU (a third of the values 0). */
    @Example
    void tutorialShape() {
        bothImplementationsMatchTheReferenceBitForBit(Window2d.of(24, 24, 32, 2, 2, 2, 2, Padding.VALID), 4, 0f, 7L);
    }

    /**
     * A gradient of -0 lands as +0, as zero-filling and then adding gives: also where the SIMD
     * kernel writes each element instead (stride 2, even sides, beta 0), and in its scalar rest.
     */
    @Example
    void negativeZeroGradientsLandAsPositiveZero() {
        Window2d w = Window2d.of(4, 6, 17, 2, 2, 2, 2, Padding.VALID);
        float[] x = ties(new SplittableRandom(3), w.inSize());
        float[] out = new float[w.outPositions() * w.channels()];
        SCALAR.maxPool2d(w, 1, x, 0, out, 0);
        float[] g = new float[out.length];
        Arrays.fill(g, -0f);
        float[] expected = new float[w.inSize()];
        reference(w, 1, x, g, 0f, new float[out.length], expected);
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            float[] dx = new float[w.inSize()];
            Arrays.fill(dx, Float.NaN);
            kernels.maxPool2dBackward(w, 1, x, 0, out, 0, g, 0, 0f, dx, 0);
            assertArrayEquals(expected, dx, kernels.name());
        }
    }

    @Example
    void aNanInAWindowIsAnErrorInBothImplementations() {
        Window2d w = Window2d.of(2, 2, 16, 2, 2, 2, 2, Padding.VALID);
        float[] x = new float[w.inSize()];
        x[5] = Float.NaN;
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            float[] out = new float[16];
            kernels.maxPool2d(w, 1, x, 0, out, 0);
            assertTrue(Float.isNaN(out[5]), kernels.name());
            var e = assertThrows(IllegalStateException.class,
                    () -> kernels.maxPool2dBackward(w, 1, x, 0, out, 0, new float[16], 0, 0f, new float[64], 0));
            assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        }
    }

    @Example
    void shortArraysAreNamed() {
        Window2d w = Window2d.of(4, 4, 16, 2, 2, 2, 2, Padding.VALID);
        for (Kernels kernels : new Kernels[] {SCALAR, SIMD}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> kernels.maxPool2d(w, 1, new float[256], 0, new float[63], 0));
            assertEquals("maxPool2d output: 64 elements at offset 0 do not fit in an array of length 63", e.getMessage());
        }
    }

    /** Values from {-1, 0, 0, 0.5, 1, 2}: many ties. */
    private static float[] ties(SplittableRandom r, int n) {
        float[] values = {-1f, 0f, 0f, 0.5f, 1f, 2f};
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = values[r.nextInt(values.length)];
        }
        return a;
    }

    /** Max pooling in plain loops: the maximum, and the gradient to the first element equal to it. */
    private static void reference(Window2d w, int batch, float[] x, float[] g, float beta, float[] out, float[] dx) {
        int c = w.channels();
        for (int i = 0; i < dx.length; i++) {
            dx[i] = beta == 0f ? 0f : beta * dx[i];
        }
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++) {
                    for (int ch = 0; ch < c; ch++) {
                        float max = Float.NEGATIVE_INFINITY;
                        int first = -1;
                        for (int dy = 0; dy < w.windowH(); dy++) {
                            for (int dxi = 0; dxi < w.windowW(); dxi++) {
                                int iy = oy * w.strideH() - w.padTop() + dy;
                                int ix = ox * w.strideW() - w.padLeft() + dxi;
                                if (iy >= 0 && iy < w.inHeight() && ix >= 0 && ix < w.inWidth()) {
                                    int at = n * w.inSize() + (iy * w.inWidth() + ix) * c + ch;
                                    if (first < 0 || x[at] > max) {
                                        max = x[at];
                                        first = at;
                                    }
                                }
                            }
                        }
                        int o = ((n * w.outHeight() + oy) * w.outWidth() + ox) * c + ch;
                        out[o] = max;
                        dx[first] += g[o];
                    }
                }
            }
        }
    }
}
