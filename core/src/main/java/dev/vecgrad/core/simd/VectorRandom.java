package dev.vecgrad.core.simd;

import static dev.vecgrad.core.kernels.FloatMath.*;

import dev.vecgrad.core.random.Gaussians;
import dev.vecgrad.core.random.Philox;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
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

    /** Tiles computed together: independent work that keeps both FMA pipes and the out-of-order window busy. */
    static final int CHUNK_TILES = 8;

    /**
     * The raw words of {@code tiles} consecutive tiles from tile {@code firstTile}, under the
     * round keys of {@link #roundKeys}, each tile's 32 words in word-major order
     * ({@code words[32 t + 8 w + b]} = word w of block b of tile t).
     *
     * <p>Two groups of blocks go through the ten rounds side by side. One round of one group is
     * a chain of a multiply, a shift and two xors that the next round waits on, so a lone group
     * runs at the chain's latency (about 8 cycles a round here); a second, independent chain
     * fills those cycles (BENCHMARKS.md, "Issue 16, second step": 1.2-1.5x). With an odd number of
     * groups the last is computed twice and stored twice, the same words both times.
     */
    private static void chunkWords(long[] keys, long stream, long firstTile, int tiles, int[] words) {
        int groups = tiles * Philox.BLOCKS_PER_TILE / L.length();
        for (int g = 0; g < groups; g += 2) {
            twoGroups(keys, stream, firstTile * Philox.BLOCKS_PER_TILE, g * L.length(),
                    Math.min(g + 1, groups - 1) * L.length(), words);
        }
    }

    /** The round keys of {@code seed}: {@code keys[2r]} and {@code keys[2r + 1]} for round r. */
    private static void roundKeys(long seed, long[] keys) {
        long k0 = seed & LOW32;
        long k1 = seed >>> 32;
        for (int round = 0; round < Philox.ROUNDS; round++) {
            keys[2 * round] = k0;
            keys[2 * round + 1] = k1;
            k0 = (k0 + (Philox.W0 & LOW32)) & LOW32;
            k1 = (k1 + (Philox.W1 & LOW32)) & LOW32;
        }
    }

    /**
     * Philox4x32-10 for blocks {@code q..q+L} and {@code r..r+L} of the chunk starting at block
     * {@code firstBlock}. Each 32-bit word lives in the low half of a long lane, the high half
     * zero: the 64-bit multiply then gives the exact product, whose high word is a shift away.
     * Each product's low word is masked as the round ends, off the chain of multiply, shift and
     * xor that the next round waits on; the round keys come from memory rather than from a
     * general register (BENCHMARKS.md, "Issue 16, seventh step": the Gaussian fill 3-8% faster
     * on JDK 17 and 5-11% on JDK 25 in a quiet sitting).
     */
    private static void twoGroups(long[] keys, long stream, long firstBlock, int q, int r, int[] words) {
        LongVector low32 = LongVector.broadcast(L, LOW32);
        LongVector m0 = LongVector.broadcast(L, Philox.M0);
        LongVector m1 = LongVector.broadcast(L, Philox.M1);
        LongVector a = LongVector.broadcast(L, firstBlock + q).add(LANE_INDEX);
        LongVector b = LongVector.broadcast(L, firstBlock + r).add(LANE_INDEX);
        LongVector a0 = a.and(low32), a1 = a.lanewise(VectorOperators.LSHR, 32);
        LongVector b0 = b.and(low32), b1 = b.lanewise(VectorOperators.LSHR, 32);
        LongVector a2 = LongVector.broadcast(L, stream & LOW32), b2 = a2;
        LongVector a3 = LongVector.broadcast(L, stream >>> 32), b3 = a3;
        for (int round = 0; round < Philox.ROUNDS; round++) {
            LongVector key0 = LongVector.broadcast(L, keys[2 * round]);
            LongVector key1 = LongVector.broadcast(L, keys[2 * round + 1]);
            LongVector ap0 = a0.mul(m0), ap1 = a2.mul(m1);
            LongVector bp0 = b0.mul(m0), bp1 = b2.mul(m1);
            a0 = ap1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, a1)
                    .lanewise(VectorOperators.XOR, key0);
            a2 = ap0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, a3)
                    .lanewise(VectorOperators.XOR, key1);
            b0 = bp1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, b1)
                    .lanewise(VectorOperators.XOR, key0);
            b2 = bp0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, b3)
                    .lanewise(VectorOperators.XOR, key1);
            a1 = ap1.and(low32);
            a3 = ap0.and(low32);
            b1 = bp1.and(low32);
            b3 = bp0.and(low32);
        }
        store(a0, a1, a2, a3, words, wordIndex(q));
        store(b0, b1, b2, b3, words, wordIndex(r));
    }

    /** Narrows each word's long lanes to ints (their low halves) and stores them as one contiguous run of its tile. */
    private static void store(LongVector c0, LongVector c1, LongVector c2, LongVector c3, int[] words, int at) {
        ((IntVector) c0.convertShape(VectorOperators.L2I, L_INTS, 0)).intoArray(words, at);
        ((IntVector) c1.convertShape(VectorOperators.L2I, L_INTS, 0)).intoArray(words, at + 8);
        ((IntVector) c2.convertShape(VectorOperators.L2I, L_INTS, 0)).intoArray(words, at + 16);
        ((IntVector) c3.convertShape(VectorOperators.L2I, L_INTS, 0)).intoArray(words, at + 24);
    }

    /** Where block {@code q} of a chunk puts its word 0: tile {@code q / 8}, column {@code q % 8}. */
    private static int wordIndex(int q) {
        return (q / Philox.BLOCKS_PER_TILE) * Philox.TILE + q % Philox.BLOCKS_PER_TILE;
    }

    /** Uniform floats from {@code tiles} tiles of words: {@code out[off + j] = (words[j] >>> 8) * 2^-24}. */
    static void uniforms(int[] words, int tiles, float[] out, int off) {
        IntVector eight = IntVector.broadcast(I, 8);
        FloatVector ulp = FloatVector.broadcast(F, Gaussians.ULP24);
        for (int j = 0; j < tiles * Philox.TILE; j += I.length()) {
            IntVector w = IntVector.fromArray(I, words, j);
            ((FloatVector) w.lanewise(VectorOperators.LSHR, eight).convert(VectorOperators.I2F, 0))
                    .mul(ulp).intoArray(out, off + j);
        }
    }

    /**
     * Normal draws from {@code tiles} tiles of words: in tile t, pair {@code p} (words
     * {@code 32t + p} and {@code 32t + 16 + p}) gives {@code out[off + 32t + p]} (cosine branch)
     * and {@code out[off + 32t + 16 + p]} (sine branch), each as {@code mean + stddev * z}.
     *
     * <p>Three short passes over L1-resident data rather than one long loop: the logarithms of
     * u1 into {@code logs}, the cosines and sines of 2 pi u2 into {@code out}, then
     * {@code sqrt(-2 ln u1)} times each, scaled, in place. One loop with the log, the sine and
     * the cosine inlined has about 90 vector operations, and C2 on JDK 17 then runs out of its
     * inlining budget (the live-node cutoff) in some compilations, leaving the last operations
     * as calls that box a vector each: the kernel allocated in about a third of the JVMs
     * started here, depending on what was compiled before. Storing a float vector and loading
     * it back is exact, so the passes give the same bits as one loop would.
     */
    static void gaussians(int[] words, int tiles, float[] logs, float[] out, int off, float mean, float stddev) {
        logs(words, tiles, logs);
        sinCos(words, tiles, out, off);
        FloatVector minusTwo = FloatVector.broadcast(F, -2f);
        FloatVector sd = FloatVector.broadcast(F, stddev);
        FloatVector mu = FloatVector.broadcast(F, mean);
        for (int k = 0; k < tiles * 16; k += F.length()) {
            int at = off + (k / 16) * Philox.TILE + k % 16;
            FloatVector radius = FloatVector.fromArray(F, logs, k).mul(minusTwo).sqrt();
            radius.mul(FloatVector.fromArray(F, out, at)).fma(sd, mu).intoArray(out, at);
            radius.mul(FloatVector.fromArray(F, out, at + 16)).fma(sd, mu).intoArray(out, at + 16);
        }
    }

    /**
     * {@link #gaussians} with mean 0, each added to the element of {@code x} at the same
     * position ({@code x[xOff + j] + out[off + j]}, the bits of drawing and then adding), in
     * the last pass instead of a pass of its own. {@code x} must not be {@code out}'s array:
     * the sines and cosines are parked in {@code out} before x is read.
     */
    static void gaussiansAdded(int[] words, int tiles, float[] logs, float[] out, int off, float stddev,
                               float[] x, int xOff) {
        logs(words, tiles, logs);
        sinCos(words, tiles, out, off);
        FloatVector minusTwo = FloatVector.broadcast(F, -2f);
        FloatVector sd = FloatVector.broadcast(F, stddev);
        FloatVector zero = FloatVector.zero(F);
        int shift = xOff - off;
        for (int k = 0; k < tiles * 16; k += F.length()) {
            int at = off + (k / 16) * Philox.TILE + k % 16;
            FloatVector radius = FloatVector.fromArray(F, logs, k).mul(minusTwo).sqrt();
            FloatVector.fromArray(F, x, at + shift)
                    .add(radius.mul(FloatVector.fromArray(F, out, at)).fma(sd, zero)).intoArray(out, at);
            FloatVector.fromArray(F, x, at + shift + 16)
                    .add(radius.mul(FloatVector.fromArray(F, out, at + 16)).fma(sd, zero)).intoArray(out, at + 16);
        }
    }

    /** cos(2 pi u2) into {@code out[off + 32t + p]} and sin(2 pi u2) into {@code out[off + 32t + 16 + p]}, u2 from words 16..31 of tile t. */
    private static void sinCos(int[] words, int tiles, float[] out, int off) {
        IntVector eight = IntVector.broadcast(I, 8);
        IntVector magicBits = IntVector.broadcast(I, ROUND_MAGIC_BITS);
        IntVector one = IntVector.broadcast(I, 1);
        IntVector two = IntVector.broadcast(I, 2);
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
        for (int k = 0; k < tiles * 16; k += F.length()) {
            int tileOff = (k / 16) * Philox.TILE;
            int p = k % 16;
            // q quarter turns plus x in [-pi/4, pi/4].
            IntVector w2 = IntVector.fromArray(I, words, tileOff + 16 + p);
            FloatVector u2 = ((FloatVector) w2.lanewise(VectorOperators.LSHR, eight).convert(VectorOperators.I2F, 0))
                    .mul(ulp);
            FloatVector turns = u2.mul(four);
            FloatVector shifted = turns.add(magic);
            FloatVector x = turns.sub(shifted.sub(magic)).mul(halfPi);
            FloatVector z = x.mul(x);
            FloatVector s = sin0.fma(z, sin1);
            s = s.fma(z, sin2);
            s = s.mul(z).fma(x, x);
            FloatVector c = cos0.fma(z, cos1);
            c = c.fma(z, cos2);
            c = c.mul(z).fma(z, z.fma(minusHalf, unit));
            // By quadrant, as FloatMath.sinCosTurn: odd ones swap the two, and the sign bits of
            // cos (quadrants 1 and 2) and sin (2 and 3) flip. In bit operations, not masks and
            // blends, which JDK 17 moves between mask and vector registers.
            IntVector quadrant = shifted.reinterpretAsInts().sub(magicBits);
            IntVector swap = quadrant.lanewise(VectorOperators.LSHL, 31).lanewise(VectorOperators.ASHR, 31);
            IntVector cBits = c.reinterpretAsInts();
            IntVector sBits = s.reinterpretAsInts();
            IntVector exchange = cBits.lanewise(VectorOperators.XOR, sBits).and(swap);
            IntVector cosSign = quadrant.add(one).and(two).lanewise(VectorOperators.LSHL, 30);
            IntVector sinSign = quadrant.and(two).lanewise(VectorOperators.LSHL, 30);
            cBits.lanewise(VectorOperators.XOR, exchange).lanewise(VectorOperators.XOR, cosSign).reinterpretAsFloats()
                    .intoArray(out, off + tileOff + p);
            sBits.lanewise(VectorOperators.XOR, exchange).lanewise(VectorOperators.XOR, sinSign).reinterpretAsFloats()
                    .intoArray(out, off + tileOff + 16 + p);
        }
    }

    /**
     * {@code ln u1} of each tile's 16 pairs, from each tile's words 0..15, into
     * {@code logs[16 t + p]}: the uniforms first, then their logs in place.
     */
    private static void logs(int[] words, int tiles, float[] logs) {
        IntVector eight = IntVector.broadcast(I, 8);
        IntVector oneBits = IntVector.broadcast(I, 1);
        FloatVector ulp = FloatVector.broadcast(F, Gaussians.ULP24);
        for (int k = 0; k < tiles * 16; k += F.length()) {
            IntVector w1 = IntVector.fromArray(I, words, (k / 16) * Philox.TILE + k % 16);
            ((FloatVector) w1.lanewise(VectorOperators.LSHR, eight).add(oneBits).convert(VectorOperators.I2F, 0))
                    .mul(ulp).intoArray(logs, k);
        }
        VectorMath.logPositiveNormal(tiles * 16, logs, 0, logs, 0);
    }

    static void fillUniform(long seed, long stream, long index, float[] out, int off, int n) {
        fill(seed, stream, index, out, off, n, false, 0f, 0f, null, 0);
    }

    /** {@code out = x + stddev * z}: the noise is added as it is made, never written out whole. */
    static void addGaussianNoise(long seed, long stream, long index, float[] x, int xOff, float[] out, int outOff,
                                 int n, float stddev) {
        fill(seed, stream, index, out, outOff, n, true, 0f, stddev, x, xOff);
    }

    static void fillGaussian(long seed, long stream, long index, float[] out, int off, int n,
                             float mean, float stddev) {
        fill(seed, stream, index, out, off, n, true, mean, stddev, null, 0);
    }

    /**
     * Chunks of up to {@link #CHUNK_TILES} tiles: a chunk wholly inside the range goes straight
     * to {@code out}; one that sticks out at either end goes through scratch, and only the part
     * inside the range is copied. With {@code addTo}, every value is added to the element of
     * {@code addTo} at its position (from {@code addOff}) on its way out.
     */
    private static void fill(long seed, long stream, long index, float[] out, int off, int n,
                             boolean gaussian, float mean, float stddev, float[] addTo, int addOff) {
        if (n == 0) {
            return;
        }
        Scratch scratch = Scratch.get();
        roundKeys(seed, scratch.philoxKeys);
        long end = index + n;
        long lastTile = (end - 1) / Philox.TILE;
        for (long tile = index / Philox.TILE; tile <= lastTile; tile += CHUNK_TILES) {
            int tiles = (int) Math.min(CHUNK_TILES, lastTile - tile + 1);
            long from = tile * Philox.TILE;
            long to = from + (long) tiles * Philox.TILE;
            // In place (addTo is out's array), a chunk goes through scratch: the transform parks
            // its sines and cosines in its target before it reads what to add them to.
            boolean inside = from >= index && to <= end && addTo != out;
            float[] target = inside ? out : scratch.chunkValues;
            int targetOff = inside ? off + (int) (from - index) : 0;
            chunkWords(scratch.philoxKeys, stream, tile, tiles, scratch.chunkWords);
            if (gaussian && inside && addTo != null) {
                gaussiansAdded(scratch.chunkWords, tiles, scratch.logs, target, targetOff, stddev, addTo,
                        addOff + (int) (from - index));
            } else if (gaussian) {
                gaussians(scratch.chunkWords, tiles, scratch.logs, target, targetOff, mean, stddev);
            } else {
                uniforms(scratch.chunkWords, tiles, target, targetOff);
            }
            if (!inside) {
                long start = Math.max(from, index);
                long stop = Math.min(to, end);
                if (addTo == null) {
                    System.arraycopy(scratch.chunkValues, (int) (start - from), out, off + (int) (start - index),
                            (int) (stop - start));
                } else {
                    // The part of a chunk that a range sticking out of it keeps (up to a chunk at each end).
                    VectorKernels.addArrays((int) (stop - start), addTo, addOff + (int) (start - index),
                            scratch.chunkValues, (int) (start - from), out, off + (int) (start - index));
                }
            }
        }
    }
}
