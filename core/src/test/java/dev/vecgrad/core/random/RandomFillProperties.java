package dev.vecgrad.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecgrad.core.kernels.KernelProvider;
import dev.vecgrad.core.kernels.Kernels;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The random fills: value i of a stream depends on (seed, stream, i) only, so one call, many
 * calls over random chunks, the scalar and the SIMD kernels all give the same bits; and the
 * values have the distribution they claim.
 */
class RandomFillProperties {

    static final Kernels SCALAR = KernelProvider.scalar();
    static final Kernels SIMD = KernelProvider.simd();

    interface Fill {
        void fill(Kernels k, long index, float[] out, int off, int n);
    }

    private static Fill gaussian(long seed, long stream) {
        return (k, index, out, off, n) -> k.fillGaussian(seed, stream, index, out, off, n, 0.25f, 1.5f);
    }

    private static Fill uniform(long seed, long stream) {
        return (k, index, out, off, n) -> k.fillUniform(seed, stream, index, out, off, n);
    }

    /** The range filled by random chunks, each a separate call. */
    private static float[] chunked(Kernels k, Fill fill, long start, int n, SplittableRandom cuts) {
        float[] out = new float[n];
        int at = 0;
        while (at < n) {
            int len = Math.min(n - at, cuts.nextInt(1, 50));
            fill.fill(k, start + at, out, at, len);
            at += len;
        }
        return out;
    }

    private static float[] whole(Kernels k, Fill fill, long start, int n) {
        float[] out = new float[n + 2];
        Arrays.fill(out, Float.NaN);
        fill.fill(k, start, out, 1, n);
        assertTrue(Float.isNaN(out[0]) && Float.isNaN(out[n + 1]), "fill wrote outside its range");
        return Arrays.copyOfRange(out, 1, n + 1);
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    @Property(tries = 150)
    void valuesDoNotDependOnChunkingOrImplementation(@ForAll long seed, @ForAll long stream,
                                                     @ForAll @LongRange(min = 0, max = 1L << 40) long start,
                                                     @ForAll @IntRange(min = 0, max = 300) int n,
                                                     @ForAll boolean gaussianValues) {
        Fill fill = gaussianValues ? gaussian(seed, stream) : uniform(seed, stream);
        float[] reference = whole(SCALAR, fill, start, n);
        assertSameBits(reference, whole(SIMD, fill, start, n), "simd vs scalar");
        assertSameBits(reference, chunked(SCALAR, fill, start, n, new SplittableRandom(seed ^ start)), "scalar chunked");
        assertSameBits(reference, chunked(SIMD, fill, start, n, new SplittableRandom(seed + start)), "simd chunked");
    }

    @Property(tries = 50)
    void aShiftedRangeSeesTheSameValues(@ForAll long seed, @ForAll @IntRange(min = 0, max = 64) int shift) {
        for (Kernels k : new Kernels[] {SCALAR, SIMD}) {
            float[] from0 = whole(k, gaussian(seed, 3), 0, 200);
            float[] fromShift = whole(k, gaussian(seed, 3), shift, 200 - shift);
            assertSameBits(Arrays.copyOfRange(from0, shift, 200), fromShift, k.name() + " shifted");
        }
    }

    @Example
    void seedsAndStreamsGiveDifferentValues() {
        float[] base = whole(SIMD, gaussian(1, 0), 0, 64);
        assertFalse(Arrays.equals(base, whole(SIMD, gaussian(2, 0), 0, 64)), "seed ignored");
        assertFalse(Arrays.equals(base, whole(SIMD, gaussian(1, 1), 0, 64)), "stream ignored");
        assertFalse(Arrays.equals(base, whole(SIMD, gaussian(1L << 32, 0), 0, 64)), "seed's high word ignored");
        assertFalse(Arrays.equals(base, whole(SIMD, gaussian(1, 1L << 32), 0, 64)), "stream's high word ignored");
        assertArrayEquals(base, whole(SIMD, gaussian(1, 0), 0, 64));
    }

    @Example
    void badRequestsAreRejected() {
        for (Kernels k : new Kernels[] {SCALAR, SIMD}) {
            assertThrows(IllegalArgumentException.class, () -> k.fillGaussian(1, 0, -1, new float[4], 0, 4, 0f, 1f));
            assertThrows(IllegalArgumentException.class, () -> k.fillUniform(1, 0, 0, new float[4], 1, 4));
            assertThrows(IllegalArgumentException.class, () -> k.fillUniform(1, 0, Long.MAX_VALUE - 2, new float[4], 0, 4));
            assertEquals("fillGaussian: stddev must be finite and >= 0, got -1.0", assertThrows(
                    IllegalArgumentException.class, () -> k.fillGaussian(1, 0, 0, new float[4], 0, 4, 0f, -1f)).getMessage());
            assertEquals("fillGaussian: mean must be finite, got NaN", assertThrows(IllegalArgumentException.class,
                    () -> k.fillGaussian(1, 0, 0, new float[4], 0, 4, Float.NaN, 1f)).getMessage());
            assertEquals("addGaussianNoise: stddev must be finite and >= 0, got NaN", assertThrows(
                    IllegalArgumentException.class,
                    () -> k.addGaussianNoise(1, 0, 0, new float[4], 0, new float[4], 0, 4, Float.NaN)).getMessage());
        }
    }

    // ------------------------------------------------------------------ distributions

    private static final int DRAWS = 1_000_000;

    @Example
    void uniformValuesAreUniform() {
        float[] u = new float[DRAWS];
        SIMD.fillUniform(20261126L, 7, 0, u, 0, DRAWS);
        double mean = 0;
        for (float v : u) {
            assertTrue(v >= 0f && v < 1f, "uniform out of [0, 1): " + v);
            assertEquals(0f, v % 0x1.0p-24f, "not on the 2^-24 grid: " + v);
            mean += v;
        }
        mean /= DRAWS;
        assertEquals(0.5, mean, 5 * Math.sqrt(1.0 / 12 / DRAWS));         // five standard errors
        float[] sorted = u.clone();
        Arrays.sort(sorted);
        double d = 0;
        for (int i = 0; i < DRAWS; i++) {
            d = Math.max(d, Math.max(Math.abs((i + 1.0) / DRAWS - sorted[i]), Math.abs(sorted[i] - (double) i / DRAWS)));
        }
        // Kolmogorov-Smirnov: the 0.1% critical value is 1.95 / sqrt(n).
        assertTrue(d < 1.95 / Math.sqrt(DRAWS), "KS distance " + d);
    }

    @Example
    void gaussianValuesAreStandardNormal() {
        float[] z = new float[DRAWS];
        SIMD.fillGaussian(20261126L, 11, 0, z, 0, DRAWS, 0f, 1f);
        double mean = 0, var = 0;
        int beyond3 = 0;
        for (float v : z) {
            mean += v;
            assertTrue(Math.abs(v) <= 5.78f, "|z| beyond the 24-bit Box-Muller limit: " + v);
            if (Math.abs(v) > 3) {
                beyond3++;
            }
        }
        mean /= DRAWS;
        for (float v : z) {
            var += (v - mean) * (v - mean);
        }
        var /= DRAWS - 1;
        assertEquals(0, mean, 5 / Math.sqrt(DRAWS));
        assertEquals(1, var, 5 * Math.sqrt(2.0 / DRAWS));
        // P(|z| > 3) = 0.0026998; binomial standard error about 5.2e-5.
        assertEquals(0.0026998, beyond3 / (double) DRAWS, 5 * Math.sqrt(0.0027 / DRAWS));
        float[] sorted = z.clone();
        Arrays.sort(sorted);
        double d = 0;
        for (int i = 0; i < DRAWS; i++) {
            double cdf = normalCdf(sorted[i]);
            d = Math.max(d, Math.max(Math.abs((i + 1.0) / DRAWS - cdf), Math.abs(cdf - (double) i / DRAWS)));
        }
        assertTrue(d < 1.95 / Math.sqrt(DRAWS), "KS distance " + d);
    }

    @Example
    void meanAndStddevAreApplied() {
        float[] z = new float[100_000];
        SCALAR.fillGaussian(5, 5, 0, z, 0, z.length, 3f, 0.1f);
        double mean = 0;
        for (float v : z) {
            mean += v;
        }
        mean /= z.length;
        assertEquals(3.0, mean, 5 * 0.1 / Math.sqrt(z.length));
        float[] unit = new float[100_000];
        SCALAR.fillGaussian(5, 5, 0, unit, 0, unit.length, 0f, 1f);
        for (int i = 0; i < z.length; i++) {
            assertEquals(Math.fma(0.1f, unit[i], 3f), z[i], 0f, "mean + stddev * z at " + i);
        }
    }

    @Example
    void streamsAreUncorrelated() {
        float[] a = new float[DRAWS];
        float[] b = new float[DRAWS];
        SIMD.fillGaussian(9, 0, 0, a, 0, DRAWS, 0f, 1f);
        SIMD.fillGaussian(9, 1, 0, b, 0, DRAWS, 0f, 1f);
        double dot = 0;
        for (int i = 0; i < DRAWS; i++) {
            dot += a[i] * b[i];
        }
        assertEquals(0, dot / DRAWS, 5 / Math.sqrt(DRAWS));
    }

    /** Standard normal CDF from erfc (Numerical Recipes' erfcc, fractional error below 1.2e-7). */
    static double normalCdf(double x) {
        double z = Math.abs(x) / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * z);
        double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
    }
}
