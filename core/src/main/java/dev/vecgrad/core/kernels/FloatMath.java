package dev.vecgrad.core.kernels;

/**
 * Single-precision exp, log, sigmoid, tanh, a logit's binary cross-entropy and sin/cos as short
 * polynomials (after Cephes' {@code expf}, {@code logf}, {@code tanhf}, {@code sinf}/{@code cosf}).
 *
 * <p>Why not {@link Math}: these are the scalar reference for the vector versions in
 * {@code VectorKernels}, which evaluate the same operations in the same order with the
 * same fused multiply-adds. Both therefore give the same bits, so a model trained with
 * SIMD kernels and one trained with scalar kernels see identical activations and identical
 * noise. Accuracy is a few ulp (the tests measure it against {@code double} {@link Math}).
 *
 * <p>The constants are public so that the vector code can use the very same values.
 */
public final class FloatMath {

    private FloatMath() {
    }

    /**
     * Adding 1.5 * 2^23 to a float of magnitude below 2^22 rounds it to the nearest integer
     * (ties to even) and leaves that integer in the low bits of the sum: the sum's bits minus
     * {@link #ROUND_MAGIC_BITS} are the integer itself. That gives float-to-int without a
     * conversion instruction (which the Vector API of JDK 17 cannot compile).
     */
    public static final float ROUND_MAGIC = 12582912f;
    public static final int ROUND_MAGIC_BITS = 0x4B400000;

    // ---------------------------------------------------------------- exp

    /** Largest x with a finite float exp(x). */
    public static final float EXP_HI = 88.72283f;
    /** Below this, exp(x) is under the smallest normal float and we return 0 (subnormals are flushed). */
    public static final float EXP_LO = -87.33654f;
    public static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split in two (Cody and Waite) so that {@code x - n ln2} is exact for {@code |n| <= 128}. */
    public static final float LN2_HI = 0.693359375f;
    public static final float LN2_LO = -2.12194440e-4f;
    public static final float EXP_P0 = 1.9875691500e-4f;
    public static final float EXP_P1 = 1.3981999507e-3f;
    public static final float EXP_P2 = 8.3334519073e-3f;
    public static final float EXP_P3 = 4.1665795894e-2f;
    public static final float EXP_P4 = 1.6666665459e-1f;
    public static final float EXP_P5 = 5.0000001201e-1f;

    /**
     * e^x: 0 below {@link #EXP_LO}, infinity above {@link #EXP_HI}, NaN for NaN.
     * Within 2 ulp of the true value elsewhere.
     */
    public static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float shifted = Math.fma(xc, LOG2E, ROUND_MAGIC);
        float n = shifted - ROUND_MAGIC;
        float r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(EXP_P0, r, EXP_P1);
        p = Math.fma(p, r, EXP_P2);
        p = Math.fma(p, r, EXP_P3);
        p = Math.fma(p, r, EXP_P4);
        p = Math.fma(p, r, EXP_P5);
        p = Math.fma(p, r * r, r) + 1f;
        // 2^n in two halves, so that n = 128 and n = -126 still give normal factors.
        int ni = Float.floatToRawIntBits(shifted) - ROUND_MAGIC_BITS;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        float result = p * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
        if (x > EXP_HI) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < EXP_LO) {
            return 0f;
        }
        return result;
    }

    /** 1 / (1 + e^-x): exactly 0 or 1 only where the true value rounds there. */
    public static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    /**
     * Binary cross-entropy of {@code sigmoid(z)} against label {@code y}, from the logit:
     * {@code max(z, 0) - z y + log(1 + e^-|z|)}, the form in which no exp overflows and no log
     * sees 0. The last term is Goldberg's log1p ("What every computer scientist should know
     * about floating-point arithmetic", theorem 4): with {@code u = 1 + t} rounded,
     * {@code log(u) t / (u - 1)} keeps the t that {@code log(u)} alone would round away.
     */
    public static float sigmoidCrossEntropy(float z, float y) {
        float t = exp(-Math.abs(z));
        float u = 1f + t;
        float softplus = u == 1f ? t : logPositiveNormal(u) * t / (u - 1f);
        return Math.fma(-z, y, z < 0f ? 0f : z) + softplus;
    }

    // ---------------------------------------------------------------- tanh

    /** Below this |x|, tanh uses its odd polynomial: the exp form would cancel. */
    public static final float TANH_SMALL = 0.625f;
    public static final float TANH_P0 = -5.70498872745e-3f;
    public static final float TANH_P1 = 2.06390887954e-2f;
    public static final float TANH_P2 = -5.37397155531e-2f;
    public static final float TANH_P3 = 1.33314422036e-1f;
    public static final float TANH_P4 = -3.33332819422e-1f;

    /** Hyperbolic tangent, within 3 ulp; odd, so computed on |x| and given x's sign (also for -0). */
    public static float tanh(float x) {
        float ax = Math.abs(x);
        // Small |x|: |x| + |x|^3 * P(x^2).
        float z = ax * ax;
        float p = Math.fma(TANH_P0, z, TANH_P1);
        p = Math.fma(p, z, TANH_P2);
        p = Math.fma(p, z, TANH_P3);
        p = Math.fma(p, z, TANH_P4);
        float small = Math.fma(p * z, ax, ax);
        // Large |x|: 1 - 2 / (e^(2|x|) + 1).
        float large = 1f - 2f / (exp(ax + ax) + 1f);
        return Math.copySign(ax < TANH_SMALL ? small : large, x);
    }

    // ---------------------------------------------------------------- log

    /** sqrt(1/2)'s bits: mantissas below it are doubled so the polynomial's argument stays in [-0.29, 0.41]. */
    public static final int SQRT_HALF_BITS = 0x3F3504F3;
    /** Added to a float's bits, carries into the exponent exactly when its mantissa is at least sqrt(1/2)'s. */
    public static final int MANTISSA_CARRY = 0x3F800000 - SQRT_HALF_BITS;
    public static final float LOG_P0 = 7.0376836292e-2f;
    public static final float LOG_P1 = -1.1514610310e-1f;
    public static final float LOG_P2 = 1.1676998740e-1f;
    public static final float LOG_P3 = -1.2420140846e-1f;
    public static final float LOG_P4 = 1.4249322787e-1f;
    public static final float LOG_P5 = -1.6668057665e-1f;
    public static final float LOG_P6 = 2.0000714765e-1f;
    public static final float LOG_P7 = -2.4999993993e-1f;
    public static final float LOG_P8 = 3.3333331174e-1f;

    /**
     * Natural log of a positive normal float, within 2 ulp. Zero, negatives, subnormals,
     * infinities and NaN are not handled: this serves the Gaussian transform, whose
     * argument is always in [2^-24, 1], and the cross-entropy's log1p, whose is in [1, 2].
     */
    public static float logPositiveNormal(float x) {
        // x = m * 2^e with m in [sqrt(1/2), sqrt(2)), without a branch: adding the bits that
        // take sqrt(1/2)'s mantissa to 1 carries into the exponent exactly when x's mantissa is
        // at least sqrt(1/2)'s; the mantissa then goes back to its place above sqrt(1/2).
        int bits = Float.floatToRawIntBits(x) + MANTISSA_CARRY;
        float ef = (bits >>> 23) - 127;
        float f = Float.intBitsToFloat((bits & 0x007FFFFF) + SQRT_HALF_BITS) - 1f;
        float z = f * f;
        float p = Math.fma(LOG_P0, f, LOG_P1);
        p = Math.fma(p, f, LOG_P2);
        p = Math.fma(p, f, LOG_P3);
        p = Math.fma(p, f, LOG_P4);
        p = Math.fma(p, f, LOG_P5);
        p = Math.fma(p, f, LOG_P6);
        p = Math.fma(p, f, LOG_P7);
        p = Math.fma(p, f, LOG_P8);
        float y = p * f * z;
        y = Math.fma(ef, LN2_LO, y);
        y = Math.fma(z, -0.5f, y);
        float result = f + y;
        return Math.fma(ef, LN2_HI, result);
    }

    // ---------------------------------------------------------------- sin and cos of a turn

    public static final float HALF_PI = 1.57079632679489661923f;
    public static final float SIN_P0 = -1.9515295891e-4f;
    public static final float SIN_P1 = 8.3321608736e-3f;
    public static final float SIN_P2 = -1.6666654611e-1f;
    public static final float COS_P0 = 2.443315711809948e-5f;
    public static final float COS_P1 = -1.388731625493765e-3f;
    public static final float COS_P2 = 4.166664568298827e-2f;

    /** cos(2 pi u) for u in [0, 1), within 2 ulp plus the rounding of pi/2 to float (about 4e-8 rad). */
    public static float cosTurn(float u) {
        return sinCosTurn(u, false);
    }

    /** sin(2 pi u) for u in [0, 1), accurate as {@link #cosTurn}. */
    public static float sinTurn(float u) {
        return sinCosTurn(u, true);
    }

    /**
     * The angle 2 pi u is q quarter turns plus a remainder x in [-pi/4, pi/4]; both are
     * exact in float because u is on a 2^-24 grid and 4u only shifts its exponent.
     */
    private static float sinCosTurn(float u, boolean wantSin) {
        float t = u * 4f;
        float shifted = t + ROUND_MAGIC;
        float q = shifted - ROUND_MAGIC;
        float x = (t - q) * HALF_PI;
        float z = x * x;
        float s = Math.fma(SIN_P0, z, SIN_P1);
        s = Math.fma(s, z, SIN_P2);
        s = Math.fma(s * z, x, x);
        float c = Math.fma(COS_P0, z, COS_P1);
        c = Math.fma(c, z, COS_P2);
        c = Math.fma(c * z, z, Math.fma(z, -0.5f, 1f));
        int quadrant = (Float.floatToRawIntBits(shifted) - ROUND_MAGIC_BITS) & 3;
        // sin(q pi/2 + x) and cos(q pi/2 + x) are +-sin x or +-cos x, by quadrant.
        boolean swap = (quadrant & 1) != 0;
        float cosValue = swap ? s : c;
        float sinValue = swap ? c : s;
        if (((quadrant + 1) & 2) != 0) {
            cosValue = -cosValue;                                      // quadrants 1 and 2
        }
        if ((quadrant & 2) != 0) {
            sinValue = -sinValue;                                      // quadrants 2 and 3
        }
        return wantSin ? sinValue : cosValue;
    }
}
