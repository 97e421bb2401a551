package dev.vecgrad.core.simd;

import static dev.vecgrad.core.kernels.FloatMath.*;

import dev.vecgrad.core.random.Gaussians;
import dev.vecgrad.core.random.Philox;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Philox4x32-10 and the Box-Muller transform, several blocks at a time.
 *
 * <p>A tile (see {@link Philox}) is eight blocks. Philox needs the high half of a 32 x 32-bit
 * product, which only 64-bit lanes give us, so the rounds run on {@code LongVector}s holding
 * one block per lane; each output word is then narrowed to ints and stored as a contiguous
 * run of the tile's word-major scratch. The transform reads the scratch back at full float
 * width. The layout, not the vector width, fixes which value lands where, so any width gives
 * the same numbers as {@link dev.vecgrad.core.kernels.ScalarKernels}.
 */
final class VectorRandom {

    /** Long lanes per Philox pass: the preferred width, but at most the 8 blocks of a tile. */
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED.length() <= Philox.BLOCKS_PER_TILE
            ? LongVector.SPECIES_PREFERRED : LongVector.SPECIES_512;
    /** Ints with as many lanes as {@link #L}, to narrow one Philox word per block. */
    private static final VectorSpecies<Integer> L_INTS =
            VectorSpecies.of(int.class, VectorShape.forBitSize(L.vectorBitSize() / 2));
    /** Float lanes for the transform; {@link #supported()} requires at most the 16 pairs of a tile. */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);

    private static final long LOW32 = 0xFFFFFFFFL;
    private static final LongVector LANE_INDEX = LongVector.zero(L).addIndex(1);

    private VectorRandom() {
    }

    /** Whether the float species fits a tile's 16 pairs; wider vectors (SVE beyond 512 bits) use the scalar fills. */
    static boolean supported() {
        return F.length() <= Philox.TILE / 2;
    }

    /** The 32 raw words of tile {@code tile}, in word-major order: {@code words[8w + b]} = word w of block b. */
    static void tileWords(long seed, long stream, long tile, int[] words) {
        LongVector low32 = LongVector.broadcast(L, LOW32);
        LongVector shift32 = LongVector.broadcast(L, 32);
        LongVector m0 = LongVector.broadcast(L, Philox.M0);
        LongVector m1 = LongVector.broadcast(L, Philox.M1);
        LongVector ctr2 = LongVector.broadcast(L, stream & LOW32);
        LongVector ctr3 = LongVector.broadcast(L, stream >>> 32);
        for (int b = 0; b < Philox.BLOCKS_PER_TILE; b += L.length()) {
            LongVector block = LongVector.broadcast(L, tile * Philox.BLOCKS_PER_TILE + b).add(LANE_INDEX);
            LongVector c0 = block.and(low32);
            LongVector c1 = block.lanewise(VectorOperators.LSHR, shift32);
            LongVector c2 = ctr2;
            LongVector c3 = ctr3;
            long k0 = seed & LOW32;
            long k1 = seed >>> 32;
            for (int round = 0; round < Philox.ROUNDS; round++) {
                // 32 x 32 -> 64-bit products: the high halves feed the xors, the low halves become words.
                LongVector p0 = c0.mul(m0);
                LongVector p1 = c2.mul(m1);
                LongVector n0 = p1.lanewise(VectorOperators.LSHR, shift32).lanewise(VectorOperators.XOR, c1)
                        .lanewise(VectorOperators.XOR, LongVector.broadcast(L, k0));
                LongVector n2 = p0.lanewise(VectorOperators.LSHR, shift32).lanewise(VectorOperators.XOR, c3)
                        .lanewise(VectorOperators.XOR, LongVector.broadcast(L, k1));
                c1 = p1.and(low32);
                c3 = p0.and(low32);
                c0 = n0;
                c2 = n2;
                k0 = (k0 + (Philox.W0 & LOW32)) & LOW32;
                k1 = (k1 + (Philox.W1 & LOW32)) & LOW32;
            }
            // Narrow each word's long lanes to ints and store them as one contiguous run.
            ((IntVector) c0.convertShape(VectorOperators.L2I, L_INTS, 0)).intoArray(words, b);
            ((IntVector) c1.convertShape(VectorOperators.L2I, L_INTS, 0)).intoArray(words, 8 + b);
            ((IntVector) c2.convertShape(VectorOperators.L2I, L_INTS, 0)).intoArray(words, 16 + b);
            ((IntVector) c3.convertShape(VectorOperators.L2I, L_INTS, 0)).intoArray(words, 24 + b);
        }
    }

    /** Uniform floats from a tile's 32 words: {@code out[off + j] = (words[j] >>> 8) * 2^-24}. */
    static void uniformTile(int[] words, float[] out, int off) {
        IntVector eight = IntVector.broadcast(I, 8);
        FloatVector ulp = FloatVector.broadcast(F, Gaussians.ULP24);
        for (int j = 0; j < Philox.TILE; j += I.length()) {
            IntVector w = IntVector.fromArray(I, words, j);
            ((FloatVector) w.lanewise(VectorOperators.LSHR, eight).convert(VectorOperators.I2F, 0))
                    .mul(ulp).intoArray(out, off + j);
        }
    }

    /**
     * Normal draws from a tile's 32 words: pair {@code p} (words {@code p} and {@code 16+p})
     * gives {@code out[off + p]} (cosine branch) and {@code out[off + 16 + p]} (sine branch),
     * each as {@code mean + stddev * z}. The radii come first, from their own method, parked in
     * {@code radii}: log, sine and cosine in one method are more than C2 inlines in one go,
     * and vectors that cross a call it did not inline are boxed on the heap (see VectorMath).
     */
    static void gaussianTile(int[] words, float[] radii, float[] out, int off, float mean, float stddev) {
        radii(words, radii);
        IntVector eight = IntVector.broadcast(I, 8);
        IntVector magicBits = IntVector.broadcast(I, ROUND_MAGIC_BITS);
        IntVector one = IntVector.broadcast(I, 1);
        IntVector two = IntVector.broadcast(I, 2);
        IntVector three = IntVector.broadcast(I, 3);
        IntVector zeroBits = IntVector.zero(I);
        FloatVector ulp = FloatVector.broadcast(F, Gaussians.ULP24);
        FloatVector four = FloatVector.broadcast(F, 4f);
        FloatVector magic = FloatVector.broadcast(F, ROUND_MAGIC);
        FloatVector halfPi = FloatVector.broadcast(F, HALF_PI);
        FloatVector sin0 = FloatVector.broadcast(F, SIN_P0);
        FloatVector sin1 = FloatVector.broadcast(F, SIN_P1);
        FloatVector sin2 = FloatVector.broadcast(F, SIN_P2);
        FloatVector cos0 = FloatVector.broadcast(F, COS_P0);
        FloatVector cos1 = FloatVector.broadcast(F, COS_P1);
        FloatVector cos2 = FloatVector.broadcast(F, COS_P2);
        FloatVector minusHalf = FloatVector.broadcast(F, -0.5f);
        FloatVector unit = FloatVector.broadcast(F, 1f);
        FloatVector sd = FloatVector.broadcast(F, stddev);
        FloatVector mu = FloatVector.broadcast(F, mean);
        for (int p = 0; p < 16; p += F.length()) {
            // cos and sin of 2 pi u2: q quarter turns plus x in [-pi/4, pi/4].
            IntVector w2 = IntVector.fromArray(I, words, 16 + p);
            FloatVector u2 = ((FloatVector) w2.lanewise(VectorOperators.LSHR, eight).convert(VectorOperators.I2F, 0))
                    .mul(ulp);
            FloatVector t = u2.mul(four);
            FloatVector shifted = t.add(magic);
            FloatVector x = t.sub(shifted.sub(magic)).mul(halfPi);
            FloatVector z = x.mul(x);
            FloatVector s = sin0.fma(z, sin1);
            s = s.fma(z, sin2);
            s = s.mul(z).fma(x, x);
            FloatVector c = cos0.fma(z, cos1);
            c = c.fma(z, cos2);
            c = c.mul(z).fma(z, z.fma(minusHalf, unit));
            IntVector quadrant = shifted.reinterpretAsInts().sub(magicBits).and(three);
            VectorMask<Float> swap = quadrant.and(one).compare(VectorOperators.NE, zeroBits).cast(F);
            VectorMask<Float> negateCos = quadrant.add(one).and(two).compare(VectorOperators.NE, zeroBits).cast(F);
            VectorMask<Float> negateSin = quadrant.and(two).compare(VectorOperators.NE, zeroBits).cast(F);
            FloatVector cos = c.blend(s, swap);
            FloatVector sin = s.blend(c, swap);
            cos = cos.blend(cos.neg(), negateCos);
            sin = sin.blend(sin.neg(), negateSin);
            FloatVector radius = FloatVector.fromArray(F, radii, p);
            radius.mul(cos).fma(sd, mu).intoArray(out, off + p);
            radius.mul(sin).fma(sd, mu).intoArray(out, off + 16 + p);
        }
    }

    /**
     * The Box-Muller radii {@code sqrt(-2 ln u1)} of a tile's 16 pairs, from words 0..15, with
     * the log of {@code FloatMath.logPositiveNormal} inline.
     */
    private static void radii(int[] words, float[] radii) {
        IntVector eight = IntVector.broadcast(I, 8);
        IntVector oneBits = IntVector.broadcast(I, 1);
        IntVector exponentShift = IntVector.broadcast(I, 23);
        IntVector exponentBias = IntVector.broadcast(I, 126);
        IntVector mantissaAndSign = IntVector.broadcast(I, 0x807FFFFF);
        IntVector half = IntVector.broadcast(I, 0x3F000000);
        FloatVector ulp = FloatVector.broadcast(F, Gaussians.ULP24);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector sqrtHalf = FloatVector.broadcast(F, SQRT_HALF);
        FloatVector lnTwoHi = FloatVector.broadcast(F, LN2_HI);
        FloatVector lnTwoLo = FloatVector.broadcast(F, LN2_LO);
        FloatVector minusHalf = FloatVector.broadcast(F, -0.5f);
        FloatVector minusTwo = FloatVector.broadcast(F, -2f);
        FloatVector l0 = FloatVector.broadcast(F, LOG_P0);
        FloatVector l1 = FloatVector.broadcast(F, LOG_P1);
        FloatVector l2 = FloatVector.broadcast(F, LOG_P2);
        FloatVector l3 = FloatVector.broadcast(F, LOG_P3);
        FloatVector l4 = FloatVector.broadcast(F, LOG_P4);
        FloatVector l5 = FloatVector.broadcast(F, LOG_P5);
        FloatVector l6 = FloatVector.broadcast(F, LOG_P6);
        FloatVector l7 = FloatVector.broadcast(F, LOG_P7);
        FloatVector l8 = FloatVector.broadcast(F, LOG_P8);
        for (int p = 0; p < 16; p += F.length()) {
            IntVector w1 = IntVector.fromArray(I, words, p);
            FloatVector u1 = ((FloatVector) w1.lanewise(VectorOperators.LSHR, eight).add(oneBits)
                    .convert(VectorOperators.I2F, 0)).mul(ulp);
            // u1 = m * 2^e with m in [0.5, 1); below sqrt(1/2), use 2m and e - 1.
            IntVector bits = u1.reinterpretAsInts();
            FloatVector e = (FloatVector) bits.lanewise(VectorOperators.LSHR, exponentShift).sub(exponentBias)
                    .convert(VectorOperators.I2F, 0);
            FloatVector m = bits.and(mantissaAndSign).or(half).reinterpretAsFloats();
            VectorMask<Float> doubled = m.compare(VectorOperators.LT, sqrtHalf);
            e = e.blend(e.sub(one), doubled);
            FloatVector f = m.sub(one).blend(m.add(m).sub(one), doubled);
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
            FloatVector log = e.fma(lnTwoHi, f.add(y));
            log.mul(minusTwo).sqrt().intoArray(radii, p);
        }
    }

    static void fillUniform(long seed, long stream, long index, float[] out, int off, int n) {
        Philox.checkFill(index, out, off, n);
        fill(seed, stream, index, out, off, n, false, 0f, 0f);
    }

    static void fillGaussian(long seed, long stream, long index, float[] out, int off, int n,
                             float mean, float stddev) {
        Philox.checkFill(index, out, off, n);
        fill(seed, stream, index, out, off, n, true, mean, stddev);
    }

    /** Whole tiles go straight to {@code out}; a partial tile at either end goes through scratch. */
    private static void fill(long seed, long stream, long index, float[] out, int off, int n,
                             boolean gaussian, float mean, float stddev) {
        Scratch scratch = Scratch.get();
        int[] words = scratch.tileWords;
        long end = index + n;
        long i = index;
        while (i < end) {
            long tile = i / Philox.TILE;
            long base = tile * Philox.TILE;
            tileWords(seed, stream, tile, words);
            boolean whole = i == base && end - base >= Philox.TILE;
            float[] target = whole ? out : scratch.tileValues;
            int targetOff = whole ? off + (int) (i - index) : 0;
            if (gaussian) {
                gaussianTile(words, scratch.radii, target, targetOff, mean, stddev);
            } else {
                uniformTile(words, target, targetOff);
            }
            int from = (int) (i - base);
            int to = (int) Math.min(Philox.TILE, end - base);
            if (!whole) {
                System.arraycopy(scratch.tileValues, from, out, off + (int) (i - index), to - from);
            }
            i = base + to;
        }
    }
}
