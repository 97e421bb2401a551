package dev.vecgrad.layers.datasets;

/**
 * scikit-learn's {@code make_moons}: two interleaving half circles in 2-d, drawn exactly as
 * scikit-learn 1.2 draws it (see {@link MakeCircles} for what "exactly" means).
 */
public final class MakeMoons {

    private MakeMoons() {
    }

    /**
     * @param samples     number of points; the extra one of an odd count goes on the second moon
     * @param noise       standard deviation of Gaussian noise added to the coordinates, or null for none
     * @param randomState numpy seed, 0 to 2^32 - 1
     * @param shuffle     whether to shuffle the rows (sklearn's default)
     */
    public static Dataset generate(int samples, Double noise, long randomState, boolean shuffle) {
        Generators.checkCommon(samples, noise);
        LegacyRandomState random = new LegacyRandomState(randomState);
        int outer = samples / 2;
        int inner = samples - outer;
        double[] x = new double[2 * samples];
        int[] y = new int[samples];
        double[] tOut = Generators.linspace(0.0, Math.PI, outer, true);
        double[] tIn = Generators.linspace(0.0, Math.PI, inner, true);
        for (int i = 0; i < outer; i++) {
            x[2 * i] = Math.cos(tOut[i]);
            x[2 * i + 1] = Math.sin(tOut[i]);
        }
        for (int i = 0; i < inner; i++) {
            x[2 * (outer + i)] = 1 - Math.cos(tIn[i]);
            x[2 * (outer + i) + 1] = 1 - Math.sin(tIn[i]) - 0.5;
            y[outer + i] = 1;
        }
        return Generators.shuffleAndNoise(x, y, samples, noise, shuffle, random);
    }

    /** {@code make_moons(n_samples, noise=noise, random_state=randomState)}, shuffled. */
    public static Dataset generate(int samples, Double noise, long randomState) {
        return generate(samples, noise, randomState, true);
    }
}
