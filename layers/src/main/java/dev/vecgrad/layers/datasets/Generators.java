package dev.vecgrad.layers.datasets;

/** What scikit-learn's two-class generators share: numpy's linspace, the shuffle and the noise. */
final class Generators {

    private Generators() {
    }

    static void checkCommon(int samples, Double noise) {
        if (samples < 1) {
            throw new IllegalArgumentException("n_samples must be >= 1, got " + samples);
        }
        if (noise != null && !(noise >= 0 && noise < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("noise must be finite and >= 0, got " + noise);
        }
    }

    /**
     * {@code np.linspace(start, stop, num, endpoint)} as numpy 1.24 computes it: the step is
     * rounded first, then multiplied ({@code i * step + start}), and with the endpoint the
     * last value is set to {@code stop} exactly.
     */
    static double[] linspace(double start, double stop, int num, boolean endpoint) {
        double[] t = new double[num];
        int div = endpoint ? num - 1 : num;
        if (div == 0) {
            if (num == 1) {
                t[0] = start;
            }
            return t;
        }
        double step = (stop - start) / div;
        for (int i = 0; i < num; i++) {
            t[i] = ((double) i) * step + start;
        }
        if (endpoint && num > 1) {
            t[num - 1] = stop;
        }
        return t;
    }

    /**
     * {@code sklearn.utils.shuffle} (a permutation of row indices by RandomState.shuffle,
     * then a gather) followed by {@code X += normal(scale=noise, size=X.shape)}, drawn in
     * row-major order from the same generator.
     */
    static Dataset shuffleAndNoise(double[] x, int[] y, int samples, Double noise, boolean shuffle,
                                   LegacyRandomState random) {
        double[] xs = x;
        int[] ys = y;
        if (shuffle) {
            int[] order = new int[samples];
            for (int i = 0; i < samples; i++) {
                order[i] = i;
            }
            random.shuffle(order);
            xs = new double[x.length];
            ys = new int[samples];
            for (int r = 0; r < samples; r++) {
                xs[2 * r] = x[2 * order[r]];
                xs[2 * r + 1] = x[2 * order[r] + 1];
                ys[r] = y[order[r]];
            }
        }
        if (noise != null) {
            double[] drawn = new double[xs.length];
            for (int k = 0; k < drawn.length; k++) {
                drawn[k] = random.normal(noise);
            }
            for (int k = 0; k < drawn.length; k++) {
                xs[k] = xs[k] + drawn[k];
            }
        }
        return new Dataset(xs, ys, samples, 2);
    }
}
