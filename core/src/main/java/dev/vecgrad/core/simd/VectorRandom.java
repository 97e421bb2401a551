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
    /** Float lanes for the transform: the preferred width, but at most the 16 pairs of a tile. */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.length() <= 16
            ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);

    private static final long LOW32 = 0xFFFFFFFFL;
    private static final LongVector LANE_INDEX = LongVector.zero(L).addIndex(1);

    private VectorRandom() {
    }

    /** The 32 raw words of tile {@code tile}, in word-major order: {@code words[8w + b]} = word w of block b. */
    static void tileWords(long seed, long stream, long tile, int[] words) {
        long key0 = seed & LOW32;
        long key1 = seed >>> 32;
        LongVector ctr2 = LongVector.broadcast(L, stream & LOW32);
        LongVector ctr3 = LongVector.broadcast(L, stream >>> 32);
        for (int b = 0; b < Philox.BLOCKS_PER_TILE; b += L.length()) {
            LongVector block = LongVector.broadcast(L, tile * Philox.BLOCKS_PER_TILE + b).add(LANE_INDEX);
            LongVector c0 = block.and(LOW32);
            LongVector c1 = block.lanewise(VectorOperators.LSHR, 32);
            LongVector c2 = ctr2;
            LongVector c3 = ctr3;
            long k0 = key0;
            long k1 = key1;
            for (int round = 0; round < Philox.ROUNDS; round++) {
                LongVector p0 = c0.mul(Philox.M0);
                LongVector p1 = c2.mul(Philox.M1);
                LongVector n0 = p1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c1)
                        .lanewise(VectorOperators.XOR, k0);
                LongVector n2 = p0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c3)
                        .lanewise(VectorOperators.XOR, k1);
                c1 = p1.and(LOW32);
                c3 = p0.and(LOW32);
                c0 = n0;
                c2 = n2;
                k0 = (k0 + (Philox.W0 & LOW32)) & LOW32;
                k1 = (k1 + (Philox.W1 & LOW32)) & LOW32;
            }
            narrow(c0).intoArray(words, b);
            narrow(c1).intoArray(words, 8 + b);
            narrow(c2).intoArray(words, 16 + b);
            narrow(c3).intoArray(words, 24 + b);
        }
    }

    private static IntVector narrow(LongVector words) {
        return (IntVector) words.convertShape(VectorOperators.L2I, L_INTS, 0);
    }

    /** Uniform floats from a tile's 32 words: {@code out[off + j] = (words[j] >>> 8) * 2^-24}. */
    static void uniformTile(int[] words, float[] out, int off) {
        for (int j = 0; j < Philox.TILE; j += I.length()) {
            IntVector w = IntVector.fromArray(I, words, j);
            uniform(w).intoArray(out, off + j);
        }
    }

    private static FloatVector uniform(IntVector words) {
        return ((FloatVector) words.lanewise(VectorOperators.LSHR, 8).convert(VectorOperators.I2F, 0))
                .mul(Gaussians.ULP24);
    }

    /**
     * Normal draws from a tile's 32 words: pair {@code p} (words {@code p} and {@code 16+p})
     * gives {@code out[off + p]} (cosine branch) and {@code out[off + 16 + p]} (sine branch),
     * each as {@code mean + stddev * z}.
     */
    static void gaussianTile(int[] words, float[] out, int off, float mean, float stddev) {
        for (int p = 0; p < 16; p += F.length()) {
            IntVector w1 = IntVector.fromArray(I, words, p);
            IntVector w2 = IntVector.fromArray(I, words, 16 + p);

            // Radius sqrt(-2 ln u1), u1 in (0, 1].
            FloatVector u1 = ((FloatVector) w1.lanewise(VectorOperators.LSHR, 8).add(1)
                    .convert(VectorOperators.I2F, 0)).mul(Gaussians.ULP24);
            FloatVector radius = VectorMath.logPositiveNormal(u1).mul(-2f).sqrt();

            // cos and sin of 2 pi u2: q quarter turns plus x in [-pi/4, pi/4].
            FloatVector t = uniform(w2).mul(4f);
            FloatVector q = t.add(ROUND_MAGIC).sub(ROUND_MAGIC);
            FloatVector x = t.sub(q).mul(HALF_PI);
            FloatVector z = x.mul(x);
            FloatVector s = VectorMath.mulAdd(SIN_P0, z, SIN_P1);
            s = VectorMath.mulAdd(s, z, SIN_P2);
            s = s.mul(z).fma(x, x);
            FloatVector c = VectorMath.mulAdd(COS_P0, z, COS_P1);
            c = VectorMath.mulAdd(c, z, COS_P2);
            c = c.mul(z).fma(z, VectorMath.mulAdd(z, -0.5f, 1f));
            IntVector quadrant = ((IntVector) q.convert(VectorOperators.F2I, 0)).and(3);
            VectorMask<Float> swap = quadrant.and(1).compare(VectorOperators.NE, 0).cast(F);
            VectorMask<Float> negateCos = quadrant.add(1).and(2).compare(VectorOperators.NE, 0).cast(F);
            VectorMask<Float> negateSin = quadrant.and(2).compare(VectorOperators.NE, 0).cast(F);
            FloatVector cos = c.blend(s, swap).lanewise(VectorOperators.NEG, negateCos);
            FloatVector sin = s.blend(c, swap).lanewise(VectorOperators.NEG, negateSin);

            VectorMath.mulAdd(radius.mul(cos), stddev, mean).intoArray(out, off + p);
            VectorMath.mulAdd(radius.mul(sin), stddev, mean).intoArray(out, off + 16 + p);
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
                gaussianTile(words, target, targetOff, mean, stddev);
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
