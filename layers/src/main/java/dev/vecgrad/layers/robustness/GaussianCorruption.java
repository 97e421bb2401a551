package dev.vecgrad.layers.robustness;

import dev.vecgrad.core.Tensor;
import dev.vecgrad.core.kernels.Kernels;
import java.util.Objects;

/**
 * Test-time corruption by additive Gaussian noise: {@code x + sigma * z}, clipped to the
 * value range, with z standard normal from the counter-based stream {@code (seed, draw)},
 * value i of x taking value i of the stream. The same seed and draw give the same z at every
 * sigma, so a curve over sigma compares like with like (common random numbers).
 */
public final class GaussianCorruption {

    private final float sigma;
    private final ValueRange range;
    private final long seed;

    public GaussianCorruption(double sigma, ValueRange range, long seed) {
        this.sigma = Attacks.checkStrength("corruption sigma", sigma);
        this.range = Objects.requireNonNull(range, "range");
        this.seed = seed;
    }

    /** The corrupted copy of {@code x} for draw number {@code draw}; x itself is left as it is. */
    public Tensor perturb(Kernels kernels, Tensor x, int draw) {
        if (draw < 0) {
            throw new IllegalArgumentException("draw must be >= 0, got " + draw);
        }
        range.requireInside("corruption", x);
        Tensor out = Tensor.zeros(x.shape());
        kernels.addGaussianNoise(seed, draw, 0, x.data(), x.offset(), out.data(), 0, x.size(), sigma);
        float[] d = out.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = range.clip(d[i]);
        }
        return out;
    }
}
