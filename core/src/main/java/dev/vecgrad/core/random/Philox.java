package dev.vecgrad.core.random;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011):
 * a counter-based generator. It maps a 128-bit counter and a 64-bit key to 128 random bits
 * with ten rounds of multiply-and-xor; there is no state to carry from one draw to the next.
 *
 * <h2>How vecgrad addresses random numbers</h2>
 * A random stream is named by {@code (seed, stream)}; its values are numbered by a
 * {@code long index >= 0}. The key is the seed; the counter holds a block number (words 0
 * and 1) and the stream (words 2 and 3).
 *
 * <p>Values come in tiles of {@value #TILE} (eight blocks). The 32 raw words of tile
 * {@code t} are numbered {@code j = 8w + b}: word {@code w} of block {@code 8t + b}. This
 * "word-major" order lets a vector unit compute eight blocks side by side and store each
 * word as one contiguous run; the scalar code follows the same order, so value {@code i}
 * is the same whatever computes it:
 * <ul>
 *   <li>uniform value {@code 32t + j} is raw word {@code j} turned into a float by
 *       {@link Gaussians#uniform};</li>
 *   <li>Gaussian values {@code 32t + p} and {@code 32t + 16 + p} ({@code p < 16}) are the
 *       cosine and sine branches of the Box-Muller pair made from raw words {@code p} and
 *       {@code 16 + p} ({@link Gaussians}).</li>
 * </ul>
 * A value therefore depends on {@code (seed, stream, index)} only: never on how a range is
 * cut into calls, on the vector width, or on the thread.
 */
public final class Philox {

    private Philox() {
    }

    /** Values per tile: eight blocks of four words. */
    public static final int TILE = 32;
    /** Blocks per tile. */
    public static final int BLOCKS_PER_TILE = 8;

    /** Round multipliers. */
    public static final long M0 = 0xD2511F53L;
    public static final long M1 = 0xCD9E8D57L;
    /** Key schedule increments (the golden ratio and sqrt(3) - 1, as 32-bit fractions). */
    public static final int W0 = 0x9E3779B9;
    public static final int W1 = 0xBB67AE85;
    public static final int ROUNDS = 10;

    /**
     * Computes one block: {@code out[outOff .. outOff+4)} = Philox4x32-10 of counter
     * {@code (ctr0, ctr1, ctr2, ctr3)} under key {@code (key0, key1)}.
     */
    public static void block(int ctr0, int ctr1, int ctr2, int ctr3, int key0, int key1,
                             int[] out, int outOff) {
        int c0 = ctr0, c1 = ctr1, c2 = ctr2, c3 = ctr3;
        int k0 = key0, k1 = key1;
        for (int round = 0; round < ROUNDS; round++) {
            long p0 = (c0 & 0xFFFFFFFFL) * M0;
            long p1 = (c2 & 0xFFFFFFFFL) * M1;
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
            k0 += W0;
            k1 += W1;
        }
        out[outOff] = c0;
        out[outOff + 1] = c1;
        out[outOff + 2] = c2;
        out[outOff + 3] = c3;
    }

    /** The block numbered {@code blockIndex} of stream {@code (seed, stream)}, in the layout above. */
    public static void block(long seed, long stream, long blockIndex, int[] out, int outOff) {
        block((int) blockIndex, (int) (blockIndex >>> 32), (int) stream, (int) (stream >>> 32),
                (int) seed, (int) (seed >>> 32), out, outOff);
    }

    /** Checks a fill request: index and count non-negative, the range inside the array and below 2^63. */
    public static void checkFill(long index, float[] out, int off, int n) {
        if (index < 0) {
            throw new IllegalArgumentException("random index must be >= 0, got " + index);
        }
        if (n < 0 || off < 0 || off > out.length - n) {
            throw new IllegalArgumentException("cannot fill " + n + " values at offset " + off
                    + " of an array of length " + out.length);
        }
        if (index > Long.MAX_VALUE - n) {
            throw new IllegalArgumentException("random index range " + index + " + " + n
                    + " overflows a long");
        }
    }
}
