package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/**
 * Additive Gaussian noise, {@code x + N(0, stddev^2)}, element-wise: what Keras's
 * {@code GaussianNoise} layer does (and vecgrad's, {@code dev.vecgrad.layers.GaussianNoise}, through this op).
 *
 * <p>Only while noise is active ({@link dev.vecgrad.autodiff.Mode#noiseActive()}): then it
 * draws fresh noise at every step from the counter-based RNG at (tape seed,
 * {@link dev.vecgrad.autodiff.Tape#noiseStream(int) stream of this noise id and step},
 * element index), so the same seed and step give the same noise. Otherwise it returns
 * {@code x} itself and records nothing.
 *
 * <p>Backward: the noise is a constant added to x, so the upstream gradient passes straight
 * through. The layer after it still feels the noise: its weight gradient is computed from
 * the noisy values it actually received (the output of this op).
 */
public final class AdditiveNoise implements Op {

    private static final AdditiveNoise OP = new AdditiveNoise();

    private AdditiveNoise() {
    }

    /**
     * @param stddev  standard deviation of the noise; finite and >= 0 (0 adds exact zeros)
     * @param noiseId which noise source this is (a layer's id); distinct ids draw independent noise
     */
    public static Node apply(Node x, float stddev, int noiseId) {
        return apply(x, stddev, x.tape().seed(), noiseId);
    }

    /** As {@link #apply(Node, float, int)}, drawing from {@code seed} instead of the tape's seed. */
    public static Node apply(Node x, float stddev, long seed, int noiseId) {
        Noise.checkStddev(stddev);
        var tape = x.tape();
        if (!tape.mode().noiseActive()) {
            return x;
        }
        Node out = tape.outputLike(OP, x, x);
        long stream = tape.noiseStream(noiseId);
        long first = Noise.firstIndex(x);
        if (tape.team().size() == 1 || x.rank() == 0) {
            addNoise(x, out, seed, stream, first, stddev, 0, x.size());
        } else {
            // Each value depends only on its index, so the samples can be split over the team.
            int perSample = x.dim(0) == 0 ? 0 : x.size() / x.dim(0);
            BatchParts.run(tape, x.dim(0), (from, to) -> addNoise(x, out, seed, stream, first, stddev, from * perSample,
                    (to - from) * perSample));
        }
        return out;
    }

    /** Elements {@code [at, at + n)}. */
    private static void addNoise(Node x, Node out, long seed, long stream, long first, float stddev, int at, int n) {
        x.tape().kernels().addGaussianNoise(seed, stream, first + at, x.data(), x.offset() + at, out.data(), at, n, stddev);
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        if (x.requiresGrad()) {
            Elementwise.passBack(out, x, 1f);
        }
    }
}
