package dev.vecgrad.layers.datasets;

/**
 * scikit-learn's {@code make_circles}: a large circle containing a smaller one, in 2-d,
 * drawn exactly as scikit-learn 1.2 draws it (labels and row order identical; coordinates
 * equal to the last bits where the JVM's cos and sin agree with the C library's, within
 * 1e-15 everywhere).
 */
public final class MakeCircles {

    private MakeCircles() {
    }

    /** {@code make_circles(n_samples, noise=noise, random_state=randomState)} with factor 0.8, shuffled. */
    public static Dataset generate(int samples, Double noise, long randomState) {
        return generate(samples, noise, randomState, 0.8, true);
    }

    /**
     * @param samples     number of points; the extra one of an odd count goes on the inner circle
     * @param noise       standard deviation of Gaussian noise added to the coordinates, or null for none
     * @param randomState numpy seed, 0 to 2^32 - 1
     * @param factor      inner circle's radius relative to the outer one, in [0, 1)
     * @param shuffle     whether to shuffle the rows (sklearn's default)
     */
    public static Dataset generate(int samples, Double noise, long randomState, double factor, boolean shuffle) {
        if (!(factor >= 0 && factor < 1)) {
            throw new IllegalArgumentException("'factor' has to be between 0 and 1, got " + factor);
        }
        Generators.checkCommon(samples, noise);
        LegacyRandomState random = new LegacyRandomState(randomState);
        int outer = samples / 2;
        int inner = samples - outer;
        double[] x = new double[2 * samples];
        int[] y = new int[samples];
        double[] tOut = Generators.linspace(0.0, 2.0 * Math.PI, outer, false);
        double[] tIn = Generators.linspace(0.0, 2.0 * Math.PI, inner, false);
        for (int i = 0; i < outer; i++) {
            x[2 * i] = Math.cos(tOut[i]);
            x[2 * i + 1] = Math.sin(tOut[i]);
        }
        for (int i = 0; i < inner; i++) {
            x[2 * (outer + i)] = Math.cos(tIn[i]) * factor;
            x[2 * (outer + i) + 1] = Math.sin(tIn[i]) * factor;
            y[outer + i] = 1;
        }
        return Generators.shuffleAndNoise(x, y, samples, noise, shuffle, random);
    }
}
