package dev.vecgrad.layers.datasets;

/**
 * numpy's legacy {@code RandomState} (MT19937), reproduced bit for bit for what scikit-learn's
 * dataset generators draw: 32-bit outputs, 53-bit doubles, masked-rejection bounded integers,
 * the Fisher-Yates shuffle and the Marsaglia polar Gaussian with its cached second value.
 *
 * <p>numpy's stream-compatibility policy freezes {@code RandomState}, so this matches every
 * numpy since 1.17 (and 1.16 before it). The order of draws is documented in the project's
 * reference notes (make_circles ALGORITHM.md) and checked against scikit-learn's output.
 */
public final class LegacyRandomState {

    private static final int N = 624;
    private static final int M = 397;

    private final int[] key = new int[N];
    private int pos;
    private boolean hasGauss;
    private double gauss;

    /**
     * {@code np.random.RandomState(seed)}: MT19937 seeded by {@code init_genrand}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= seed <= 2^32 - 1}, as numpy
     */
    public LegacyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("random_state must be between 0 and 2**32 - 1, got " + seed);
        }
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            key[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = N;
    }

    /** The next raw 32-bit output (as an unsigned value in a long). */
    public long next32() {
        if (pos == N) {
            regenerate();
        }
        int y = key[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    private void regenerate() {
        for (int i = 0; i < N; i++) {
            int y = (key[i] & 0x80000000) | (key[(i + 1) % N] & 0x7fffffff);
            key[i] = key[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        pos = 0;
    }

    /** A double in [0, 1) on the 2^-53 grid, from two outputs (27 and 26 bits). */
    public double nextDouble() {
        long a = next32() >>> 5;
        long b = next32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** A uniform integer in [0, max] by masked rejection sampling ({@code random_interval}). */
    public long randomInterval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        mask |= mask >>> 32;
        long value;
        if (max <= 0xFFFFFFFFL) {
            do {
                value = next32() & mask;
            } while (value > max);
        } else {
            do {
                value = ((next32() << 32) | next32()) & mask;
            } while (value > max);
        }
        return value;
    }

    /** {@code RandomState.shuffle} of a 1-d array: Fisher-Yates from the last index down to 1. */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i >= 1; i--) {
            int j = (int) randomInterval(i);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /**
     * A standard normal by the Marsaglia polar method ({@code legacy_gauss}): each accepted
     * pair gives {@code f * x2} now and caches {@code f * x1} for the next call.
     */
    public double standardNormal() {
        if (hasGauss) {
            hasGauss = false;
            double t = gauss;
            gauss = 0.0;
            return t;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code normal(loc=0, scale)}: {@code 0.0 + scale * standardNormal()}, two roundings as numpy. */
    public double normal(double scale) {
        return 0.0 + scale * standardNormal();
    }
}
