package dev.vecgrad.core.simd;

import static dev.vecgrad.core.kernels.FloatMath.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The exponential and the logarithm of {@link dev.vecgrad.core.kernels.FloatMath}, over
 * arrays, whole vectors at a time.
 *
 * <p>The arithmetic is the scalar code transcribed line for line: the same constants, the
 * same fused multiply-adds, the same order, so the results are bit-identical (the tests
 * check). We do not use {@code lanewise(EXP)}: it calls a native math library whose last
 * bits differ from any Java scalar code, and on JDK 17 it may not be intrinsified at all.
 *
 * <h2>Why loops over arrays, not functions of a vector</h2>
 * A vector passed to or returned from a method that C2 did not inline is boxed on the heap.
 * C2 stops inlining our small helpers once a compiled method has grown past its node-count
 * cutoff, and a polynomial of Vector API calls grows one quickly. So every SIMD method in
 * this package takes arrays, keeps its vectors local, and hosts at most one polynomial; the
 * allocation tests catch a regression. Operands are broadcast once, before the loop, and
 * only vector-with-vector operations are used: the overloads that take a scalar broadcast
 * it on every call, and in some compiled contexts on JDK 17 that broadcast, or the
 * operation after it, was not intrinsified and boxed. For the same reason float-to-int conversion is done
 * with {@link dev.vecgrad.core.kernels.FloatMath#ROUND_MAGIC} bit tricks: JDK 17 has no
 * vector instruction for it.
 */
final class VectorMath {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int W = F.length();

    private VectorMath() {
    }

    /**
     * {@code out[i] = exp(scale * x[i])}, or {@code exp(scale * |x[i]|)} when {@code absolute},
     * for the whole vectors of {@code [0, n)}; returns how many elements that was (the caller
     * finishes the tail with scalar code).
     */
    static int exp(int n, float[] x, int xOff, float scale, boolean absolute, float[] out, int outOff) {
        FloatVector scaleV = FloatVector.broadcast(F, scale);
        FloatVector lo = FloatVector.broadcast(F, EXP_LO);
        FloatVector hi = FloatVector.broadcast(F, EXP_HI);
        FloatVector log2e = FloatVector.broadcast(F, LOG2E);
        FloatVector magic = FloatVector.broadcast(F, ROUND_MAGIC);
        FloatVector minusLn2Hi = FloatVector.broadcast(F, -LN2_HI);
        FloatVector minusLn2Lo = FloatVector.broadcast(F, -LN2_LO);
        FloatVector p0 = FloatVector.broadcast(F, EXP_P0);
        FloatVector p1 = FloatVector.broadcast(F, EXP_P1);
        FloatVector p2 = FloatVector.broadcast(F, EXP_P2);
        FloatVector p3 = FloatVector.broadcast(F, EXP_P3);
        FloatVector p4 = FloatVector.broadcast(F, EXP_P4);
        FloatVector p5 = FloatVector.broadcast(F, EXP_P5);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector infinity = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
        FloatVector zero = FloatVector.zero(F);
        IntVector magicBits = IntVector.broadcast(I, ROUND_MAGIC_BITS);
        IntVector bias = IntVector.broadcast(I, 127);
        IntVector oneBit = IntVector.broadcast(I, 1);
        IntVector exponentShift = IntVector.broadcast(I, 23);
        // |x| by clearing the sign bit, or x unchanged: a mask rather than a branch, because a
        // vector chosen by a branch is a phi that C2 may box.
        IntVector keepBits = IntVector.broadcast(I, absolute ? 0x7FFFFFFF : -1);
        int bound = F.loopBound(n);
        for (int i = 0; i < bound; i += W) {
            FloatVector in = FloatVector.fromArray(F, x, xOff + i);
            FloatVector arg = in.reinterpretAsInts().and(keepBits).reinterpretAsFloats().mul(scaleV);
            FloatVector xc = arg.max(lo).min(hi);
            FloatVector shifted = xc.fma(log2e, magic);
            FloatVector k = shifted.sub(magic);
            FloatVector r = k.fma(minusLn2Hi, xc);
            r = k.fma(minusLn2Lo, r);
            FloatVector p = p0.fma(r, p1);
            p = p.fma(r, p2);
            p = p.fma(r, p3);
            p = p.fma(r, p4);
            p = p.fma(r, p5);
            p = p.fma(r.mul(r), r).add(one);
            // 2^k in two halves, each a normal float, built from exponent bits.
            IntVector ki = shifted.reinterpretAsInts().sub(magicBits);
            IntVector k1 = ki.lanewise(VectorOperators.ASHR, oneBit);
            IntVector k2 = ki.sub(k1);
            FloatVector scale1 = k1.add(bias).lanewise(VectorOperators.LSHL, exponentShift).reinterpretAsFloats();
            FloatVector scale2 = k2.add(bias).lanewise(VectorOperators.LSHL, exponentShift).reinterpretAsFloats();
            FloatVector result = p.mul(scale1).mul(scale2);
            VectorMask<Float> under = arg.compare(VectorOperators.LT, lo);
            VectorMask<Float> outside = arg.compare(VectorOperators.GT, hi).or(under);
            result.blend(infinity.blend(zero, under), outside).intoArray(out, outOff + i);
        }
        return bound;
    }

    /**
     * {@code out[i] = ln x[i]} for positive normal floats ({@link
     * dev.vecgrad.core.kernels.FloatMath#logPositiveNormal}), for the whole vectors of
     * {@code [0, n)}; returns how many elements that was. {@code out} may be {@code x}.
     */
    static int logPositiveNormal(int n, float[] x, int xOff, float[] out, int outOff) {
        IntVector exponentShift = IntVector.broadcast(I, 23);
        IntVector exponentBias = IntVector.broadcast(I, 127);
        IntVector carry = IntVector.broadcast(I, MANTISSA_CARRY);
        IntVector mantissa = IntVector.broadcast(I, 0x007FFFFF);
        IntVector sqrtHalf = IntVector.broadcast(I, SQRT_HALF_BITS);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector lnTwoHi = FloatVector.broadcast(F, LN2_HI);
        FloatVector lnTwoLo = FloatVector.broadcast(F, LN2_LO);
        FloatVector minusHalf = FloatVector.broadcast(F, -0.5f);
        FloatVector l0 = FloatVector.broadcast(F, LOG_P0);
        FloatVector l1 = FloatVector.broadcast(F, LOG_P1);
        FloatVector l2 = FloatVector.broadcast(F, LOG_P2);
        FloatVector l3 = FloatVector.broadcast(F, LOG_P3);
        FloatVector l4 = FloatVector.broadcast(F, LOG_P4);
        FloatVector l5 = FloatVector.broadcast(F, LOG_P5);
        FloatVector l6 = FloatVector.broadcast(F, LOG_P6);
        FloatVector l7 = FloatVector.broadcast(F, LOG_P7);
        FloatVector l8 = FloatVector.broadcast(F, LOG_P8);
        int bound = F.loopBound(n);
        for (int i = 0; i < bound; i += W) {
            // x = m * 2^e with m in [sqrt(1/2), sqrt(2)), by FloatMath's carry: no mask, no blend.
            IntVector bits = FloatVector.fromArray(F, x, xOff + i).reinterpretAsInts().add(carry);
            FloatVector e = (FloatVector) bits.lanewise(VectorOperators.LSHR, exponentShift).sub(exponentBias)
                    .convert(VectorOperators.I2F, 0);
            FloatVector f = bits.and(mantissa).add(sqrtHalf).reinterpretAsFloats().sub(one);
            FloatVector z = f.mul(f);
            FloatVector y = l0.fma(f, l1);
            y = y.fma(f, l2);
            y = y.fma(f, l3);
            y = y.fma(f, l4);
            y = y.fma(f, l5);
            y = y.fma(f, l6);
            y = y.fma(f, l7);
            y = y.fma(f, l8);
            y = y.mul(f).mul(z);
            y = e.fma(lnTwoLo, y);
            y = z.fma(minusHalf, y);
            e.fma(lnTwoHi, f.add(y)).intoArray(out, outOff + i);
        }
        return bound;
    }
}
