package dev.vecgrad.core.random;

import dev.vecgrad.core.kernels.FloatMath;

/**
 * How raw 32-bit words become uniform and normal floats (the scalar reference; the vector
 * code in {@code VectorKernels} does the same operations in the same order).
 *
 * <p>A uniform keeps a word's top 24 bits: {@code u = (w >>> 8) * 2^-24}, in [0, 1).
 * A normal pair is Box-Muller on two words: the radius from {@code u1 = ((w1 >>> 8) + 1) * 2^-24}
 * (in (0, 1], so the log is finite) and the angle from {@code u2 = (w2 >>> 8) * 2^-24}:
 * <pre>
 *   r = sqrt(-2 ln u1),   z_cos = r cos(2 pi u2),   z_sin = r sin(2 pi u2)
 * </pre>
 * Box-Muller needs no rejection loop, so every lane of a vector does the same work. With
 * 24-bit uniforms the largest |z| is sqrt(2 ln 2^24), about 5.77: draws beyond 5.77 standard
 * deviations (probability 8e-9) do not occur. The log, sine and cosine are the float
 * polynomials of {@link FloatMath}, so scalar and vector draws are bit-identical.
 */
public final class Gaussians {

    private Gaussians() {
    }

    /** 2^-24: one step of the 24-bit uniform grid. */
    public static final float ULP24 = 0x1.0p-24f;

    /** A word's top 24 bits as a uniform float in [0, 1). */
    public static float uniform(int word) {
        return (word >>> 8) * ULP24;
    }

    /** The Box-Muller radius sqrt(-2 ln u1), with u1 = ((w >>> 8) + 1) * 2^-24 in (0, 1]. */
    public static float radius(int word) {
        float u1 = ((word >>> 8) + 1) * ULP24;
        return (float) Math.sqrt(FloatMath.logPositiveNormal(u1) * -2f);
    }

    /** The cosine branch of the pair made from words {@code w1} (radius) and {@code w2} (angle). */
    public static float cosBranch(int w1, int w2) {
        return radius(w1) * FloatMath.cosTurn(uniform(w2));
    }

    /** The sine branch of the pair made from words {@code w1} (radius) and {@code w2} (angle). */
    public static float sinBranch(int w1, int w2) {
        return radius(w1) * FloatMath.sinTurn(uniform(w2));
    }
}
