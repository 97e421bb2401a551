package dev.vecgrad.autodiff;

import dev.vecgrad.autodiff.ops.AddBias;
import dev.vecgrad.autodiff.ops.AdditiveNoise;
import dev.vecgrad.autodiff.ops.MatMul;
import dev.vecgrad.autodiff.ops.Relu;
import dev.vecgrad.autodiff.ops.SigmoidBinaryCrossEntropy;

/**
 * The tutorial's MLP written directly on the tape: Dense(hidden, relu) on 2 inputs, then
 * Dense(1) with a sigmoid folded into the loss, and Gaussian noise at one of the tutorial's
 * three places.
 */
final class CaseStudyNet {

    enum NoiseAt { NONE, INPUT, BEFORE_RELU, AFTER_RELU }

    static final int INPUT_NOISE_ID = 0;
    static final int HIDDEN_NOISE_ID = 1;

    private CaseStudyNet() {
    }

    /** The pre-activation of the hidden layer (after noise, when the noise is placed before the ReLU). */
    static Node hiddenPreActivation(Node x, Node w1, Node b1, NoiseAt at, float stddev) {
        Node in = at == NoiseAt.INPUT ? AdditiveNoise.apply(x, stddev, INPUT_NOISE_ID) : x;
        Node z = AddBias.apply(MatMul.apply(in, w1), b1);
        return at == NoiseAt.BEFORE_RELU ? AdditiveNoise.apply(z, stddev, HIDDEN_NOISE_ID) : z;
    }

    /** The logits of the output unit. */
    static Node logits(Node x, Node w1, Node b1, Node w2, Node b2, NoiseAt at, float stddev) {
        Node h = Relu.apply(hiddenPreActivation(x, w1, b1, at, stddev));
        if (at == NoiseAt.AFTER_RELU) {
            h = AdditiveNoise.apply(h, stddev, HIDDEN_NOISE_ID);
        }
        return AddBias.apply(MatMul.apply(h, w2), b2);
    }

    static Node loss(Node x, Node y, Node w1, Node b1, Node w2, Node b2, NoiseAt at, float stddev) {
        return SigmoidBinaryCrossEntropy.apply(logits(x, w1, b1, w2, b2, at, stddev), y);
    }
}
