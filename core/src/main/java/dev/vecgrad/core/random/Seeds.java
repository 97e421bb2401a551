package dev.vecgrad.core.random;

/**
 * Derives independent seeds from one user seed, one per purpose (initialization, shuffling,
 * noise, ...), so that a single model seed fixes every random thing without two purposes
 * ever sharing a stream. The mixing is SplitMix64's finalizer over the seed offset by a
 * multiple of the golden ratio: nearby seeds and nearby purposes give unrelated results.
 */
public final class Seeds {

    private Seeds() {
    }

    /** A seed for {@code purpose} (any small constant) derived from {@code seed}. */
    public static long derive(long seed, long purpose) {
        long z = seed + (purpose + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A uniformly random permutation of {@code 0 .. n-1} into {@code out}, determined by
     * {@code (seed, stream)}: Fisher-Yates driven by Philox words, with Lemire's
     * multiply-shift to map a 32-bit word onto {@code [0, i]}.
     */
    public static void permutation(long seed, long stream, int n, int[] out) {
        if (n < 0 || out.length < n) {
            throw new IllegalArgumentException("permutation of " + n + " into an array of " + out.length);
        }
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        int[] words = new int[4];
        for (int i = n - 1; i >= 1; i--) {
            if ((n - 1 - i) % 4 == 0) {
                Philox.block(seed, stream, (n - 1 - i) / 4, words, 0);
            }
            long word = words[(n - 1 - i) % 4] & 0xFFFFFFFFL;
            int j = (int) ((word * (i + 1)) >>> 32);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
    }
}
