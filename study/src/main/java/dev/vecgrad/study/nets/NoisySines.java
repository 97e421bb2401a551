package dev.vecgrad.study.nets;

import dev.vecgrad.core.Tensor;
import java.util.SplittableRandom;

/**
 * A small sequence task for the LSTM study, generated in-process: from {@code steps} noisy
 * samples of a sine wave (random frequency and phase), forecast the wave's next, clean value.
 * Inputs {@code (n, steps, 1)}, targets {@code (n, 1)}.
 *
 * <p>Deterministic in the seed, on any JDK (see {@link NoisyShapes}).
 */
public final class NoisySines {

    private NoisySines() {
    }

    /**
     * @param steps       sequence length, at least 2
     * @param sampleNoise standard deviation of the noise on each input sample (>= 0)
     */
    public static SequenceSet generate(int count, int steps, double sampleNoise, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("steps must be >= 2, got " + steps);
        }
        if (!(sampleNoise >= 0) || Double.isInfinite(sampleNoise)) {
            throw new IllegalArgumentException("sample noise must be finite and >= 0, got " + sampleNoise);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Tensor x = Tensor.zeros(count, steps, 1);
        Tensor y = Tensor.zeros(count, 1);
        for (int n = 0; n < count; n++) {
            double frequency = 0.3 + 0.6 * random.nextDouble();   // radians per step
            double phase = 2 * Math.PI * random.nextDouble();
            for (int t = 0; t < steps; t++) {
                x.data()[n * steps + t] = (float) (Math.sin(frequency * t + phase)
                        + sampleNoise * NoisyShapes.gaussian(random));
            }
            y.data()[n] = (float) Math.sin(frequency * steps + phase);
        }
        return new SequenceSet(x, y);
    }

    /** Sequences {@code (n, steps, 1)} and next values {@code (n, 1)}. */
    public record SequenceSet(Tensor sequences, Tensor targets) {
    }
}
