package dev.vecgrad.autodiff.ops;

import dev.vecgrad.autodiff.Node;
import dev.vecgrad.autodiff.Op;

/**
 * Inverted dropout, as Keras's {@code Dropout(rate)}: each element is kept when a uniform
 * draw is {@code >= rate} and then scaled by {@code 1 / (1 - rate)}, so the expected value
 * is unchanged; otherwise it is zeroed. Active only while noise is (see
 * {@link AdditiveNoise}); the mask is saved, and backward multiplies by it.
 */
public final class InvertedDropout implements Op {

    private static final InvertedDropout OP = new InvertedDropout();

    private InvertedDropout() {
    }

    /** @param rate the fraction of elements dropped, in [0, 1) */
    public static Node apply(Node x, float rate, int noiseId) {
        return apply(x, rate, x.tape().seed(), noiseId);
    }

    /** As {@link #apply(Node, float, int)}, drawing from {@code seed} instead of the tape's seed. */
    public static Node apply(Node x, float rate, long seed, int noiseId) {
        Noise.checkRate("dropout", rate);
        var tape = x.tape();
        if (!tape.mode().noiseActive()) {
            return x;
        }
        Node out = tape.outputLike(OP, x, x);
        float[] mask = out.saveBuffer();
        tape.kernels().fillUniform(seed, tape.noiseStream(noiseId), Noise.firstIndex(x), mask, 0, x.size());
        tape.kernels().threshold(x.size(), mask, 0, rate, 0f, (float) (1.0 / (1.0 - rate)), mask, 0);
        tape.kernels().mul(x.size(), x.data(), x.offset(), mask, 0, out.data(), 0);
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
