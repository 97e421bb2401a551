package dev.vecgrad.core.simd;

import static dev.vecgrad.core.kernels.FloatMath.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The polynomials of {@link dev.vecgrad.core.kernels.FloatMath}, one vector at a time.
 *
 * <p>Each method is the scalar one transcribed line for line: the same constants, the same
 * fused multiply-adds, the same order, so the results are bit-identical (the tests check).
 * We do not use {@code lanewise(EXP)}: it calls a native math library whose last bits differ
 * from any Java scalar code, and on JDK 17 it may not be intrinsified at all.
 */
final class VectorMath {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    private VectorMath() {
    }

    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_LO).min(EXP_HI);
        FloatVector n = mulAdd(xc, LOG2E, ROUND_MAGIC).sub(ROUND_MAGIC);
        FloatVector r = mulAdd(n, -LN2_HI, xc);
        r = mulAdd(n, -LN2_LO, r);
        FloatVector p = mulAdd(EXP_P0, r, EXP_P1);
        p = mulAdd(p, r, EXP_P2);
        p = mulAdd(p, r, EXP_P3);
        p = mulAdd(p, r, EXP_P4);
        p = mulAdd(p, r, EXP_P5);
        p = p.fma(r.mul(r), r).add(1f);
        IntVector ni = (IntVector) n.convert(VectorOperators.F2I, 0);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector result = p.mul(powerOfTwo(n1)).mul(powerOfTwo(n2));
        result = result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_HI));
        return result.blend(0f, x.compare(VectorOperators.LT, EXP_LO));
    }

    /** 2^n for n in [-126, 127], built from the exponent bits. */
    private static FloatVector powerOfTwo(IntVector n) {
        return n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    static FloatVector sigmoid(FloatVector x) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        return one.div(one.add(exp(x.neg())));
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector z = ax.mul(ax);
        FloatVector p = mulAdd(TANH_P0, z, TANH_P1);
        p = mulAdd(p, z, TANH_P2);
        p = mulAdd(p, z, TANH_P3);
        p = mulAdd(p, z, TANH_P4);
        FloatVector small = p.mul(z).fma(ax, ax);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector large = one.sub(FloatVector.broadcast(F, 2f).div(exp(ax.add(ax)).add(one)));
        return copySign(large.blend(small, ax.compare(VectorOperators.LT, TANH_SMALL)), x);
    }

    /** {@link Math#copySign}: the magnitude of {@code magnitude} with the sign bit of {@code sign}. */
    static FloatVector copySign(FloatVector magnitude, FloatVector sign) {
        return magnitude.abs().reinterpretAsInts()
                .or(sign.reinterpretAsInts().and(0x80000000))
                .reinterpretAsFloats();
    }

    /** Natural log of positive normal floats (see {@code FloatMath.logPositiveNormal}). */
    static FloatVector logPositiveNormal(FloatVector x) {
        IntVector bits = x.reinterpretAsInts();
        FloatVector e = bits.lanewise(VectorOperators.LSHR, 23).sub(126)
                .convert(VectorOperators.I2F, 0).reinterpretAsFloats();
        FloatVector m = bits.and(0x807FFFFF).or(0x3F000000).reinterpretAsFloats();
        VectorMask<Float> doubled = m.compare(VectorOperators.LT, SQRT_HALF);
        e = e.sub(1f, doubled);
        FloatVector f = m.sub(1f).blend(m.add(m).sub(1f), doubled);
        FloatVector z = f.mul(f);
        FloatVector p = mulAdd(LOG_P0, f, LOG_P1);
        p = mulAdd(p, f, LOG_P2);
        p = mulAdd(p, f, LOG_P3);
        p = mulAdd(p, f, LOG_P4);
        p = mulAdd(p, f, LOG_P5);
        p = mulAdd(p, f, LOG_P6);
        p = mulAdd(p, f, LOG_P7);
        p = mulAdd(p, f, LOG_P8);
        FloatVector y = p.mul(f).mul(z);
        y = mulAdd(e, LN2_LO, y);
        y = mulAdd(z, -0.5f, y);
        FloatVector result = f.add(y);
        return mulAdd(e, LN2_HI, result);
    }

    // The Vector API's fma takes two vectors or two scalars; these mix them, keeping the
    // argument order of Math.fma so that the transcription from FloatMath stays literal.

    /** {@code a * b + c} with one rounding. */
    static FloatVector mulAdd(FloatVector a, FloatVector b, float c) {
        return a.fma(b, FloatVector.broadcast(a.species(), c));
    }

    /** {@code a * b + c} with one rounding. */
    static FloatVector mulAdd(FloatVector a, float b, FloatVector c) {
        return a.fma(FloatVector.broadcast(a.species(), b), c);
    }

    /** {@code a * b + c} with one rounding. */
    static FloatVector mulAdd(FloatVector a, float b, float c) {
        return a.fma(FloatVector.broadcast(a.species(), b), FloatVector.broadcast(a.species(), c));
    }

    /** {@code a * b + c} with one rounding, for a polynomial's leading coefficient {@code a}. */
    static FloatVector mulAdd(float a, FloatVector b, float c) {
        return FloatVector.broadcast(b.species(), a).fma(b, FloatVector.broadcast(b.species(), c));
    }
}
