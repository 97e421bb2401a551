package dev.vecgrad.core.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * im2col against a convolution written the textbook way (four loops over output, window and
 * channel, padding by bounds checks), and its scatter against the adjoint identity
 * {@code <gather(x), y> = <x, scatter(y)>}; max pooling against a direct maximum.
 */
class PatchesTest {

    @Provide
    Arbitrary<Window2d> windows() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 9), Arbitraries.integers().between(1, 9),
                        Arbitraries.of(1, 2, 3, 16, 17), Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(1, 3), Arbitraries.of(Padding.VALID, Padding.SAME))
                .as((h, w, c, kh, kw, sh, sw, p) -> p == Padding.VALID && (kh > h || kw > w) ? null
                        : Window2d.of(h, w, c, kh, kw, sh, sw, p))
                .filter(Objects::nonNull);
    }

    @Property(tries = 200)
    void patchesTimesAKernelIsAConvolution(@ForAll("windows") Window2d w, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int batch = 2, filters = 3;
        float[] x = random(random, batch * w.inSize());
        float[] kernel = random(random, w.patchSize() * filters);   // (kh, kw, c, f)
        float[] cols = new float[batch * w.outPositions() * w.patchSize()];
        Patches.gather(w, batch, x, 0, cols);
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < w.outHeight(); oy++) {
                for (int ox = 0; ox < w.outWidth(); ox++) {
                    int row = (n * w.outHeight() + oy) * w.outWidth() + ox;
                    for (int f = 0; f < filters; f++) {
                        double viaPatches = 0, direct = 0;
                        for (int p = 0; p < w.patchSize(); p++) {
                            viaPatches += (double) cols[row * w.patchSize() + p] * kernel[p * filters + f];
                        }
                        for (int dy = 0; dy < w.windowH(); dy++) {
                            for (int dx = 0; dx < w.windowW(); dx++) {
                                int iy = oy * w.strideH() + dy - w.padTop();
                                int ix = ox * w.strideW() + dx - w.padLeft();
                                if (iy < 0 || ix < 0 || iy >= w.inHeight() || ix >= w.inWidth()) {
                                    continue;
                                }
                                for (int c = 0; c < w.channels(); c++) {
                                    direct += (double) x[((n * w.inHeight() + iy) * w.inWidth() + ix) * w.channels() + c]
                                            * kernel[((dy * w.windowW() + dx) * w.channels() + c) * filters + f];
                                }
                            }
                        }
                        assertEquals(direct, viaPatches, 1e-9, "output (" + n + ", " + oy + ", " + ox + ", " + f + ")");
                    }
                }
            }
        }
    }

    @Property(tries = 200)
    void scatterIsTheAdjointOfGather(@ForAll("windows") Window2d w, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int batch = 2;
        float[] x = random(random, batch * w.inSize());
        float[] y = random(random, batch * w.outPositions() * w.patchSize());
        float[] cols = new float[y.length];
        Patches.gather(w, batch, x, 0, cols);
        float[] back = new float[x.length];
        Arrays.fill(back, Float.NaN);                 // beta 0 must not read what is there
        Patches.scatter(w, batch, y, 0f, back);
        double left = 0, right = 0;
        for (int i = 0; i < y.length; i++) {
            left += (double) cols[i] * y[i];
        }
        for (int i = 0; i < x.length; i++) {
            right += (double) x[i] * back[i];
        }
        assertEquals(left, right, 1e-4 * (1 + Math.abs(left)));
    }

    @Property(tries = 100)
    void scatterWithBetaScalesWhatIsThereAndAdds(@ForAll("windows") Window2d w, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] y = random(random, w.outPositions() * w.patchSize());
        float[] before = random(random, w.inSize());
        float[] fresh = new float[w.inSize()];
        Patches.scatter(w, 1, y, 0f, fresh);
        for (float beta : new float[] {1f, -0.5f}) {
            float[] dx = before.clone();
            Patches.scatter(w, 1, y, beta, dx);
            for (int i = 0; i < dx.length; i++) {
                // An element gets at most K = windowH * windowW values below 1 in magnitude, so every
                // partial sum is below K + 1 and each of the K + 1 additions (and the expected value's
                // own) rounds by at most 2^-24 of that.
                int k = w.windowH() * w.windowW();
                float bound = (k + 2) * (k + 2) * 0x1.0p-24f;
                assertEquals(beta * before[i] + fresh[i], dx[i], bound, "beta " + beta + ", element " + i);
            }
        }
    }

    @Property(tries = 200)
    void maxPoolTakesEachWindowsLargestCoveredElement(@ForAll("windows") Window2d w, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = random(random, w.inSize());
        float[] out = new float[w.outPositions() * w.channels()];
        MaxPool.forward(w, 1, x, 0, out, 0);
        float[] expected = new float[out.length];
        for (int oy = 0; oy < w.outHeight(); oy++) {
            for (int ox = 0; ox < w.outWidth(); ox++) {
                for (int c = 0; c < w.channels(); c++) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int iy = Math.max(0, oy * w.strideH() - w.padTop());
                         iy < Math.min(w.inHeight(), oy * w.strideH() - w.padTop() + w.windowH()); iy++) {
                        for (int ix = Math.max(0, ox * w.strideW() - w.padLeft());
                             ix < Math.min(w.inWidth(), ox * w.strideW() - w.padLeft() + w.windowW()); ix++) {
                            max = Math.max(max, x[(iy * w.inWidth() + ix) * w.channels() + c]);
                        }
                    }
                    expected[(oy * w.outWidth() + ox) * w.channels() + c] = max;
                }
            }
        }
        assertArrayEquals(expected, out);
    }

    private static float[] random(SplittableRandom random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return a;
    }
}
