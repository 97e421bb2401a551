package dev.vecgrad.layers.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.layers.GaussianNoise;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Monte Carlo prediction gives every sample of a pass draws of its own, the same whatever the
 * batch size. (It used to restart the noise at every batch of a pass: samples 0, 32, 64, ...
 * shared their draws.) A model of one GaussianNoise layer on zeros returns the draws
 * themselves: one pass's "mean" is x + noise = noise.
 */
class MonteCarloDrawsProperties {

    private static final int WIDTH = 8;

    private static float[] draws(int samples, long seed, int batchSize) {
        Sequential model = new Sequential(3);
        model.add(new GaussianNoise(1.0).inputShape(WIDTH));
        return model.predictMonteCarlo(Tensor.zeros(samples, WIDTH), 1, seed, batchSize).mean().data().clone();
    }

    @Property(tries = 60)
    void theDrawsDoNotDependOnTheBatchSize(@ForAll @IntRange(min = 1, max = 150) int samples,
                                           @ForAll @IntRange(min = 1, max = 70) int batchA,
                                           @ForAll @IntRange(min = 1, max = 70) int batchB, @ForAll long seed) {
        assertArrayEquals(draws(samples, seed, batchA), draws(samples, seed, batchB));
    }

    @Property(tries = 60)
    void noTwoSamplesShareTheirDraws(@ForAll @IntRange(min = 2, max = 150) int samples,
                                     @ForAll @IntRange(min = 1, max = 70) int batchSize, @ForAll long seed) {
        float[] d = draws(samples, seed, batchSize);
        // Eight independent normal draws per sample: two samples agreeing on all eight by chance is
        // not a possibility a test needs to allow for; sharing a stream position makes them equal.
        Set<String> seen = new HashSet<>();
        for (int s = 0; s < samples; s++) {
            String row = Arrays.toString(Arrays.copyOfRange(d, s * WIDTH, (s + 1) * WIDTH));
            assertFalse(!seen.add(row), "sample " + s + " repeats the draws of an earlier one: " + row);
        }
    }

    /** The data-set-level figure the repeats showed up in: the mean over 400 samples x 400 passes of x + N(0, 0.3^2) at x = 2. */
    @Example
    void aDataSetLevelMeanIsWithinItsStandardError() {
        Sequential model = new Sequential(3);
        model.add(new GaussianNoise(0.3).inputShape(1));
        Tensor x = Tensor.zeros(400, 1);
        Arrays.fill(x.data(), 2f);
        float[] mean = model.predictMonteCarlo(x, 400, 11).mean().data();
        double total = 0;
        for (float m : mean) {
            total += m;
        }
        double grandMean = total / mean.length;
        // 160,000 independent draws: standard error 0.3 / 400 = 0.00075; a correct sampler misses
        // by 5 of them once in 1.7 million runs. (With the draws shared, this mean ran 8 standard
        // errors off in one reported run; the two properties above are what catch the sharing.)
        assertEquals(2.0, grandMean, 5 * 0.3 / 400);
    }
}
