package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/**
 * Multiplicative Gaussian noise, {@code x * N(1, rate / (1 - rate))}, element-wise: Keras's
 * {@code GaussianDropout(rate)}, whose noise has the variance of inverted dropout at the
 * same rate. Active only while noise is (see {@link AdditiveNoise}); the draw is saved, and
 * backward multiplies the upstream gradient by it.
 */
public final class MultiplicativeNoise implements Op {

    private static final MultiplicativeNoise OP = new MultiplicativeNoise();

    private MultiplicativeNoise() {
    }

    /** @param rate in [0, 1): the noise's standard deviation is {@code sqrt(rate / (1 - rate))} */
    public static Node apply(Node x, float rate, int noiseId) {
        return apply(x, rate, x.tape().seed(), noiseId);
    }

    /** As {@link #apply(Node, float, int)}, drawing from {@code seed} instead of the tape's seed. */
    public static Node apply(Node x, float rate, long seed, int noiseId) {
        Noise.checkRate("gaussianDropout", rate);
        var tape = x.tape();
        if (!tape.mode().noiseActive()) {
            return x;
        }
        Node out = tape.outputLike(OP, x, x);
        float[] draw = out.saveBuffer();
        float stddev = (float) Math.sqrt(rate / (1.0 - rate));
        tape.kernels().fillGaussian(seed, tape.noiseStream(noiseId), Noise.firstIndex(x), draw, 0, x.size(), 1f, stddev);
        tape.kernels().mul(x.size(), x.data(), x.offset(), draw, 0, out.data(), 0);
        return out;
    }

    @Override
    public void backward(Node out) {
        Node x = out.input(0);
        if (x.requiresGrad()) {
            Elementwise.addProduct(x, out.gradData(), out.saved(), 0);
        }
    }
}
